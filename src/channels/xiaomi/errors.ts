import { retryAfterMs, type SendOutcome } from '../channel.js';
import { parseObject } from '../http/json-object.js';

/** Fallback for busy / 5xx answers without Retry-After: the start of an exponential backoff. */
export const XIAOMI_SERVER_RETRY_MS = 10_000;
/** 10027 "app calls the API too often" and kin: pace the app for a minute. */
export const XIAOMI_RATE_RETRY_MS = 60_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Server error codes reference (dev.mi.com pId=1560), grouped by what the sender does. */
const RETRY = new Set([-1, 1, 10001, 10002, 10003, 22102, 26003]);
const RATE = new Set([10027, 21303, 26004]);
const CREDENTIAL = new Set([10031, 10036, 21301, 21302, 22000, 22006, 22007, 22022]);

/**
 * Classifies one /message/regid answer for the batch `tokens`. Success (`code` 0) may list
 * `data.bad_regids`, a comma-separated string of regids MiPush could not use: those are dead, the
 * rest delivered (field read by several independent clients; not in the official table).
 * 20301 with "No valid targets" means none of the regids is valid.
 */
export function classifyXiaomiReply(
  status: number,
  text: string,
  tokens: readonly string[],
  retryAfter: string | null,
  now: number,
): SendOutcome[] {
  const body = parseObject(text);
  const code = typeof body?.code === 'number' ? body.code : Number(body?.code ?? Number.NaN);
  const detail = String(body?.reason ?? body?.description ?? text.slice(0, 200));
  const reason = `Xiaomi ${status} ${Number.isNaN(code) ? '-' : code}: ${detail}`;
  const all = (o: SendOutcome): SendOutcome[] => tokens.map(() => o);
  const data = body?.data as Record<string, unknown> | undefined;

  if (status >= 200 && status < 300 && code === 0) {
    const id = typeof data?.id === 'string' ? data.id : undefined;
    const delivered: SendOutcome = id ? { kind: 'delivered', vendorMessageId: id } : { kind: 'delivered' };
    const bad = new Set(typeof data?.bad_regids === 'string' ? data.bad_regids.split(',') : []);
    const dead: SendOutcome = { kind: 'invalid_token', reason: 'Xiaomi: regid listed in bad_regids' };
    return tokens.map((t) => (bad.has(t) ? dead : delivered));
  }
  if (code === 20301 && /no valid target/i.test(detail)) return all({ kind: 'invalid_token', reason });
  if (code === 10034) return all({ kind: 'quota', afterMs: untilChinaMidnight(now), reason });
  if (RATE.has(code) || status === 429) {
    return all({ kind: 'quota', afterMs: retryAfterMs(retryAfter, now, XIAOMI_RATE_RETRY_MS), reason });
  }
  if (RETRY.has(code) || code === 20301 || status >= 500) {
    return all({ kind: 'retry', afterMs: retryAfterMs(retryAfter, now, XIAOMI_SERVER_RETRY_MS), reason });
  }
  if (CREDENTIAL.has(code) || status === 401 || status === 403)
    return all({ kind: 'credential_error', reason });
  if (code === 65009) return all({ kind: 'rejected', code: 'payload_too_large', reason });
  return all({ kind: 'rejected', code: `xiaomi_${Number.isNaN(code) ? status : code}`, reason });
}

/** 10034 "too many messages today": the daily counter resets at midnight Beijing time (UTC+8). */
export function untilChinaMidnight(now: number): number {
  return DAY_MS - ((now + CHINA_OFFSET_MS) % DAY_MS);
}
