import { createHash } from 'node:crypto';
import type { VendorMessage } from '../channel.js';
import { meizuOverrides } from './overrides.js';

/** pushByPushId takes at most 1000 comma-separated pushIds. */
export const MEIZU_MAX_TOKENS = 1000;
/** Notification: title 1..32 chars, content 1..100. Pass-through: content up to 2000 chars. */
const TITLE_MAX = 32;
const CONTENT_MAX = 100;
export const MEIZU_THROUGH_CONTENT_MAX = 2000;
/** pushTimeInfo.validTime: hours, 1..72 (default 24). */
const MAX_VALID_HOURS = 72;

/** The endpoint and `messageJson` for one message. */
export interface MeizuPayload {
  /** `varnished` (notification) or `unvarnished` (pass-through). */
  readonly kind: 'varnished' | 'unvarnished';
  readonly messageJson: string;
}

/**
 * Maps a Herald message to Flyme's `messageJson`. Pure. Kind `notification` is a notice-bar message;
 * `message` and `config` are pass-through ("unvarnished"), which Flyme restricts (110053 beyond the
 * app's allowance), with Herald's data as the JSON content.
 */
export function meizuPayload(message: VendorMessage, now: number): MeizuPayload {
  const c = message.content;
  const pushTimeInfo = { offLine: 1, validTime: validHours(message.expiresAt, now) };
  const data = appData(message);
  if (c.kind !== 'notification') {
    const through = {
      title: c.title ?? '',
      content: JSON.stringify({ ...data, herald_body: c.body }),
      pushTimeInfo,
    };
    return { kind: 'unvarnished', messageJson: JSON.stringify(through) };
  }
  const over = meizuOverrides(message);
  const noticeBarInfo: Record<string, unknown> = {
    noticeBarType: 0,
    title: c.title ?? c.body ?? '',
    content: c.body ?? c.title ?? '',
  };
  if (over.noticeMsgType !== undefined) noticeBarInfo.noticeMsgType = over.noticeMsgType;
  const action = message.content.action;
  // clickType 0 opens the app (the app reads herald_action_* from parameters), 2 opens a URI.
  const clickTypeInfo =
    over.clickAction !== 'open_app' && action?.type === 'url'
      ? { clickType: 2, url: action.value, parameters: data }
      : { clickType: 0, parameters: data };
  const advanceInfo: Record<string, unknown> = {};
  if (message.collapseId !== null) advanceInfo.notifyKey = notifyKey(message.collapseId);
  return {
    kind: 'varnished',
    messageJson: JSON.stringify({ noticeBarInfo, clickTypeInfo, pushTimeInfo, advanceInfo }),
  };
}

/** Why Flyme would refuse `payload` before any request; null when it is fine. */
export function meizuPayloadFault(payload: MeizuPayload): { code: string; reason: string } | null {
  const m = JSON.parse(payload.messageJson) as Record<string, Record<string, unknown>>;
  if (payload.kind === 'unvarnished') {
    const content = String(m.content ?? '');
    return [...content].length > MEIZU_THROUGH_CONTENT_MAX
      ? {
          code: 'payload_too_large',
          reason: `Meizu pass-through content > ${MEIZU_THROUGH_CONTENT_MAX} chars`,
        }
      : null;
  }
  const title = String(m.noticeBarInfo?.title ?? '');
  const content = String(m.noticeBarInfo?.content ?? '');
  if (title === '' || content === '')
    return { code: 'missing_text', reason: 'Meizu notifications need a title and content' };
  if ([...title].length > TITLE_MAX)
    return { code: 'title_too_long', reason: `Meizu title > ${TITLE_MAX} chars (1005)` };
  if ([...content].length > CONTENT_MAX)
    return { code: 'content_too_long', reason: `Meizu content > ${CONTENT_MAX} chars (1005)` };
  return null;
}

function appData(message: VendorMessage): Record<string, unknown> {
  const c = message.content;
  const out: Record<string, unknown> = { ...c.data, herald_id: message.id, herald_kind: c.kind };
  if (c.action)
    Object.assign(out, { herald_action_type: c.action.type, herald_action_value: c.action.value });
  if (c.kind !== 'notification' && c.title !== undefined) out.herald_title = c.title;
  return out;
}

function validHours(expiresAt: number | null, now: number): number {
  if (expiresAt === null) return 24;
  return Math.min(MAX_VALID_HOURS, Math.max(1, Math.ceil((expiresAt - now) / 3_600_000)));
}

/** advanceInfo.notifyKey collapses notifications: ≤ 8 chars of [0-9a-zA-Z_-], so a hash of the collapse id. */
function notifyKey(collapseId: string): string {
  return createHash('sha256').update(collapseId).digest('base64url').slice(0, 8);
}
