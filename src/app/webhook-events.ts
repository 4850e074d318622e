import type { Clock } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import type { Webhook, WebhookDelivery, WebhookEvent, WebhookEventType } from '../domain/webhook.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';

/** Events per webhook call: a fan-out's receipts arrive as a few calls, each a size any receiver accepts. */
const EVENTS_PER_CALL = 500;
/** Which webhooks an app has is re-read at most this often, so a new webhook starts receiving quickly. */
const HOOK_CACHE_MS = 2000;

/**
 * Collects events and writes them to the webhook outbox once a second: one row per webhook per
 * batch. The sender (webhook-sender.ts) delivers from there, so an event survives a restart once
 * written; a crash can lose the last second of events, never a delivery.
 */
export class WebhookEvents {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #flushMs: number;
  #pending = new Map<string, WebhookEvent[]>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  readonly #hooks = new Map<string, { hooks: Webhook[]; until: number }>();

  constructor(store: Store, clock: Clock, log: Logger, flushMs = 1000) {
    this.#store = store;
    this.#clock = clock;
    this.#log = log;
    this.#flushMs = flushMs;
  }

  emit(appId: string, type: WebhookEventType, data: WebhookEvent['data']): void {
    const list = this.#pending.get(appId) ?? [];
    list.push({ type, at: this.#clock.now(), data });
    this.#pending.set(appId, list);
    this.#timer ??= setTimeout(() => void this.flush(), this.#flushMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = this.#pending;
    this.#pending = new Map();
    this.#writing = this.#writing
      .then(() => this.#write(pending))
      .catch((err: unknown) => this.#log.error({ err }, 'writing webhook events failed'));
    return this.#writing;
  }

  async #write(pending: Map<string, WebhookEvent[]>): Promise<void> {
    const now = this.#clock.now();
    const rows: WebhookDelivery[] = [];
    for (const [appId, events] of pending) {
      for (const hook of await this.#hooksOf(appId, now)) {
        const wanted = events.filter((e) => hook.events.includes(e.type));
        for (let i = 0; i < wanted.length; i += EVENTS_PER_CALL) {
          const id = newId();
          const batch = wanted.slice(i, i + EVENTS_PER_CALL);
          rows.push({
            id,
            webhookId: hook.id,
            appId,
            payload: JSON.stringify({ webhookId: hook.id, deliveryId: id, events: batch }),
            eventCount: batch.length,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            lastError: null,
            createdAt: now,
            deliveredAt: null,
          });
        }
      }
    }
    if (rows.length > 0) await this.#store.webhooks.enqueue(rows);
  }

  async #hooksOf(appId: string, now: number): Promise<Webhook[]> {
    const hit = this.#hooks.get(appId);
    if (hit && hit.until > now) return hit.hooks;
    const hooks = await this.#store.webhooks.list(appId);
    this.#hooks.set(appId, { hooks, until: now + HOOK_CACHE_MS });
    return hooks;
  }
}
