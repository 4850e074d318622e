import { retryAfterMs, type SendOutcome } from '../channel.js';
import { parseObject } from '../http/json-object.js';

/** HTTP 503 is Push Kit's flow control ("set the push speed within the QPS quota"): back off a minute. */
export const HMS_QUOTA_RETRY_MS = 60_000;
/** Fallback for 5xx and 81000001 without Retry-After: the start of an exponential backoff. */
export const HMS_SERVER_RETRY_MS = 10_000;

/** The classified answer to one messages:send; `reauth` asks for a fresh access token and one resend. */
export type HmsVerdict =
  | { readonly kind: 'outcomes'; readonly outcomes: SendOutcome[] }
  | { readonly kind: 'reauth'; readonly reason: string };

/** Result codes whose remedy is in the app's Huawei console, not in the request (Push Kit result codes). */
const CREDENTIAL_CODES = new Set(['80200005', '80300002', '80300011', '80300013', '80600003']);

/**
 * Classifies one answer for the batch `tokens` (Push Kit "Sending Messages", result codes). `code` is a
 * string in Huawei's body. 80100000 is a partial success whose `msg` is itself a JSON string listing
 * `illegal_tokens`; 80300007 means every token in the request is invalid.
 */
export function classifyHmsReply(
  status: number,
  text: string,
  tokens: readonly string[],
  retryAfter: string | null,
  now: number,
): HmsVerdict {
  const body = parseObject(text);
  const code = body?.code === undefined ? null : String(body.code);
  const msg = typeof body?.msg === 'string' ? body.msg : text.slice(0, 200);
  const reason = `HMS ${status} ${code ?? '-'}: ${msg}`;
  const all = (o: SendOutcome): HmsVerdict => ({ kind: 'outcomes', outcomes: tokens.map(() => o) });
  const requestId = typeof body?.requestId === 'string' ? body.requestId : undefined;
  const delivered: SendOutcome = requestId
    ? { kind: 'delivered', vendorMessageId: requestId }
    : { kind: 'delivered' };

  if (code === '80000000') return all(delivered);
  if (code === '80100000') {
    const illegal = new Set(illegalTokens(msg));
    const dead: SendOutcome = {
      kind: 'invalid_token',
      reason: 'HMS 80100000: token listed in illegal_tokens',
    };
    return { kind: 'outcomes', outcomes: tokens.map((t) => (illegal.has(t) ? dead : delivered)) };
  }
  // The HMS team notes 80300007 also fires when the tokens belong to another app; the OAuth token was
  // issued for this app id, so here it means the tokens themselves are dead.
  if (code === '80300007') return all({ kind: 'invalid_token', reason });
  if (code === '80200001' || code === '80200003') return { kind: 'reauth', reason };
  if (code !== null && CREDENTIAL_CODES.has(code)) return all({ kind: 'credential_error', reason });
  if (code === '81000001' || code === '80100017') {
    return all({ kind: 'retry', afterMs: retryAfterMs(retryAfter, now, HMS_SERVER_RETRY_MS), reason });
  }
  if (status === 503 || status === 429) {
    return all({ kind: 'quota', afterMs: retryAfterMs(retryAfter, now, HMS_QUOTA_RETRY_MS), reason });
  }
  if (status >= 500) {
    return all({ kind: 'retry', afterMs: retryAfterMs(retryAfter, now, HMS_SERVER_RETRY_MS), reason });
  }
  if (status === 401) return { kind: 'reauth', reason };
  // 404 is a wrong app id in the path: a configuration problem, never a token problem.
  if (status === 404) return all({ kind: 'credential_error', reason });
  if (code === '80300008') return all({ kind: 'rejected', code: 'payload_too_large', reason });
  return all({ kind: 'rejected', code: `hms_${code ?? status}`, reason });
}

/** Reads `illegal_tokens` from 80100000's `msg`, a JSON string `{"success":n,"failure":n,"illegal_tokens":[…]}`. */
export function illegalTokens(msg: string): string[] {
  const list = parseObject(msg)?.illegal_tokens;
  return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
}
