import { asObject, type MockReply } from '../lib/http-mock.js';
import { jpushError } from './replies.js';

const PLATFORMS = new Set(['android', 'ios', 'winphone', 'quickapp', 'hmos']);
/** Audience keys and their per-push limits (Push API v3 "audience"). */
const AUDIENCE_LIMITS: Readonly<Record<string, number>> = {
  tag: 20,
  tag_and: 20,
  tag_not: 20,
  alias: 1000,
  registration_id: 1000,
  segment: 1,
  abtest: 1,
};

/**
 * The checks Push API v3 makes (vendor-channels.md §8 "What a faithful JPush mock must check"),
 * each with its return code. Returns the error or the registration ids addressed.
 */
export function validateJpushPush(body: unknown): MockReply | { readonly regids: readonly string[] } {
  const push = asObject(body);
  if (!push) return jpushError(400, 1003, 'Request body must be a JSON object');
  if (push.platform === undefined || push.audience === undefined)
    return jpushError(400, 1002, 'Missing platform or audience');
  const platformOk =
    push.platform === 'all' ||
    (Array.isArray(push.platform) &&
      push.platform.length > 0 &&
      push.platform.every((p) => PLATFORMS.has(p as string)));
  if (!platformOk) return jpushError(400, 1003, 'Invalid platform');
  const audience = asObject(push.audience);
  if (push.audience !== 'all' && !audience) return jpushError(400, 1003, 'Invalid audience');
  for (const [key, value] of Object.entries(audience ?? {})) {
    const limit = AUDIENCE_LIMITS[key];
    if (limit === undefined || !Array.isArray(value))
      return jpushError(400, 1003, `Invalid audience key ${key}`);
    if (value.some((v) => typeof v !== 'string' || v === '')) {
      return jpushError(400, 1003, 'Empty tag/alias/registration_id is not allowed!');
    }
    if (value.length > limit) return jpushError(400, 1003, `Too many ${key} values (max ${limit})`);
  }
  const notification = asObject(push.notification);
  const message = asObject(push.message);
  if (!notification && !message) return jpushError(400, 1002, 'Either notification or message is required');
  const android = asObject(notification?.android);
  if (android && typeof notification?.alert !== 'string' && typeof android.alert !== 'string') {
    return jpushError(400, 1003, 'android.alert is required');
  }
  if (message && typeof message.msg_content !== 'string')
    return jpushError(400, 1002, 'message.msg_content is required');
  if (Buffer.byteLength(JSON.stringify([android ?? {}, message ?? {}])) > 4000) {
    return jpushError(400, 1005, 'Message is too long');
  }
  const ttl = asObject(push.options)?.time_to_live;
  if (ttl !== undefined && !(Number.isInteger(ttl) && (ttl as number) >= 0 && (ttl as number) <= 864_000)) {
    return jpushError(400, 1003, 'Invalid time_to_live');
  }
  const regids = audience?.registration_id;
  return { regids: Array.isArray(regids) ? (regids as string[]) : [] };
}
