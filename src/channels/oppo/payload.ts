import type { VendorMessage } from '../channel.js';
import { oppoOverrides } from './overrides.js';

/** broadcast takes at most 1000 registration ids in `target_value`. */
export const OPPO_MAX_TOKENS = 1000;
/** action_parameters (the app's data on click) is a JSON string of at most 4000 chars. */
export const OPPO_PARAMETERS_LIMIT = 4000;
/** Notification fields: title ≤ 50 chars; content ≤ 50 in the standard style, ≤ 128 in long-text style. */
const TITLE_MAX = 50;
const STANDARD_CONTENT_MAX = 50;
const LONG_CONTENT_MAX = 128;
/** off_line_ttl: seconds, at most 10 days. */
const MAX_TTL_S = 864_000;

/** The Notification fields Herald sets, as OPPO names them (values are strings or numbers). */
export type OppoNotification = Readonly<Record<string, string | number | boolean>>;

/**
 * Maps a Herald notification to OPPO's Notification fields. Pure. OPPO Push carries notification-bar
 * messages only, so callers refuse other kinds first ({@link oppoNotificationFault}).
 */
export function oppoNotification(message: VendorMessage, now: number): OppoNotification {
  const c = message.content;
  const over = oppoOverrides(message);
  const content = c.body ?? c.title ?? '';
  const n: Record<string, string | number | boolean> = {
    title: c.title ?? c.body ?? '',
    content,
    // Long-text style lifts content from 50 to 128 chars.
    style: chars(content) > STANDARD_CONTENT_MAX ? 2 : 1,
    // OPPO drops a repeated app_message_id for the same device: a resent message is not shown twice.
    app_message_id: message.id.slice(0, 64),
    action_parameters: JSON.stringify(appData(message)),
    ...clickAction(message, over.clickAction, over.intent),
  };
  if (over.channelId) n.channel_id = over.channelId;
  if (message.expiresAt !== null) {
    n.off_line = true;
    n.off_line_ttl = Math.min(MAX_TTL_S, Math.max(1, Math.ceil((message.expiresAt - now) / 1000)));
  }
  return n;
}

/** Why OPPO would refuse this message before any request; null when it is fine. */
export function oppoNotificationFault(
  message: VendorMessage,
  n: OppoNotification,
): { code: string; reason: string } | null {
  if (message.content.kind !== 'notification') {
    return {
      code: 'unsupported_kind',
      reason: 'OPPO Push carries notification-bar messages only (no pass-through)',
    };
  }
  const title = String(n.title);
  const content = String(n.content);
  if (title.trim() === '' || content.trim() === '')
    return { code: 'missing_text', reason: 'OPPO needs a title and content' };
  if (chars(title) > TITLE_MAX)
    return { code: 'title_too_long', reason: `OPPO title > ${TITLE_MAX} chars (41)` };
  if (chars(content) > LONG_CONTENT_MAX)
    return { code: 'content_too_long', reason: `OPPO content > ${LONG_CONTENT_MAX} chars (41)` };
  if (String(n.action_parameters).length > OPPO_PARAMETERS_LIMIT) {
    return { code: 'payload_too_large', reason: `OPPO action_parameters > ${OPPO_PARAMETERS_LIMIT} chars` };
  }
  return null;
}

/** click_action_type: 0 open the app, 2 a URL, 5 an intent scheme URL (both in click_action_url). */
function clickAction(
  message: VendorMessage,
  clickAction?: string,
  intent?: string,
): Record<string, string | number> {
  if (clickAction === 'intent' && intent) return { click_action_type: 5, click_action_url: intent };
  if (clickAction === 'open_app') return { click_action_type: 0 };
  const action = message.content.action;
  if (action?.type === 'intent') return { click_action_type: 5, click_action_url: action.value };
  if (action?.type === 'url') return { click_action_type: 2, click_action_url: action.value };
  return { click_action_type: 0 };
}

function appData(message: VendorMessage): Record<string, unknown> {
  const c = message.content;
  const out: Record<string, unknown> = { ...c.data, herald_id: message.id, herald_kind: c.kind };
  if (c.action)
    Object.assign(out, { herald_action_type: c.action.type, herald_action_value: c.action.value });
  return out;
}

/** OPPO counts characters, CJK as one: count code points, not UTF-16 units. */
function chars(s: string): number {
  return [...s].length;
}
