import type { Clock } from '../domain/clock.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import type { HourlyStats } from './hourly-stats.js';

/**
 * Marks deliveries of expired messages as expired, so task counts say so. Delivery itself never
 * needs this: replay already skips expired messages.
 */
export class ExpirySweeper {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #everyMs: number;
  readonly #stats: HourlyStats | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(store: Store, clock: Clock, log: Logger, everyMs = 30_000, stats?: HourlyStats) {
    this.#stats = stats;
    this.#store = store;
    this.#clock = clock;
    this.#log = log;
    this.#everyMs = everyMs;
  }

  start(): void {
    this.#timer = setInterval(
      () => void this.sweep().catch((err: unknown) => this.#log.error({ err }, 'expiry sweep failed')),
      this.#everyMs,
    );
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** One pass; returns how many deliveries it marked. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await this.#store.deliveries.expire(this.#clock.now(), 200);
      this.#stats?.expired(r.byApp);
      total += r.changed;
      if (r.changed === 0) return total;
    }
  }
}
