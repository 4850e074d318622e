/** An auth token and when to fetch the next one (before the vendor expires it). */
export interface CachedToken {
  readonly token: string;
  readonly refreshAt: number;
}

/**
 * The cache every vendor auth token needs: reuse the token until its refresh time, let concurrent
 * callers share one in-flight fetch (token endpoints are rate-limited), and forget a token the
 * vendor refused — unless a newer one has replaced it meanwhile.
 */
export class TokenCache {
  readonly #now: () => number;
  readonly #fetch: () => Promise<CachedToken>;
  #cached: CachedToken | null = null;
  #inflight: Promise<string> | null = null;

  constructor(now: () => number, fetch: () => Promise<CachedToken>) {
    this.#now = now;
    this.#fetch = fetch;
  }

  /** The cached token, or a fresh one; rejects with whatever the fetch rejects with. */
  get(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#now() < cached.refreshAt) return Promise.resolve(cached.token);
    this.#inflight ??= this.#fetch()
      .then((t) => {
        this.#cached = t;
        return t.token;
      })
      .finally(() => {
        this.#inflight = null;
      });
    return this.#inflight;
  }

  /** Drops `token` after the vendor refused it; a no-op once a newer token is cached. */
  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = null;
  }
}
