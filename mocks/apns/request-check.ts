import type { IncomingHttpHeaders } from 'node:http2';
import type { Refusal } from './provider-auth.js';

// Apple, "Sending notification requests to APNs": apns-push-type values.
const PUSH_TYPES = new Set([
  'alert',
  'background',
  'location',
  'voip',
  'complication',
  'fileprovider',
  'mdm',
  'liveactivity',
  'pushtotalk',
  'controls',
  'widgets',
]);
// Topic suffixes Apple requires for some push types (same page); the bare bundle id serves the rest.
const TOPIC_SUFFIXES = [
  '.voip',
  '.complication',
  '.pushkit.fileprovider',
  '.push-type.liveactivity',
  '.voip-ptt',
  '.location-query',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Tokens are hex; Apple warns the length may change, so accept 32..100 bytes rather than exactly 32.
const TOKEN = /^(?:[0-9a-fA-F]{2}){32,100}$/;
const CHECKED_HEADERS = new Set([
  'authorization',
  'apns-topic',
  'apns-push-type',
  'apns-priority',
  'apns-expiration',
  'apns-collapse-id',
  'apns-id',
]);

/** `:method` and `:path`: 405 MethodNotAllowed, 404 BadPath, 400 MissingDeviceToken / BadDeviceToken. */
export function checkTarget(headers: IncomingHttpHeaders): { readonly token: string } | Refusal {
  if (headers[':method'] !== 'POST') return { status: 405, reason: 'MethodNotAllowed' };
  const m = /^\/3\/device\/([^/?#]*)$/.exec(headers[':path'] ?? '');
  if (!m) return { status: 404, reason: 'BadPath' };
  const token = m[1]!;
  if (token === '') return { status: 400, reason: 'MissingDeviceToken' };
  if (!TOKEN.test(token)) return { status: 400, reason: 'BadDeviceToken' };
  return { token };
}

/**
 * The apns-* headers, checked after authentication: duplicates, topic (present and one the key may
 * use), push type, priority (background pushes must use 5), expiration, apns-id and collapse id.
 */
export function checkHeaders(
  headers: IncomingHttpHeaders,
  rawHeaders: readonly string[],
  keyTopic: string,
): Refusal | null {
  const seen = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (!CHECKED_HEADERS.has(name)) continue;
    if (seen.has(name)) return { status: 400, reason: 'DuplicateHeaders' };
    seen.add(name);
  }
  const topic = one(headers['apns-topic']);
  if (!topic) return { status: 400, reason: 'MissingTopic' };
  if (topic !== keyTopic && !TOPIC_SUFFIXES.some((s) => topic === keyTopic + s)) {
    return { status: 400, reason: 'TopicDisallowed' };
  }
  const pushType = one(headers['apns-push-type']);
  if (pushType !== undefined && !PUSH_TYPES.has(pushType)) return { status: 400, reason: 'InvalidPushType' };
  const priority = one(headers['apns-priority']);
  if (priority !== undefined && !['1', '5', '10'].includes(priority))
    return { status: 400, reason: 'BadPriority' };
  // Apple: it is an error to send a background (content-available only) push with priority 10.
  if (pushType === 'background' && priority === '10') return { status: 400, reason: 'BadPriority' };
  const expiration = one(headers['apns-expiration']);
  if (expiration !== undefined && !/^\d+$/.test(expiration))
    return { status: 400, reason: 'BadExpirationDate' };
  const id = one(headers['apns-id']);
  if (id !== undefined && !UUID.test(id)) return { status: 400, reason: 'BadMessageId' };
  const collapse = one(headers['apns-collapse-id']);
  if (collapse !== undefined && Buffer.byteLength(collapse) > 64)
    return { status: 400, reason: 'BadCollapseId' };
  return null;
}

/** The body (`size` bytes received, `body` possibly truncated past the limit): non-empty, ≤ 4096 bytes (5120 for voip), a JSON object holding an `aps` object. */
export function checkBody(
  body: Buffer,
  size: number,
  pushType: string | undefined,
): { readonly payload: Record<string, unknown>; readonly warnings: string[] } | Refusal {
  if (size === 0) return { status: 400, reason: 'PayloadEmpty' };
  if (size > (pushType === 'voip' ? 5120 : 4096)) return { status: 413, reason: 'PayloadTooLarge' };
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    payload = null;
  }
  const aps = (payload as { aps?: unknown } | null)?.aps;
  // Apple documents no reason for malformed JSON; "BadPayload" is the mock's own, flagged [I] in the spec notes.
  if (typeof payload !== 'object' || payload === null || typeof aps !== 'object' || aps === null) {
    return { status: 400, reason: 'BadPayload' };
  }
  const warnings: string[] = [];
  if (pushType === undefined)
    warnings.push('no apns-push-type (required on watchOS, recommended everywhere)');
  if (pushType === 'background' && (aps as Record<string, unknown>)['content-available'] !== 1) {
    warnings.push('background push without aps.content-available: 1');
  }
  return { payload: payload as Record<string, unknown>, warnings };
}

export function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
