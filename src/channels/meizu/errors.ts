import { retryAfterMs, type SendOutcome } from '../channel.js';
import { parseObject } from '../http/json-object.js';

export const MEIZU_SERVER_RETRY_MS = 10_000;
/** 110010 "app request frequency over the limit" and 520 (per-device, per-minute cap): wait a minute. */
export const MEIZU_RATE_RETRY_MS = 60_000;

/** MEIZUPUSH/PushAPI README, return codes, grouped by what the sender does. `code` is a string there. */
const RETRY = new Set(['500', '1001', '1003']);
const CREDENTIAL = new Set(['1006', '110000', '110001', '110009']);
/** Per-target codes in `value`: 110002 not subscribed / notifications off, 110003 illegal pushId. */
const DEAD = new Set(['110002', '110003']);

/**
 * Classifies one pushByPushId answer for the batch `tokens`. With top-level `code` "200", `value` maps
 * per-target codes to the pushIds that failed with them; the rest were accepted.
 */
export function classifyMeizuReply(
  status: number,
  text: string,
  tokens: readonly string[],
  retryAfter: string | null,
  now: number,
): SendOutcome[] {
  const body = parseObject(text);
  const code = body?.code === undefined ? null : String(body.code);
  const reason = `Meizu ${status} ${code ?? '-'}: ${String(body?.message || text.slice(0, 200))}`;
  const all = (o: SendOutcome): SendOutcome[] => tokens.map(() => o);
  if (status === 200 && code === '200') {
    const id = typeof body?.msgId === 'string' ? body.msgId : undefined;
    return perTarget(body?.value, tokens, id, retryAfter, now);
  }
  if (code === '110010' || code === '110053' || status === 429) {
    return all({ kind: 'quota', afterMs: retryAfterMs(retryAfter, now, MEIZU_RATE_RETRY_MS), reason });
  }
  if ((code !== null && RETRY.has(code)) || status >= 500) {
    return all({ kind: 'retry', afterMs: retryAfterMs(retryAfter, now, MEIZU_SERVER_RETRY_MS), reason });
  }
  if ((code !== null && CREDENTIAL.has(code)) || status === 401 || status === 403) {
    return all({ kind: 'credential_error', reason });
  }
  return all({ kind: 'rejected', code: `meizu_${code ?? status}`, reason });
}

function perTarget(
  value: unknown,
  tokens: readonly string[],
  msgId: string | undefined,
  retryAfter: string | null,
  now: number,
): SendOutcome[] {
  const failed = new Map<string, string>();
  if (typeof value === 'object' && value !== null) {
    for (const [code, ids] of Object.entries(value)) {
      if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'string') failed.set(id, code);
    }
  }
  const delivered: SendOutcome = msgId
    ? { kind: 'delivered', vendorMessageId: msgId }
    : { kind: 'delivered' };
  return tokens.map((t): SendOutcome => {
    const code = failed.get(t);
    if (code === undefined) return delivered;
    const reason = `Meizu per-target ${code}`;
    if (DEAD.has(code)) return { kind: 'invalid_token', reason };
    // 501/513 push failed, 519 overloaded: transient. 520: this device got too many messages this minute.
    if (code === '501' || code === '513' || code === '519') {
      return { kind: 'retry', afterMs: retryAfterMs(retryAfter, now, MEIZU_SERVER_RETRY_MS), reason };
    }
    if (code === '520') return { kind: 'retry', afterMs: MEIZU_RATE_RETRY_MS, reason };
    return { kind: 'rejected', code: `meizu_${code}`, reason };
  });
}
