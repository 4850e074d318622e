import { retryAfterMs, type SendOutcome } from '../channel.js';
import type { ApnsReply } from './client.js';

/** Wait after a 5xx when APNs sends no Retry-After (it rarely does); the delivery queue backs off from here. */
export const APNS_SERVER_RETRY_MS = 60_000;
/** Wait after 429 TooManyRequests (too many pushes to one device) without Retry-After. */
export const APNS_DEVICE_RATE_RETRY_MS = 60_000;

/**
 * What the channel does with a reply: a final outcome, or one more attempt —
 * `refresh_token` after 403 ExpiredProviderToken (mint a new JWT, resend), `resend` after 400
 * IdleTimeout or 503 Shutdown (resend on another connection; `fallback` if that fails too).
 */
export type ApnsVerdict =
  | SendOutcome
  | { readonly kind: 'refresh_token'; readonly reason: string }
  | { readonly kind: 'resend'; readonly reason: string; readonly fallback: SendOutcome };

// Apple, "Handling notification responses from APNs", and forum 807380 on which errors mean "remove the token".
const DEAD_TOKEN = new Set(['BadDeviceToken', 'DeviceTokenNotForTopic', 'Unregistered', 'ExpiredToken']);
// The credential (key, team, topic or environment) is wrong: every send fails until it is fixed.
const CREDENTIAL = new Set([
  'InvalidProviderToken',
  'MissingProviderToken',
  'BadCertificate',
  'BadCertificateEnvironment',
  'BadEnvironmentKeyIdInToken',
  'UnrelatedKeyIdInToken',
  'Forbidden',
  'MissingTopic',
  'BadTopic',
  'TopicDisallowed',
]);

/** Classifies one APNs reply per Apple's status/reason table; unknown reasons fall back on the status class. */
export function classifyApnsReply(reply: ApnsReply, now: number): ApnsVerdict {
  const { status } = reply;
  if (status === 200)
    return reply.apnsId ? { kind: 'delivered', vendorMessageId: reply.apnsId } : { kind: 'delivered' };
  const reason = reply.reason ?? `HTTP ${status}`;
  const label = `APNs ${status} ${reason}`;
  if (DEAD_TOKEN.has(reason)) {
    // 410's timestamp: when APNs last confirmed the token invalid for the topic (ms since epoch).
    const since = reply.timestamp === null ? '' : ` since ${new Date(reply.timestamp).toISOString()}`;
    return { kind: 'invalid_token', reason: `${label}${since}` };
  }
  if (CREDENTIAL.has(reason)) return { kind: 'credential_error', reason: label };
  if (reason === 'ExpiredProviderToken') return { kind: 'refresh_token', reason: label };
  if (reason === 'TooManyProviderTokenUpdates') {
    // The current token stays valid; only minting is throttled, so the request itself can be retried.
    return {
      kind: 'retry',
      afterMs: retryAfterMs(reply.retryAfter, now, APNS_SERVER_RETRY_MS),
      reason: label,
    };
  }
  if (status === 429) {
    return {
      kind: 'quota',
      afterMs: retryAfterMs(reply.retryAfter, now, APNS_DEVICE_RATE_RETRY_MS),
      reason: label,
    };
  }
  const serverRetry: SendOutcome = {
    kind: 'retry',
    afterMs: retryAfterMs(reply.retryAfter, now, APNS_SERVER_RETRY_MS),
    reason: label,
  };
  // IdleTimeout: the connection, not the push, was refused. Shutdown: this APNs node is going away.
  if (reason === 'IdleTimeout' || reason === 'Shutdown')
    return { kind: 'resend', reason: label, fallback: serverRetry };
  if (status >= 500) return serverRetry;
  if (status === 413) return { kind: 'rejected', code: 'payload_too_large', reason: label };
  return { kind: 'rejected', code: reason, reason: label };
}
