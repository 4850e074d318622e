import { retryAfterMs, type SendOutcome } from '../channel.js';
import { parseObject } from '../http/json-object.js';

/** Fallback for -1 / 5xx without Retry-After. */
export const OPPO_SERVER_RETRY_MS = 10_000;
/** -2 flow control, 13 / 55 call-frequency limits: pace the app for a minute. */
export const OPPO_RATE_RETRY_MS = 60_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** "Call addresses, common parameters and return codes", grouped by what the sender does. */
const CREDENTIAL = new Set([14, 15, 16, 17, 26, 27, 28, 30, 59]);
/** Per-target codes (unicast `code`, broadcast `data` keys): invalid, or not subscribed / switched off. */
const DEAD_TARGET = new Set([10000, 10001]);

/** A classified OPPO answer: `ok` with its `data`, `reauth` (11/29: refresh auth_token once), or a failure. */
export type OppoVerdict =
  | { readonly kind: 'ok'; readonly data: Record<string, unknown> }
  | { readonly kind: 'reauth'; readonly reason: string }
  | { readonly kind: 'failed'; readonly outcome: SendOutcome };

/** Classifies any OPPO server API answer; business errors come with HTTP 200 and a non-zero `code`. */
export function classifyOppoReply(
  status: number,
  text: string,
  retryAfter: string | null,
  now: number,
): OppoVerdict {
  const body = parseObject(text);
  const code = Number(body?.code ?? Number.NaN);
  const reason = `OPPO ${status} ${Number.isNaN(code) ? '-' : code}: ${String(body?.message ?? text.slice(0, 200))}`;
  const failed = (outcome: SendOutcome): OppoVerdict => ({ kind: 'failed', outcome });
  if (status === 200 && code === 0)
    return { kind: 'ok', data: (body?.data ?? {}) as Record<string, unknown> };
  if (code === 11 || code === 29) return { kind: 'reauth', reason };
  if (DEAD_TARGET.has(code)) return failed({ kind: 'invalid_token', reason });
  if (code === 33)
    return failed({ kind: 'quota', afterMs: DAY_MS - ((now + CHINA_OFFSET_MS) % DAY_MS), reason });
  if (code === -2 || code === 13 || code === 55 || status === 429) {
    return failed({ kind: 'quota', afterMs: retryAfterMs(retryAfter, now, OPPO_RATE_RETRY_MS), reason });
  }
  if (code === -1 || status >= 500) {
    return failed({ kind: 'retry', afterMs: retryAfterMs(retryAfter, now, OPPO_SERVER_RETRY_MS), reason });
  }
  if (CREDENTIAL.has(code) || status === 401 || status === 403)
    return failed({ kind: 'credential_error', reason });
  return failed({ kind: 'rejected', code: `oppo_${Number.isNaN(code) ? status : code}`, reason });
}

/**
 * Per-target outcomes of a broadcast: `data` maps per-target error codes (numeric keys such as
 * "10000") to the registration ids that failed with them (ups-oppo-push-java-sdk `notificationBroadcast`
 * and its code table [I: one SDK]). 10004 is a repeated id, delivered once through its other copy.
 */
export function broadcastOutcomes(data: Record<string, unknown>, tokens: readonly string[]): SendOutcome[] {
  const failed = new Map<string, number>();
  for (const [key, ids] of Object.entries(data)) {
    if (!/^\d+$/.test(key) || !Array.isArray(ids)) continue;
    for (const id of ids) if (typeof id === 'string') failed.set(id, Number(key));
  }
  const id = typeof data.task_id === 'string' ? data.task_id : undefined;
  const delivered: SendOutcome = id ? { kind: 'delivered', vendorMessageId: id } : { kind: 'delivered' };
  return tokens.map((t) => {
    const code = failed.get(t);
    if (code === undefined || code === 10004) return delivered;
    const reason = `OPPO broadcast: ${t.slice(0, 12)}… failed with ${code}`;
    return DEAD_TARGET.has(code)
      ? { kind: 'invalid_token', reason }
      : { kind: 'rejected', code: `oppo_${code}`, reason };
  });
}
