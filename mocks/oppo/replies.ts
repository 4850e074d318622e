import { randomBytes } from 'node:crypto';
import { gatewayRetryReply, type MockReply } from '../lib/http-mock.js';
import type { TokenBehavior } from '../lib/token-book.js';

/** An OPPO answer: HTTP 200 whatever the outcome, `{code, message, data?}` with a numeric code. */
export function oppoReply(code: number, message: string, data?: unknown): MockReply {
  return { status: 200, body: data === undefined ? { code, message } : { code, message, data } };
}

/** A fresh id in OPPO's style for messages and tasks. */
export function oppoId(): string {
  return randomBytes(12).toString('hex');
}

/**
 * The answer for an injected failure. OPPO's -1 / -2 carry no Retry-After, so `retry` is answered as
 * a gateway in front of it would: 503 with Retry-After. `quota` is 33, the daily message cap.
 */
export function oppoBehaviorReply(b: TokenBehavior): MockReply {
  switch (b.kind) {
    case 'retry':
      return gatewayRetryReply(b.retryAfterSeconds);
    case 'quota':
      return oppoReply(33, 'The number of messages exceeds the daily limit');
    case 'server_error':
      return { status: 500, body: 'Internal Server Error' };
    case 'dead':
      return oppoReply(10000, 'Invalid Registration_id');
    case 'reply':
      return b.reply;
  }
}
