import type { Clock } from '../domain/clock.js';
import type { Webhook, WebhookDelivery } from '../domain/webhook.js';
import { signWebhook } from '../domain/webhook-signature.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';

export interface WebhookSenderOptions {
  /** First retry delay; it doubles per attempt (with jitter) up to 10 minutes. */
  readonly retryBaseMs: number;
  /** A call still failing this long after its events is given up and marked failed. */
  readonly maxAgeMs: number;
  readonly pollMs?: number;
  /** Per call: a receiver slower than this counts as failed and is retried. */
  readonly timeoutMs?: number;
}

const MAX_DELAY_MS = 10 * 60_000;

/** Delivers the webhook outbox: signed POSTs, retried with exponential backoff and jitter for a bounded time. */
export class WebhookSender {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #opts: Required<WebhookSenderOptions>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(store: Store, clock: Clock, log: Logger, opts: WebhookSenderOptions) {
    this.#store = store;
    this.#clock = clock;
    this.#log = log;
    this.#opts = { pollMs: 250, timeoutMs: 5000, ...opts };
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.#running = this.#running
        .then(() => this.tick())
        .catch((err: unknown) => this.#log.error({ err }, 'webhook round failed'));
    }, this.#opts.pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  /** One round: send every due call, at most 50 at once. */
  async tick(): Promise<void> {
    if (this.#stopped) return;
    const due = await this.#store.webhooks.claimDue(this.#clock.now(), this.#opts.timeoutMs * 2, 50);
    await Promise.all(due.map(({ delivery, webhook }) => this.#send(delivery, webhook)));
  }

  async #send(d: WebhookDelivery, hook: Webhook): Promise<void> {
    const attempts = d.attempts + 1;
    let error: string | null = null;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'herald-webhooks/1',
          'x-herald-webhook-id': hook.id,
          'x-herald-delivery': d.id,
          'x-herald-signature': signWebhook(hook.secret, d.payload, Math.floor(Date.now() / 1000)),
        },
        body: d.payload,
        signal: AbortSignal.timeout(this.#opts.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message;
    }
    const now = this.#clock.now();
    if (error === null) {
      await this.#store.webhooks.settle(d.id, {
        status: 'delivered',
        attempts,
        nextAttemptAt: now,
        lastError: null,
        at: now,
      });
      return;
    }
    // Whole milliseconds: the column is a bigint on PostgreSQL.
    const delay = Math.round(
      Math.min(MAX_DELAY_MS, this.#opts.retryBaseMs * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2),
    );
    const giveUp = now + delay > d.createdAt + this.#opts.maxAgeMs;
    await this.#store.webhooks.settle(d.id, {
      status: giveUp ? 'failed' : 'pending',
      attempts,
      nextAttemptAt: giveUp ? now : now + delay,
      lastError: error,
      at: now,
    });
  }
}
