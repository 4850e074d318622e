import type { Clock } from '../domain/clock.js';
import { invalid, notFound } from '../domain/errors.js';
import { newId, newSecret } from '../domain/ids.js';
import { checkOneOf } from '../domain/validate.js';
import type { Webhook, WebhookDelivery, WebhookEventType } from '../domain/webhook.js';
import { WEBHOOK_EVENTS } from '../domain/webhook.js';
import type { PageRequest, Store } from '../store/store.js';

/** An app has at most this many webhooks: each event is written once per webhook. */
const MAX_WEBHOOKS_PER_APP = 10;

/** Webhook subscriptions of an app: register, list, delete, and the state of their calls. */
export class Webhooks {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  async create(appId: string, url: string, events: readonly string[]): Promise<Webhook> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalid('url', 'must be an absolute http(s) URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw invalid('url', 'must be an http(s) URL');
    if (events.length === 0)
      throw invalid('events', `must name at least one of ${WEBHOOK_EVENTS.join(', ')}`);
    const checked = [
      ...new Set(events.map((e, i) => checkOneOf(`events[${i}]`, e, WEBHOOK_EVENTS))),
    ] as WebhookEventType[];
    if ((await this.#store.webhooks.list(appId)).length >= MAX_WEBHOOKS_PER_APP) {
      throw invalid('url', `an app may have at most ${MAX_WEBHOOKS_PER_APP} webhooks`);
    }
    const hook: Webhook = {
      id: newId(),
      appId,
      url,
      secret: newSecret(24),
      events: checked,
      createdAt: this.#clock.now(),
    };
    await this.#store.webhooks.insert(hook);
    return hook;
  }

  list(appId: string): Promise<Webhook[]> {
    return this.#store.webhooks.list(appId);
  }

  async delete(appId: string, id: string): Promise<void> {
    if (!(await this.#store.webhooks.delete(appId, id))) throw notFound('webhook');
  }

  async deliveries(appId: string, id: string, page: PageRequest): Promise<WebhookDelivery[]> {
    if (!(await this.#store.webhooks.get(appId, id))) throw notFound('webhook');
    return this.#store.webhooks.listDeliveries(appId, id, page);
  }
}
