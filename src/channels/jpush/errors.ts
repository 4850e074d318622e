import { retryAfterMs, type SendOutcome } from '../channel.js';
import { parseObject } from '../http/json-object.js';

/** Rate-limit window is one minute per appKey ("API rate limiting"): wait that long without a reset header. */
export const JPUSH_RATE_RETRY_MS = 60_000;
/** Fallback for 5xx, 1000 and 1030 without Retry-After. */
export const JPUSH_SERVER_RETRY_MS = 10_000;

/**
 * Classifies one `/v3/push` answer for the batch `tokens` (Push API v3 return codes; HTTP status
 * codes page). JPush reports no per-id failures: unknown ids in a multi-target push are skipped
 * silently, and 1011 means none of them matched, so every id of the batch is dead.
 */
export function classifyJpushReply(
  status: number,
  text: string,
  tokens: readonly string[],
  headers: { readonly retryAfter: string | null; readonly rateLimitReset: string | null },
  now: number,
): SendOutcome[] {
  const body = parseObject(text);
  const all = (o: SendOutcome): SendOutcome[] => tokens.map(() => o);
  if (status === 200) {
    // msg_id may come back as a string or a number.
    const id = body?.msg_id;
    return all(
      id === undefined || id === null
        ? { kind: 'delivered' }
        : { kind: 'delivered', vendorMessageId: String(id) },
    );
  }
  const error = (body?.error ?? null) as Record<string, unknown> | null;
  const code = typeof error?.code === 'number' ? error.code : Number(error?.code ?? Number.NaN);
  const reason = `JPush ${status} ${Number.isNaN(code) ? '-' : code}: ${String(error?.message ?? text.slice(0, 200))}`;

  if (code === 1011) return all({ kind: 'invalid_token', reason });
  if (code === 1004 || code === 1008 || status === 401 || status === 403)
    return all({ kind: 'credential_error', reason });
  if (status === 429 || code === 2001 || code === 2002 || code === 2008) {
    // X-Rate-Limit-Reset is the seconds until the window resets; prefer it over a generic fallback.
    const reset = headers.rateLimitReset ?? headers.retryAfter;
    return all({ kind: 'quota', afterMs: retryAfterMs(reset, now, JPUSH_RATE_RETRY_MS), reason });
  }
  if (status >= 500 || code === 1000 || code === 1030) {
    return all({
      kind: 'retry',
      afterMs: retryAfterMs(headers.retryAfter, now, JPUSH_SERVER_RETRY_MS),
      reason,
    });
  }
  if (code === 1005) return all({ kind: 'rejected', code: 'payload_too_large', reason });
  return all({ kind: 'rejected', code: `jpush_${Number.isNaN(code) ? status : code}`, reason });
}
