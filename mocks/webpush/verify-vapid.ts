import { createPublicKey } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';

/** RFC 8292 §2: a push service rejects a JWT that expires more than 24 hours ahead. */
const MAX_EXP_AHEAD_S = 24 * 3600;

/** The outcome of checking an `Authorization: vapid …` header. `key` is the base64url `k`. */
export type VapidCheck =
  | { readonly ok: true; readonly key: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a VAPID header as a push service must (RFC 8292 §3–4): the `vapid t=…, k=…` form with
 * parameters in any order; `k` a 65-byte uncompressed P-256 point; an ES256 JWT whose signature
 * verifies with `k`; `aud` equal to this service's origin; `exp` in the future and at most 24 h
 * ahead; `sub` present when `requireSubject` (Apple requires it).
 */
export async function verifyVapid(
  header: string | undefined,
  origin: string,
  now: number,
  requireSubject: boolean,
): Promise<VapidCheck> {
  const m = /^vapid\s+(.+)$/i.exec(header ?? '');
  if (!m?.[1]) return { ok: false, reason: 'Authorization is not "vapid t=…, k=…"' };
  const params = new Map<string, string>();
  for (const part of m[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const t = params.get('t');
  const k = params.get('k');
  if (!t || !k) return { ok: false, reason: 'vapid header lacks t or k' };
  const raw = Buffer.from(k, 'base64url');
  if (raw.length !== 65 || raw[0] !== 0x04)
    return { ok: false, reason: 'k is not a 65-byte uncompressed P-256 point' };
  let key: ReturnType<typeof createPublicKey>;
  try {
    const x = raw.subarray(1, 33).toString('base64url');
    const y = raw.subarray(33).toString('base64url');
    key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' });
  } catch {
    return { ok: false, reason: 'k is not on P-256' };
  }
  try {
    if (decodeProtectedHeader(t).alg !== 'ES256') return { ok: false, reason: 'JWT alg is not ES256' };
    const { payload } = await jwtVerify(t, key, {
      algorithms: ['ES256'],
      audience: origin,
      currentDate: new Date(now),
      requiredClaims: ['exp'],
    });
    if ((payload.exp as number) > now / 1000 + MAX_EXP_AHEAD_S)
      return { ok: false, reason: 'exp more than 24 h ahead' };
    const sub = payload.sub;
    if (requireSubject && (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub))) {
      return { ok: false, reason: 'sub missing or not mailto:/https:' };
    }
  } catch (err) {
    return { ok: false, reason: `JWT refused: ${(err as Error).message}` };
  }
  return { ok: true, key: k };
}
