import { retryAfterMs, type SendOutcome } from '../channel.js';

/** Back-off for 429 without Retry-After: push services rate-limit per VAPID key over minutes. */
export const WEBPUSH_QUOTA_RETRY_MS = 60_000;
/** Back-off for 5xx without Retry-After. */
export const WEBPUSH_SERVER_RETRY_MS = 10_000;

/**
 * Classifies a push service answer (RFC 8030 §5, §6.2, §7; RFC 8292 §4). Bodies are service-specific,
 * so only the status and headers decide.
 */
export function classifyWebPushReply(
  status: number,
  location: string | null,
  retryAfter: string | null,
  now: number,
): SendOutcome {
  const reason = `push service answered ${status}`;
  // 201 Created (RFC 8030 §5); 202 with Prefer: respond-async (§5.1). Location names the message.
  if (status >= 200 && status < 300)
    return location ? { kind: 'delivered', vendorMessageId: location } : { kind: 'delivered' };
  // 404 per RFC 8030 §7.3 wording, 410 Gone as Mozilla, FCM and Apple send: the subscription is dead.
  if (status === 404 || status === 410) return { kind: 'invalid_token', reason };
  // RFC 8030 §7.2: the body is over the service's limit.
  if (status === 413) return { kind: 'rejected', code: 'payload_too_large', reason };
  if (status === 429)
    return { kind: 'quota', afterMs: retryAfterMs(retryAfter, now, WEBPUSH_QUOTA_RETRY_MS), reason };
  // RFC 8292 §4: VAPID missing/invalid (401) or the key differs from the subscription's
  // applicationServerKey (403): the app's VAPID configuration is wrong.
  if (status === 401 || status === 403) return { kind: 'credential_error', reason };
  if (status >= 500)
    return { kind: 'retry', afterMs: retryAfterMs(retryAfter, now, WEBPUSH_SERVER_RETRY_MS), reason };
  return { kind: 'rejected', code: status === 400 ? 'bad_request' : `webpush_http_${status}`, reason };
}
