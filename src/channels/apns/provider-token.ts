import { importPKCS8, SignJWT } from 'jose';
import type { Clock } from '../../domain/clock.js';

/** How a {@link ProviderTokenSource} is built. */
export interface ProviderTokenOptions {
  readonly keyId: string;
  readonly teamId: string;
  /** The `.p8` PKCS#8 PEM. */
  readonly privateKeyPem: string;
  readonly clock: Clock;
  /**
   * Age at which a token is replaced. APNs refuses tokens older than one hour (403
   * ExpiredProviderToken); 50 minutes leaves margin for clock skew and slow requests.
   */
  readonly refreshAfterMs?: number;
  /**
   * Minimum age before a token may be replaced. APNs answers 429 TooManyProviderTokenUpdates to
   * providers that mint more often than every 20 minutes ("Establishing a token-based connection").
   */
  readonly minRefreshIntervalMs?: number;
}

/** The key could not be imported or used to sign: the credential is unusable. */
export class ProviderTokenError extends Error {
  override readonly name = 'ProviderTokenError';
}

interface Minted {
  readonly jwt: string;
  readonly issuedAt: number;
}

/**
 * The APNs provider token (JWT, ES256, header `kid`, claims `iss` + `iat` only): minted once, shared
 * by every request and connection of the credential, replaced when it is 50 minutes old and, on
 * APNs' say-so, earlier — but never more than once per 20 minutes.
 */
export class ProviderTokenSource {
  readonly #opts: ProviderTokenOptions;
  readonly #refreshAfterMs: number;
  readonly #minIntervalMs: number;
  #key: Promise<CryptoKey> | null = null;
  #current: Minted | null = null;
  #minting: Promise<Minted> | null = null;
  #lastForcedAt: number | null = null;

  constructor(opts: ProviderTokenOptions) {
    this.#opts = opts;
    this.#minIntervalMs = opts.minRefreshIntervalMs ?? 20 * 60_000;
    this.#refreshAfterMs = Math.max(this.#minIntervalMs, opts.refreshAfterMs ?? 50 * 60_000);
  }

  /** The current token when it is younger than `refreshAfterMs`, else null: the hot path, no promise. */
  peek(): string | null {
    const cur = this.#current;
    return cur && this.#opts.clock.now() - cur.issuedAt < this.#refreshAfterMs ? cur.jwt : null;
  }

  /** The current token, minted when there is none or it reached `refreshAfterMs`. Rejects with ProviderTokenError. */
  async get(): Promise<string> {
    return this.peek() ?? (await this.#mint()).jwt;
  }

  /**
   * APNs answered 403 ExpiredProviderToken to `rejected`. Returns the token to retry with: the
   * current one when another request already replaced `rejected`, else a new one. Returns null when
   * a forced refresh already happened within `minRefreshIntervalMs`: APNs keeps calling fresh tokens
   * expired only when this host's clock is far off, and minting again would earn a 429.
   */
  async refresh(rejected: string): Promise<string | null> {
    if (this.#minting) await this.#minting.catch(() => undefined);
    const cur = this.#current;
    if (cur && cur.jwt !== rejected) return cur.jwt;
    const now = this.#opts.clock.now();
    if (this.#lastForcedAt !== null && now - this.#lastForcedAt < this.#minIntervalMs) return null;
    this.#lastForcedAt = now;
    this.#current = null;
    return (await this.#mint()).jwt;
  }

  /** One mint at a time: concurrent callers share it, so a burst of sends signs once. */
  #mint(): Promise<Minted> {
    this.#minting ??= this.#sign().finally(() => {
      this.#minting = null;
    });
    return this.#minting;
  }

  async #sign(): Promise<Minted> {
    const { keyId, teamId, privateKeyPem, clock } = this.#opts;
    try {
      this.#key ??= importPKCS8(privateKeyPem, 'ES256');
      const issuedAt = clock.now();
      const jwt = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: keyId })
        .setIssuer(teamId)
        .setIssuedAt(Math.floor(issuedAt / 1000))
        .sign(await this.#key);
      this.#current = { jwt, issuedAt };
      return this.#current;
    } catch (err) {
      this.#key = null;
      throw new ProviderTokenError(`cannot sign the APNs provider token: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
}
