import { createHash } from 'node:crypto';
import type { VendorMessage } from '../channel.js';
import { vivoOverrides } from './overrides.js';

/** pushToList takes 2..1000 regIds. */
export const VIVO_MAX_TOKENS = 1000;
/** clientCustomMap (the app's data): at most 10 pairs, 1024 chars in total. */
export const VIVO_CUSTOM_MAP_LIMIT = 1024;
const CUSTOM_MAP_MAX_PAIRS = 10;
/** title ≤ 40 and content ≤ 100 "English characters", a CJK character counting two, an emoji one. */
const TITLE_MAX_WIDTH = 40;
const CONTENT_MAX_WIDTH = 100;
/** timeToLive: seconds, at least 60, at most 7 days. */
const MIN_TTL_S = 60;
const MAX_TTL_S = 7 * 86_400;

/** The notification body fields shared by /message/send and /message/saveListPayload. */
export type VivoNotification = Readonly<Record<string, string | number | Readonly<Record<string, string>>>>;

/**
 * Maps a Herald notification to vivo's message fields, without target and requestId. Pure. vivo's server
 * API carries notification messages only, so callers refuse other kinds first ({@link vivoFault}).
 */
export function vivoNotification(message: VendorMessage, appId: string, now: number): VivoNotification {
  const c = message.content;
  const over = vivoOverrides(message);
  const n: Record<string, string | number | Record<string, string>> = {
    appId,
    // notifyType: 4 ring and vibrate for high priority, 2 ring otherwise.
    notifyType: message.priority === 'high' ? 4 : 2,
    title: c.title ?? c.body ?? '',
    content: c.body ?? c.title ?? '',
    networkType: -1,
    classification: over.classification ?? 0,
    clientCustomMap: customMap(message),
    ...skip(message, over.clickAction, over.intent),
  };
  if (over.pushMode !== undefined) n.pushMode = over.pushMode;
  if (over.category) n.category = over.category;
  if (message.expiresAt !== null) {
    n.timeToLive = Math.min(MAX_TTL_S, Math.max(MIN_TTL_S, Math.ceil((message.expiresAt - now) / 1000)));
  }
  return n;
}

/** Why vivo would refuse this message before any request; null when it is fine. */
export function vivoFault(
  message: VendorMessage,
  n: VivoNotification,
): { code: string; reason: string } | null {
  if (message.content.kind !== 'notification') {
    return {
      code: 'unsupported_kind',
      reason: 'vivo Push carries notification messages only (no pass-through)',
    };
  }
  const title = String(n.title);
  const content = String(n.content);
  if (title.trim() === '' || content.trim() === '')
    return { code: 'missing_text', reason: 'vivo needs a title and content' };
  if (width(title) > TITLE_MAX_WIDTH)
    return { code: 'title_too_long', reason: `vivo title wider than ${TITLE_MAX_WIDTH}` };
  if (width(content) > CONTENT_MAX_WIDTH) {
    return { code: 'content_too_long', reason: `vivo content wider than ${CONTENT_MAX_WIDTH}` };
  }
  const map = n.clientCustomMap as Readonly<Record<string, string>>;
  const pairs = Object.entries(map);
  const total = pairs.reduce((sum, [k, v]) => sum + k.length + v.length, 0);
  if (pairs.length > CUSTOM_MAP_MAX_PAIRS || total > VIVO_CUSTOM_MAP_LIMIT) {
    return {
      code: 'payload_too_large',
      reason: `vivo clientCustomMap: ${pairs.length} pairs, ${total} chars (≤ 10, ≤ 1024)`,
    };
  }
  return null;
}

/** A requestId (≤ 64 chars) stable per message and device: vivo drops a repeated one, so a resend is not shown twice. */
export function vivoRequestId(messageId: string, regId: string): string {
  return createHash('sha256').update(`${messageId}\n${regId}`).digest('hex').slice(0, 64);
}

/** skipType: 1 open the app, 2 a URL (≤ 1000 chars), 4 an in-app page by intent URI (≤ 1024). */
function skip(
  message: VendorMessage,
  clickAction?: string,
  intent?: string,
): Record<string, string | number> {
  if (clickAction === 'intent' && intent) return { skipType: 4, skipContent: intent };
  if (clickAction === 'open_app') return { skipType: 1 };
  const action = message.content.action;
  if (action?.type === 'intent') return { skipType: 4, skipContent: action.value };
  if (action?.type === 'url') return { skipType: 2, skipContent: action.value };
  return { skipType: 1 };
}

/** clientCustomMap is string → string: Herald's id and kind, then the app's data, non-strings as JSON. */
function customMap(message: VendorMessage): Record<string, string> {
  const c = message.content;
  const out: Record<string, string> = { herald_id: message.id, herald_kind: c.kind };
  if (c.action)
    Object.assign(out, { herald_action_type: c.action.type, herald_action_value: c.action.value });
  for (const [key, value] of Object.entries(c.data ?? {})) {
    if (value !== undefined) out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** vivo's width: CJK and other non-Latin characters count two, ASCII and emoji one. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w += cp > 0x7f && cp < 0x1f000 ? 2 : 1;
  }
  return w;
}
