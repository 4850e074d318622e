import type { Kysely } from 'kysely';
import type { Webhook, WebhookDelivery, WebhookDeliveryStatus, WebhookEventType } from '../domain/webhook.js';
import type { DialectTraits } from './dialect-traits.js';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from './schema.js';
import type { PageRequest, WebhookRepository } from './store.js';

const toWebhook = (r: WebhooksTable): Webhook => ({
  id: r.id,
  appId: r.app_id,
  url: r.url,
  secret: r.secret,
  events: JSON.parse(r.events) as WebhookEventType[],
  createdAt: r.created_at,
});

const toDelivery = (r: WebhookDeliveriesTable): WebhookDelivery => ({
  id: r.id,
  webhookId: r.webhook_id,
  appId: r.app_id,
  payload: r.payload,
  eventCount: r.event_count,
  status: r.status as WebhookDeliveryStatus,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

export class KyselyWebhookRepository implements WebhookRepository {
  readonly #db: Kysely<Database>;
  readonly #traits: DialectTraits;

  constructor(db: Kysely<Database>, traits: DialectTraits) {
    this.#db = db;
    this.#traits = traits;
  }

  async insert(w: Webhook): Promise<void> {
    await this.#db
      .insertInto('webhooks')
      .values({
        id: w.id,
        app_id: w.appId,
        url: w.url,
        secret: w.secret,
        events: JSON.stringify(w.events),
        created_at: w.createdAt,
      })
      .execute();
  }

  async list(appId: string): Promise<Webhook[]> {
    return (
      await this.#db.selectFrom('webhooks').selectAll().where('app_id', '=', appId).orderBy('id').execute()
    ).map(toWebhook);
  }

  async get(appId: string, id: string): Promise<Webhook | undefined> {
    const r = await this.#db
      .selectFrom('webhooks')
      .selectAll()
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toWebhook(r);
  }

  async delete(appId: string, id: string): Promise<boolean> {
    return this.#db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('webhook_deliveries')
        .where('app_id', '=', appId)
        .where('webhook_id', '=', id)
        .execute();
      const r = await tx
        .deleteFrom('webhooks')
        .where('app_id', '=', appId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r.numDeletedRows > 0n;
    });
  }

  async enqueue(rows: readonly WebhookDelivery[]): Promise<void> {
    for (let i = 0; i < rows.length; i += this.#traits.insertChunk) {
      await this.#db
        .insertInto('webhook_deliveries')
        .values(
          rows.slice(i, i + this.#traits.insertChunk).map((d) => ({
            id: d.id,
            webhook_id: d.webhookId,
            app_id: d.appId,
            payload: d.payload,
            event_count: d.eventCount,
            status: d.status,
            attempts: d.attempts,
            next_attempt_at: d.nextAttemptAt,
            last_error: d.lastError,
            created_at: d.createdAt,
            delivered_at: d.deliveredAt,
          })),
        )
        .execute();
    }
  }

  async claimDue(
    now: number,
    leaseMs: number,
    limit: number,
  ): Promise<Array<{ delivery: WebhookDelivery; webhook: Webhook }>> {
    return this.#db.transaction().execute(async (tx) => {
      let q = tx
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit);
      if (this.#traits.skipLocked) q = q.forUpdate().skipLocked();
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      // The lease: nobody else picks these up until it runs out, should this node die mid-call.
      await tx
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: now + leaseMs })
        .where('id', 'in', ids)
        .execute();
      const rows = await tx
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
        .selectAll('d')
        .select([
          'w.url as w_url',
          'w.secret as w_secret',
          'w.events as w_events',
          'w.created_at as w_created_at',
        ])
        .where('d.id', 'in', ids)
        .execute();
      return rows.map((r) => ({
        delivery: toDelivery(r),
        webhook: toWebhook({
          id: r.webhook_id,
          app_id: r.app_id,
          url: r.w_url,
          secret: r.w_secret,
          events: r.w_events,
          created_at: r.w_created_at,
        }),
      }));
    });
  }

  async settle(
    id: string,
    result: {
      status: WebhookDeliveryStatus;
      attempts: number;
      nextAttemptAt: number;
      lastError: string | null;
      at: number;
    },
  ): Promise<void> {
    await this.#db
      .updateTable('webhook_deliveries')
      .set({
        status: result.status,
        attempts: result.attempts,
        next_attempt_at: result.nextAttemptAt,
        last_error: result.lastError,
        ...(result.status === 'delivered' ? { delivered_at: result.at } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async listDeliveries(appId: string, webhookId: string, page: PageRequest): Promise<WebhookDelivery[]> {
    let q = this.#db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('app_id', '=', appId)
      .where('webhook_id', '=', webhookId)
      .orderBy('id', 'desc')
      .limit(page.limit);
    if (page.after) q = q.where('id', '<', page.after);
    return (await q.execute()).map(toDelivery);
  }
}
