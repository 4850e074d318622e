import { asObject, type MockReply } from '../lib/http-mock.js';
import { hmsError } from './replies.js';

/** Push Kit's 4096-byte limit on the message body, token list excluded (80300008). */
export const MOCK_HMS_BODY_LIMIT = 4096;
const TTL = /^\d+(\.\d{1,9})?[sS]?$/;
const MAX_TTL_S = 1_296_000;

/** A send body that passed the checks: the message and its tokens. */
export interface ValidSend {
  readonly tokens: readonly string[];
  readonly validateOnly: boolean;
}

/**
 * The checks Push Kit makes on a messages:send body, each with its documented result code
 * (vendor-channels.md §3 "What a faithful Huawei mock must check"). Returns the error reply or the
 * parsed send.
 */
export function validateHmsSend(body: unknown): MockReply | ValidSend {
  const root = asObject(body);
  const message = asObject(root?.message);
  if (!root || !message) return hmsError(400, '80100003', 'Illegal payload, message structure error');
  const targets = ['token', 'topic', 'condition'].filter((k) => message[k] !== undefined);
  if (targets.length !== 1) return hmsError(400, '80100001', 'exactly one of token, topic, condition');
  const tokens = message.token;
  if (!Array.isArray(tokens) || tokens.length === 0 || tokens.length > 1000) {
    return hmsError(400, '80300010', 'The number of tokens in the message body exceeds the default value');
  }
  if (!tokens.every((t) => typeof t === 'string' && t !== '')) {
    return hmsError(400, '80100001', 'message.token must hold non-empty strings');
  }
  const { token: _omit, ...rest } = message;
  if (Buffer.byteLength(JSON.stringify({ ...root, message: rest })) > MOCK_HMS_BODY_LIMIT) {
    return hmsError(400, '80300008', 'The message body size exceeds the default value');
  }
  if (message.data !== undefined && typeof message.data !== 'string') {
    return hmsError(400, '80100001', 'message.data must be a string');
  }
  const android = asObject(message.android);
  const fault = android ? androidFault(android) : null;
  if (fault) return fault;
  return { tokens: tokens as string[], validateOnly: root.validate_only === true };
}

function androidFault(android: Record<string, unknown>): MockReply | null {
  const ttl = android.ttl;
  if (
    ttl !== undefined &&
    (typeof ttl !== 'string' || !TTL.test(ttl) || Number.parseFloat(ttl) > MAX_TTL_S)
  ) {
    return hmsError(400, '80100001', 'android.ttl is invalid');
  }
  const collapse = android.collapse_key;
  if (
    collapse !== undefined &&
    (!Number.isInteger(collapse) || (collapse as number) < -1 || (collapse as number) > 100)
  ) {
    return hmsError(400, '80100013', 'Incorrect collapse_key');
  }
  if (android.urgency !== undefined && android.urgency !== 'HIGH' && android.urgency !== 'NORMAL') {
    return hmsError(400, '80100001', 'android.urgency must be HIGH or NORMAL');
  }
  const notification = asObject(android.notification);
  if (!notification) return null;
  // Push Kit requires click_action on notification messages.
  const click = asObject(notification.click_action);
  const type = click?.type;
  if (!click || (type !== 1 && type !== 2 && type !== 3)) {
    return hmsError(400, '80100001', 'android.notification.click_action.type must be 1, 2 or 3');
  }
  if (type === 1 && typeof click.intent !== 'string' && typeof click.action !== 'string') {
    return hmsError(400, '80100001', 'click_action type 1 needs intent or action');
  }
  if (type === 2 && (typeof click.url !== 'string' || !click.url.startsWith('https://'))) {
    return hmsError(400, '80100001', 'click_action type 2 needs an https url');
  }
  return null;
}
