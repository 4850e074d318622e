import { randomUUID } from 'node:crypto';
import type { MockReply } from '../lib/http-mock.js';
import type { TokenBehavior } from '../lib/token-book.js';

/** A Push Kit answer: `{code, msg, requestId}` with `code` a string, as Huawei sends it. */
export function hmsError(
  status: number,
  code: string,
  msg: string,
  headers?: Record<string, string>,
): MockReply {
  return { status, body: { code, msg, requestId: requestId() }, headers };
}

/** 80000000, or 80100000 with `msg` a JSON string listing `illegal_tokens`, or 80300007 when all are illegal. */
export function hmsResult(tokens: readonly string[], illegal: readonly string[]): MockReply {
  if (illegal.length === 0)
    return { status: 200, body: { code: '80000000', msg: 'Success', requestId: requestId() } };
  if (illegal.length === tokens.length) return hmsError(400, '80300007', 'All the tokens are invalid');
  const msg = JSON.stringify({
    success: tokens.length - illegal.length,
    failure: illegal.length,
    illegal_tokens: illegal,
  });
  return { status: 200, body: { code: '80100000', msg, requestId: requestId() } };
}

/**
 * The answer for an injected failure. Huawei documents HTTP 503 as flow control (the app's QPS quota)
 * and 81000001 as an internal error; it documents no Retry-After, so the mock's one is a test aid.
 */
export function hmsBehaviorReply(b: TokenBehavior): MockReply {
  switch (b.kind) {
    case 'retry':
      return hmsError(500, '81000001', 'System internal error', retryAfter(b.retryAfterSeconds));
    case 'quota':
      // Body shape of Huawei's 503 is not documented [I]; it carries no business code.
      return { status: 503, body: { msg: 'Flow control, slow down the push speed' } };
    case 'server_error':
      return { status: 502, body: 'Bad Gateway' };
    case 'dead':
      return hmsError(400, '80300007', 'All the tokens are invalid');
    case 'reply':
      return b.reply;
  }
}

function retryAfter(seconds: number | undefined): Record<string, string> | undefined {
  return seconds === undefined ? undefined : { 'retry-after': String(seconds) };
}

function requestId(): string {
  return randomUUID().replaceAll('-', '');
}
