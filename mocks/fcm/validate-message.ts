import { fcmErrorDetail, googleError, invalidField } from './google-error.js';
import type { MockReply } from './http-util.js';

/** FCM's data limit for token messages ("keys and values", ErrorCode INVALID_ARGUMENT). */
export const MOCK_FCM_LIMIT_BYTES = 4096;
const MAX_TTL_S = 2_419_200;
const TTL_RE = /^\d+(\.\d{1,9})?s$/;

/**
 * Checks a messages:send body the way FCM documents it and returns the error reply, or null when the
 * message is acceptable. Returns the token too, since the caller records it.
 */
export function validateSendBody(body: unknown): { token: string | null; error: MockReply | null } {
  const message = isObject(body) ? body.message : undefined;
  if (!isObject(message)) return { token: null, error: invalidField('message', 'Missing message') };
  const targets = ['token', 'topic', 'condition'].filter((k) => message[k] !== undefined);
  const token = typeof message.token === 'string' ? message.token : null;
  if (targets.length !== 1) {
    return { token, error: invalidField('message', 'Exactly one of token, topic or condition is required') };
  }
  if (targets[0] === 'token' && (token === null || token === '')) {
    return { token, error: badToken() };
  }
  return { token, error: checkData(message.data) ?? checkAndroid(message.android) ?? checkSize(message) };
}

function checkData(data: unknown): MockReply | null {
  if (data === undefined) return null;
  if (!isObject(data)) return invalidField('message.data', 'data must be a map');
  let i = 0;
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') {
      // FCM error-codes page, example 1.
      const text = `Invalid value at 'message.data[${i}].value' (TYPE_STRING), ${JSON.stringify(value)}`;
      return invalidField(`message.data[${i}].value`, text);
    }
    if (key === 'from' || key === 'gcm' || key.startsWith('gcm.') || key.startsWith('google')) {
      return googleError(400, 'INVALID_ARGUMENT', `Invalid data payload key: ${key}`, [
        fcmErrorDetail('INVALID_ARGUMENT'),
      ]);
    }
    i++;
  }
  return null;
}

function checkAndroid(android: unknown): MockReply | null {
  if (android === undefined) return null;
  if (!isObject(android)) return invalidField('message.android', 'android must be an object');
  const { ttl, priority } = android;
  if (
    ttl !== undefined &&
    (typeof ttl !== 'string' || !TTL_RE.test(ttl) || Number.parseFloat(ttl) > MAX_TTL_S)
  ) {
    return invalidField(
      'message.android.ttl',
      `Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration), ${String(ttl)}`,
    );
  }
  if (
    priority !== undefined &&
    (typeof priority !== 'string' || !['NORMAL', 'HIGH'].includes(priority.toUpperCase()))
  ) {
    return invalidField(
      'message.android.priority',
      `Invalid value at 'message.android.priority', ${String(priority)}`,
    );
  }
  return null;
}

function checkSize(message: Record<string, unknown>): MockReply | null {
  let bytes = 0;
  for (const [k, v] of Object.entries(isObject(message.data) ? message.data : {})) {
    bytes += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  const n = isObject(message.notification) ? message.notification : {};
  for (const v of [n.title, n.body]) if (typeof v === 'string') bytes += Buffer.byteLength(v);
  if (bytes <= MOCK_FCM_LIMIT_BYTES) return null;
  return googleError(400, 'INVALID_ARGUMENT', `Message is too big: ${bytes} bytes`, [
    fcmErrorDetail('INVALID_ARGUMENT'),
  ]);
}

function badToken(): MockReply {
  return googleError(
    400,
    'INVALID_ARGUMENT',
    'The registration token is not a valid FCM registration token',
    [fcmErrorDetail('INVALID_ARGUMENT')],
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
