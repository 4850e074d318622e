import { type Kysely, sql } from 'kysely';
import type { Audience, AudienceFilter } from '../domain/audience.js';
import type { Message } from '../domain/message.js';
import { type InitialLeg, initialLeg } from '../domain/routing.js';
import { audienceCondition } from './audience-filter.js';
import type { DialectTraits } from './dialect-traits.js';
import { toMessage } from './rows.js';
import type { Database } from './schema.js';
import type { BroadcastRepository, OwedBroadcast, PageRequest } from './store.js';

const DELIVERY_COLUMNS = [
  'message_id',
  'device_id',
  'app_id',
  'channel',
  'status',
  'pending_control',
  'updated_at',
  'sent_at',
  'received_at',
  'displayed_at',
  'clicked_at',
  'vendor',
  'vendor_state',
  'vendor_due_at',
  'vendor_attempts',
  'vendor_error',
] as const;

const hasToken = sql<boolean>`exists (select 1 from device_tokens t where t.device_id = devices.id)`;
const dueState = (leg: InitialLeg) =>
  leg.vendorDueAt === null
    ? sql<string | null>`null`
    : leg.onlyWithToken
      ? sql<string | null>`case when ${hasToken} then 'due' end`
      : sql<string | null>`'due'`;
const dueAt = (leg: InitialLeg) =>
  leg.vendorDueAt === null
    ? sql<number | null>`null`
    : leg.onlyWithToken
      ? sql<number | null>`case when ${hasToken} then cast(${leg.vendorDueAt} as bigint) end`
      : sql<number | null>`${leg.vendorDueAt}`;

/** A queued delivery of `message` per selected device, in DELIVERY_COLUMNS order. */
function legColumns(message: Message, leg: InitialLeg, now: number) {
  return [
    sql.val(message.id).as('message_id'),
    'devices.id',
    'devices.app_id',
    sql.val(leg.channel).as('channel'),
    sql.val('queued').as('status'),
    sql.val(null).as('pending_control'),
    sql.val(now).as('updated_at'),
    sql.val(null).as('sent_at'),
    sql.val(null).as('received_at'),
    sql.val(null).as('displayed_at'),
    sql.val(null).as('clicked_at'),
    sql.val(null).as('vendor'),
    dueState(leg).as('vendor_state'),
    dueAt(leg).as('vendor_due_at'),
    sql.val(0).as('vendor_attempts'),
    sql.val(null).as('vendor_error'),
  ] as const;
}

export class KyselyBroadcastRepository implements BroadcastRepository {
  readonly #db: Kysely<Database>;
  readonly #traits: DialectTraits;

  constructor(db: Kysely<Database>, traits: DialectTraits) {
    this.#db = db;
    this.#traits = traits;
  }

  async open(messageId: string, at: number): Promise<void> {
    await this.#db.updateTable('messages').set({ fanout_at: at }).where('id', '=', messageId).execute();
  }

  async claim(
    message: Message,
    deviceIds: readonly string[],
    now: number,
    filter?: AudienceFilter,
  ): Promise<string[]> {
    if (deviceIds.length === 0) return [];
    const leg = initialLeg(message.routing, now);
    // With a filter, the audience check and the row are one statement: only devices it selects get
    // one. RETURNING names exactly the rows this call created: a device reached twice at once (its
    // replay and the live fan-out) is sent to by whichever created the row.
    const rows = await this.#db
      .insertInto('deliveries')
      .columns(DELIVERY_COLUMNS)
      .expression((eb) => {
        const q = eb
          .selectFrom('devices')
          .select(legColumns(message, leg, now))
          // Bound ids, not an id table: SQLite then plans primary-key lookups instead of walking the
          // app's million devices (better-sqlite3 would block the event loop meanwhile).
          .where('devices.id', 'in', [...deviceIds]);
        return filter
          ? q.where((w) => audienceCondition(w, this.#traits, message.appId, filter, 'paged'))
          : q.where('devices.app_id', '=', message.appId);
      })
      .onConflict((oc) => oc.columns(['message_id', 'device_id']).doNothing())
      .returning('device_id')
      .execute();
    return rows.map((r) => r.device_id);
  }

  async vendorRoutes(message: Message, filter: AudienceFilter, now: number): Promise<number> {
    const leg = initialLeg(message.routing, now);
    if (leg.vendorDueAt === null) return 0;
    // Only devices a vendor can reach need a row up front: their vendor leg must be tracked.
    const r = await this.#db
      .insertInto('deliveries')
      .columns(DELIVERY_COLUMNS)
      .expression((eb) =>
        eb
          .selectFrom('devices')
          .select(legColumns(message, leg, now))
          .where((w) => audienceCondition(w, this.#traits, message.appId, filter, 'whole'))
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('device_tokens')
                .select('device_tokens.device_id')
                .whereRef('device_tokens.device_id', '=', 'devices.id'),
            ),
          ),
      )
      .onConflict((oc) => oc.columns(['message_id', 'device_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n);
  }

  async users(appId: string, filter: AudienceFilter, page: PageRequest): Promise<string[]> {
    let q = this.#db
      .selectFrom('devices')
      .select('devices.user_id')
      .distinct()
      .where((eb) => audienceCondition(eb, this.#traits, appId, filter, 'paged'))
      .where('devices.user_id', 'is not', null)
      .orderBy('devices.user_id')
      .limit(page.limit);
    if (page.after) q = q.where('devices.user_id', '>', page.after);
    return (await q.execute()).map((r) => r.user_id!);
  }

  async owed(appId: string, deviceId: string, now: number): Promise<OwedBroadcast[]> {
    const rows = await this.#db
      .selectFrom('messages')
      .innerJoin('tasks', 'tasks.id', 'messages.task_id')
      .selectAll('messages')
      .select(['tasks.audience as t_audience', 'tasks.test_only as t_test_only'])
      .where('messages.app_id', '=', appId)
      // Literal, as in the partial index messages_broadcasts.
      .where(sql<boolean>`messages.fanout_at is not null`)
      .where('messages.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('messages.expires_at', 'is', null), eb('messages.expires_at', '>', now)]))
      // A broadcast reaches the devices registered when it went out, not those that came later.
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('devices')
            .select('devices.id')
            .where('devices.id', '=', deviceId)
            .whereRef('devices.reg_time', '<=', 'messages.fanout_at'),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deliveries')
              .select('deliveries.device_id')
              .whereRef('deliveries.message_id', '=', 'messages.id')
              .where('deliveries.device_id', '=', deviceId),
          ),
        ),
      )
      .orderBy('messages.id')
      .execute();
    return rows.map((r) => ({
      message: toMessage(r),
      filter: { audience: JSON.parse(r.t_audience) as Audience, testOnly: r.t_test_only === 1 },
    }));
  }
}
