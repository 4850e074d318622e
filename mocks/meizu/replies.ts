import { randomBytes } from 'node:crypto';
import { gatewayRetryReply, type MockReply } from '../lib/http-mock.js';
import type { TokenBehavior } from '../lib/token-book.js';

/** A Flyme answer: `{code, message, value, redirect, msgId}` with `code` a string. */
export function meizuReply(code: string, message: string, value: unknown = '', msgId?: string): MockReply {
  const body: Record<string, unknown> = { code, message, value, redirect: '' };
  if (msgId !== undefined) body.msgId = msgId;
  return { status: 200, body };
}

/** Success: `value` maps per-target codes to the pushIds that failed with them ({} when none did). */
export function meizuOk(failed: Readonly<Record<string, readonly string[]>>): MockReply {
  return meizuReply('200', '', failed, randomBytes(16).toString('hex'));
}

/**
 * The answer for an injected failure: 110010 is Flyme's rate limit; `retry` is a gateway-style 503 with
 * Retry-After (a test aid; Flyme's 1003 "server busy" carries none).
 */
export function meizuBehaviorReply(b: TokenBehavior): MockReply {
  switch (b.kind) {
    case 'retry':
      return gatewayRetryReply(b.retryAfterSeconds);
    case 'quota':
      return meizuReply('110010', '应用请求频率超过限制');
    case 'server_error':
      return { status: 500, body: 'Internal Server Error' };
    case 'dead':
      return meizuOk({});
    case 'reply':
      return b.reply;
  }
}
