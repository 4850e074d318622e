import type { Clock } from '../domain/clock.js';
import type { Store, TokenHealthRow } from '../store/store.js';

/** An app's vendor tokens per vendor: in use, stale (no longer used) and cleared on a vendor's word. */
export class TokenHealth {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #staleMs: number;

  constructor(store: Store, clock: Clock, staleMs: number) {
    this.#store = store;
    this.#clock = clock;
    this.#staleMs = staleMs;
  }

  async report(appId: string): Promise<{ staleAfterDays: number; vendors: TokenHealthRow[] }> {
    const vendors = await this.#store.tokens.health(appId, this.#clock.now() - this.#staleMs);
    return { staleAfterDays: Math.round(this.#staleMs / 86_400_000), vendors };
  }
}
