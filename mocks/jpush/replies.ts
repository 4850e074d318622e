import type { MockReply } from '../lib/http-mock.js';
import type { TokenBehavior } from '../lib/token-book.js';

/** A Push API v3 error: non-200 status, `{error: {code, message}}` (and a msg_id when one was assigned). */
export function jpushError(
  status: number,
  code: number,
  message: string,
  headers?: Record<string, string>,
): MockReply {
  return { status, body: { error: { code, message } }, headers };
}

/**
 * The answer for an injected failure, per the HTTP status and return-code tables. JPush documents no
 * Retry-After for 5xx; the mock's one on `retry` is a test aid.
 */
export function jpushBehaviorReply(b: TokenBehavior): MockReply {
  switch (b.kind) {
    case 'retry': {
      const headers =
        b.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(b.retryAfterSeconds) };
      return jpushError(503, 1030, 'Internal service timeout', headers);
    }
    case 'quota':
      return jpushError(429, 2002, 'Rate limit exceeded', {
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': '30',
      });
    case 'server_error':
      return jpushError(500, 1000, 'Server internal error');
    case 'dead':
      return jpushError(
        400,
        1011,
        'cannot find user by this audience or has been inactive for more than 255 days',
      );
    case 'reply':
      return b.reply;
  }
}
