import { randomInt } from 'node:crypto';
import { gatewayRetryReply, type MockReply } from '../lib/http-mock.js';
import type { TokenBehavior } from '../lib/token-book.js';

/** A vivo answer: HTTP 200 for business results, `{result, desc, …}` with a numeric `result`. */
export function vivoReply(result: number, desc: string, extra: Record<string, unknown> = {}): MockReply {
  return { status: 200, body: { result, desc, ...extra } };
}

/** A fresh numeric task id, as vivo returns them (as strings). */
export function vivoTaskId(): string {
  return String(randomInt(1e9));
}

/**
 * The answer for an injected failure: HTTP 500 is vivo's documented internal error ("Internet server
 * error!"); `retry` is a gateway-style 503 with Retry-After (a test aid); `quota` is 10070.
 */
export function vivoBehaviorReply(b: TokenBehavior): MockReply {
  switch (b.kind) {
    case 'retry':
      return gatewayRetryReply(b.retryAfterSeconds);
    case 'quota':
      return vivoReply(10070, '发送总量超出限制');
    case 'server_error':
      return { status: 500, body: 'Internet server error!' };
    case 'dead':
      return vivoReply(10302, 'regId不合法');
    case 'reply':
      return b.reply;
  }
}
