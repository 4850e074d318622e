import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { Clock } from '../../src/domain/clock.js';

/** A signing key the mock accepts, as registered in Apple's developer account. */
export interface RegisteredKey {
  readonly teamId: string;
  readonly keyId: string;
  readonly publicKey: KeyObject;
  /** The bundle id the key may push to. */
  readonly topic: string;
}

/** An APNs refusal: status and `reason`. */
export interface Refusal {
  readonly status: number;
  readonly reason: string;
}

/** What {@link ProviderAuth} needs besides keys. */
export interface ProviderAuthOptions {
  readonly clock: Clock;
  /** A new token within this long of the previous new one is 429 TooManyProviderTokenUpdates (Apple: 20 min). */
  readonly minUpdateIntervalMs: number;
  /** Tolerance for an `iat` ahead of the mock's clock. */
  readonly futureSkewSeconds: number;
}

interface Verified {
  readonly key: RegisteredKey;
  readonly iat: number;
}

// Apple, "Establishing a token-based connection to APNs": tokens older than one hour are refused.
const MAX_TOKEN_AGE_S = 3600;
// Verified tokens are cached (a provider reuses one token for ~50 min); the cap bounds memory.
const CACHE_LIMIT = 1000;

/**
 * Checks `authorization: bearer <JWT>` as APNs does: ES256 only, a known `kid` whose team is `iss`,
 * a valid signature (JWS raw r‖s, RFC 7518 §3.4), `iat` within the last hour and not in the future,
 * and no more than one new token per key every 20 minutes.
 */
export class ProviderAuth {
  readonly #opts: ProviderAuthOptions;
  readonly #keys = new Map<string, RegisteredKey>();
  readonly #verified = new Map<string, Verified>();
  /** Per key id: the last token first seen, and when. */
  readonly #latest = new Map<string, { jwt: string; at: number }>();

  constructor(opts: ProviderAuthOptions) {
    this.#opts = opts;
  }

  register(teamId: string, keyId: string, publicKeyPem: string, topic: string): void {
    this.#keys.set(keyId, { teamId, keyId, publicKey: createPublicKey(publicKeyPem), topic });
    this.#verified.clear();
  }

  /** Lets the next new token of `keyId` through: the mock just declared the current one expired. */
  allowUpdate(keyId: string): void {
    this.#latest.delete(keyId);
  }

  /** The key behind a valid header, or APNs' 403/429 refusal. */
  check(authorization: string | undefined): RegisteredKey | Refusal {
    if (!authorization) return { status: 403, reason: 'MissingProviderToken' };
    const m = /^bearer\s+(\S+)$/i.exec(authorization);
    if (!m) return { status: 403, reason: 'InvalidProviderToken' };
    const jwt = m[1]!;
    const verified = this.#verified.get(jwt) ?? this.#verify(jwt);
    if (!verified) return { status: 403, reason: 'InvalidProviderToken' };
    const now = this.#opts.clock.now();
    const nowS = Math.floor(now / 1000);
    if (nowS - verified.iat > MAX_TOKEN_AGE_S) return { status: 403, reason: 'ExpiredProviderToken' };
    if (verified.iat > nowS + this.#opts.futureSkewSeconds)
      return { status: 403, reason: 'InvalidProviderToken' };
    const latest = this.#latest.get(verified.key.keyId);
    if (latest?.jwt !== jwt) {
      if (latest && now - latest.at < this.#opts.minUpdateIntervalMs) {
        return { status: 429, reason: 'TooManyProviderTokenUpdates' };
      }
      this.#latest.set(verified.key.keyId, { jwt, at: now });
    }
    return verified.key;
  }

  #verify(jwt: string): Verified | null {
    const [h, p, s] = jwt.split('.');
    if (h === undefined || p === undefined || s === undefined) return null;
    const header = json(h);
    const claims = json(p);
    if (header?.alg !== 'ES256' || typeof header.kid !== 'string') return null;
    const key = this.#keys.get(header.kid);
    if (!key || claims?.iss !== key.teamId || typeof claims.iat !== 'number') return null;
    const ok = verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key: key.publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(s, 'base64url'),
    );
    if (!ok) return null;
    if (this.#verified.size >= CACHE_LIMIT) this.#verified.clear();
    const verified = { key, iat: claims.iat };
    this.#verified.set(jwt, verified);
    return verified;
  }
}

function json(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
