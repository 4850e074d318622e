import { randomBytes } from 'node:crypto';
import { gatewayRetryReply, type MockReply } from '../lib/http-mock.js';
import type { TokenBehavior } from '../lib/token-book.js';

/** A MiPush error: HTTP 200, `result: "error"`, numeric `code`, `reason` (English) and `description`. */
export function xiaomiError(code: number, reason: string, description = reason): MockReply {
  return { status: 200, body: { result: 'error', code, reason, description, trace_id: traceId() } };
}

/** Success for `count` regids; `bad` lists the ones MiPush could not use, as `data.bad_regids`. */
export function xiaomiOk(count: number, bad: readonly string[]): MockReply {
  const data: Record<string, string> = { id: `scm${randomBytes(10).toString('hex')}` };
  if (bad.length > 0) data.bad_regids = bad.join(',');
  return {
    status: 200,
    body: {
      result: 'ok',
      code: 0,
      trace_id: traceId(),
      description: '成功',
      info: `Received push messages for ${count - bad.length} REGID`,
      data,
    },
  };
}

/**
 * The answer for an injected failure. MiPush's busy codes carry no Retry-After, so `retry` is
 * answered the way a gateway in front of it would: 503 with Retry-After.
 */
export function xiaomiBehaviorReply(b: TokenBehavior): MockReply {
  switch (b.kind) {
    case 'retry':
      return gatewayRetryReply(b.retryAfterSeconds);
    case 'quota':
      return xiaomiError(10034, 'Too many messages sent today', '应用当日发送消息数量过多');
    case 'server_error':
      return { status: 500, body: 'Internal Server Error' };
    case 'dead':
      return xiaomiError(20301, 'No valid targets!', '发送消息失败');
    case 'reply':
      return b.reply;
  }
}

function traceId(): string {
  return `Xcm${randomBytes(12).toString('hex')}`;
}
