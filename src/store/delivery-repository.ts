import { type Kysely, sql } from 'kysely';
import type { DeliveryCounts, DeliveryStatus, PendingControl, ReceiptStatus } from '../domain/delivery.js';
import { emptyCounts, HELD_STATUSES, predecessors, UNDELIVERED_STATUSES } from '../domain/delivery.js';
import type { Vendor } from '../domain/device.js';
import type { Message } from '../domain/message.js';
import { initialLeg } from '../domain/routing.js';
import type { DialectTraits } from './dialect-traits.js';
import { toDelivery, toMessage } from './rows.js';
import type { Database } from './schema.js';
import type {
  AdvanceMove,
  AdvanceResult,
  ChannelCountRow,
  ControlChange,
  DeliveryRepository,
  DeliveryRow,
  ExpireResult,
  OwedItem,
  PageRequest,
  StatusUpdate,
  VendorLeg,
  VendorSettlement,
} from './store.js';
import { channelCounts, claimVendorDue, rearmVendorSent, settleVendor } from './vendor-legs.js';

const TIME_COLUMN = {
  sent: 'sent_at',
  received: 'received_at',
  displayed: 'displayed_at',
  clicked: 'clicked_at',
} as const satisfies Record<'sent' | ReceiptStatus, string>;

/**
 * Statuses in which a device shows the message: HELD_STATUSES plus 'replaced', whose device shows
 * an older version and so must hear of a later replace or revoke too.
 */
const HOLDING_STATUSES: readonly DeliveryStatus[] = [...HELD_STATUSES, 'replaced'];

/** A receipt on the own channel ends a vendor leg that was only waiting: it is never tried. */
const OWN_CHANNEL_ACKED = {
  vendor_due_at: null,
  vendor_state: sql<string | null>`case when vendor_state = 'due' then null else vendor_state end`,
};
/** Revoked or expired before any vendor took it: nothing left to try. */
const VENDOR_LEG_CANCELLED = OWN_CHANNEL_ACKED;

/** Below this many devices of one message in a receipt batch, its rows are read by (message, device) pairs. */
const FEW_DEVICES = 16;

/** Devices per UPDATE: a fan-out's acks in a few statements, each short enough not to stall other writers. */
const UPDATE_CHUNK = 2000;

export class KyselyDeliveryRepository implements DeliveryRepository {
  readonly #db: Kysely<Database>;
  readonly #traits: DialectTraits;

  constructor(db: Kysely<Database>, traits: DialectTraits) {
    this.#db = db;
    this.#traits = traits;
  }

  async enqueue(
    message: Message,
    deviceIds: readonly string[],
    now: number,
    opts: { status?: 'queued' | 'capped' } = {},
  ): Promise<number> {
    if (deviceIds.length === 0) return 0;
    const status = opts.status ?? 'queued';
    // A capped device is recorded, never sent to: no vendor leg either.
    const leg =
      status === 'capped'
        ? { channel: 'ws', vendorDueAt: null, onlyWithToken: false }
        : initialLeg(message.routing, now);
    const hasToken = sql<boolean>`exists (select 1 from device_tokens t where t.device_id = value)`;
    const due =
      leg.vendorDueAt === null
        ? { state: sql`null`, at: sql`null` }
        : leg.onlyWithToken
          ? {
              state: sql`case when ${hasToken} then 'due' end`,
              at: sql`case when ${hasToken} then cast(${leg.vendorDueAt} as bigint) end`,
            }
          : { state: sql`'due'`, at: sql`${leg.vendorDueAt}` };
    // One statement per page whatever its size: the ids travel as a single parameter.
    const r = await sql`
      insert into deliveries (message_id, device_id, app_id, channel, status, pending_control,
                              updated_at, sent_at, received_at, displayed_at, clicked_at,
                              vendor, vendor_state, vendor_due_at, vendor_attempts, vendor_error)
      select ${message.id}, value, ${message.appId}, ${leg.channel}, ${status}, null, ${now}, null, null, null, null,
             null, ${due.state}, ${due.at}, 0, null
      from ${this.#traits.idTable(deviceIds)}
      where true
      on conflict (message_id, device_id) do nothing`.execute(this.#db);
    return Number(r.numAffectedRows ?? 0n);
  }

  async advance(updates: readonly StatusUpdate[], now: number): Promise<AdvanceResult> {
    if (updates.length === 0) return { changed: 0, moves: [] };
    // One UPDATE per (message, status) group: a fan-out's thousands of acks become a few statements.
    const groups = new Map<
      string,
      { messageId: string; status: StatusUpdate['status']; deviceIds: string[] }
    >();
    for (const u of updates) {
      const key = `${u.status}\u0000${u.messageId}`;
      const g = groups.get(key) ?? { messageId: u.messageId, status: u.status, deviceIds: [] };
      g.deviceIds.push(u.deviceId);
      groups.set(key, g);
    }
    const moves = new Map<string, AdvanceMove>();
    let changed = 0;
    await this.#db.transaction().execute(async (tx) => {
      // One read of every row the batch touches (locked where the dialect has row locks), then the
      // groups are played over it in order: the report is exactly what the UPDATEs change, so
      // statistics count each delivery once per stage, at the cost of one statement per batch.
      const current = new Map<
        string,
        { status: string; vendor: string | null; vendorState: string | null }
      >();
      type Row = {
        message_id: string;
        device_id: string;
        status: string;
        vendor: string | null;
        vendor_state: string | null;
      };
      const keep = (rows: readonly Row[]) => {
        for (const r of rows)
          current.set(`${r.message_id}\u0000${r.device_id}`, {
            status: r.status,
            vendor: r.vendor,
            vendorState: r.vendor_state,
          });
      };
      const lock = this.#traits.lockRows ? sql`for update of d` : sql``;
      const byMessage = new Map<string, Set<string>>();
      for (const u of updates) {
        const ids = byMessage.get(u.messageId) ?? new Set<string>();
        ids.add(u.deviceId);
        byMessage.set(u.messageId, ids);
      }
      // A fan-out's acks are many devices of one message: read those by message (an id list); the
      // rest — a device or two each of many messages (unicasts) — in one read of (message, device) pairs.
      const pairs: Array<[string, string]> = [];
      for (const [messageId, ids] of byMessage) {
        if (ids.size < FEW_DEVICES) {
          for (const id of ids) pairs.push([messageId, id]);
          continue;
        }
        const all = [...ids];
        for (let i = 0; i < all.length; i += UPDATE_CHUNK) {
          const rows = await sql<Row>`select d.message_id, d.device_id, d.status, d.vendor, d.vendor_state
             from deliveries d where d.message_id = ${messageId}
               and d.device_id in (select value from ${this.#traits.idTable(all.slice(i, i + UPDATE_CHUNK))})
             ${lock}`.execute(tx);
          keep(rows.rows);
        }
      }
      for (let i = 0; i < pairs.length; i += UPDATE_CHUNK) {
        const rows = await sql<Row>`select d.message_id, d.device_id, d.status, d.vendor, d.vendor_state
           from deliveries d join ${this.#traits.pairTable(pairs.slice(i, i + UPDATE_CHUNK))}
             on d.message_id = pairs.message_id and d.device_id = pairs.device_id
           ${lock}`.execute(tx);
        keep(rows.rows);
      }
      for (const g of groups.values()) {
        const from = predecessors(g.status);
        const moving: Array<{ deviceId: string; status: string; vendor: Vendor | null }> = [];
        for (const deviceId of g.deviceIds) {
          const row = current.get(`${g.messageId}\u0000${deviceId}`);
          if (!row || !(from as string[]).includes(row.status)) continue;
          moving.push({
            deviceId,
            status: row.status,
            vendor: row.vendorState === 'sent' ? (row.vendor as Vendor | null) : null,
          });
          row.status = g.status;
        }
        const column = TIME_COLUMN[g.status];
        for (let i = 0; i < moving.length; i += UPDATE_CHUNK) {
          const slice = moving.slice(i, i + UPDATE_CHUNK);
          const r = await tx
            .updateTable('deliveries')
            .set((eb) => ({
              status: g.status,
              updated_at: now,
              [column]: now,
              // A receipt can overtake the "sent" write; the delivery was sent no later than it was received.
              ...(g.status !== 'sent' ? { sent_at: eb.fn.coalesce('sent_at', eb.val(now)) } : {}),
              // The device has it: a vendor leg still waiting is not needed any more.
              ...(g.status !== 'sent' ? OWN_CHANNEL_ACKED : {}),
            }))
            .where('message_id', '=', g.messageId)
            .where(
              sql<boolean>`device_id in (select value from ${this.#traits.idTable(slice.map((m) => m.deviceId))})`,
            )
            .where('status', 'in', from)
            .executeTakeFirst();
          changed += Number(r.numUpdatedRows);
        }
        for (const m of moving) {
          const key = `${g.status}\u0000${g.messageId}\u0000${m.status}\u0000${m.vendor ?? ''}`;
          const prev = moves.get(key);
          moves.set(key, {
            messageId: g.messageId,
            status: g.status,
            from: m.status as DeliveryStatus,
            vendor: m.vendor,
            count: (prev?.count ?? 0) + 1,
          });
        }
      }
    });
    return { changed, moves: [...moves.values()] };
  }

  async owedTo(deviceId: string, now: number, limit: number, afterMessageId?: string): Promise<OwedItem[]> {
    let q = this.#db
      .selectFrom('deliveries')
      .innerJoin('messages', 'messages.id', 'deliveries.message_id')
      .selectAll('messages')
      .select(['deliveries.status as d_status', 'deliveries.pending_control as d_control'])
      .where('deliveries.device_id', '=', deviceId)
      // The very condition of the partial index deliveries_owed, as literals, so SQLite can use it:
      // it proves implication only from identical terms, not from bound parameters.
      .where(
        sql<boolean>`((deliveries.status in ('queued', 'sent') and deliveries.channel = 'ws' and coalesce(deliveries.vendor_state, '') <> 'sent') or deliveries.pending_control is not null)`,
      )
      .where((eb) =>
        eb.or([
          eb.and([
            eb('deliveries.status', 'in', [...UNDELIVERED_STATUSES]),
            eb('messages.revoked_at', 'is', null),
            eb.or([eb('messages.expires_at', 'is', null), eb('messages.expires_at', '>', now)]),
          ]),
          eb('deliveries.pending_control', 'is not', null),
        ]),
      )
      .orderBy('deliveries.message_id')
      .limit(limit);
    if (afterMessageId !== undefined) q = q.where('deliveries.message_id', '>', afterMessageId);
    const rows = await q.execute();
    return rows.map((r) => ({
      message: toMessage(r),
      status: r.d_status as OwedItem['status'],
      control: r.d_control as PendingControl | null,
    }));
  }

  async clearControl(messageId: string, deviceId: string, control: PendingControl): Promise<void> {
    await this.#db
      .updateTable('deliveries')
      .set({ pending_control: null })
      .where('message_id', '=', messageId)
      .where('device_id', '=', deviceId)
      .where('pending_control', '=', control)
      .execute();
  }

  async control(messageId: string, control: PendingControl, now: number): Promise<ControlChange> {
    return this.#db.transaction().execute(async (tx) => {
      // RETURNING reports exactly the rows changed: a receipt landing between a SELECT and the
      // UPDATE would otherwise leave a device owing a frame that the caller never hears of.
      const held = await tx
        .updateTable('deliveries')
        .set({
          status: control === 'revoke' ? 'revoked' : 'replaced',
          pending_control: control,
          updated_at: now,
        })
        .where('message_id', '=', messageId)
        .where('status', 'in', [...HOLDING_STATUSES])
        .returning('device_id')
        .execute();
      let queued = 0;
      if (control === 'revoke') {
        // Never shown, so nothing to take back: it simply will not be delivered.
        const r = await tx
          .updateTable('deliveries')
          .set({ status: 'revoked', updated_at: now, ...VENDOR_LEG_CANCELLED })
          .where('message_id', '=', messageId)
          .where('status', '=', 'queued')
          .executeTakeFirst();
        queued = Number(r.numUpdatedRows);
      }
      return { held: held.map((r) => r.device_id), changed: held.length + queued };
    });
  }

  async counts(messageId: string): Promise<DeliveryCounts> {
    const rows = await this.#db
      .selectFrom('deliveries')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('message_id', '=', messageId)
      .groupBy('status')
      .execute();
    const counts = emptyCounts();
    for (const r of rows) counts[r.status as keyof DeliveryCounts] = Number(r.n);
    return counts;
  }

  async users(messageId: string, page: PageRequest): Promise<string[]> {
    let q = this.#db
      .selectFrom('deliveries')
      .innerJoin('devices', 'devices.id', 'deliveries.device_id')
      .select('devices.user_id')
      .distinct()
      .where('deliveries.message_id', '=', messageId)
      .where('devices.user_id', 'is not', null)
      .orderBy('devices.user_id')
      .limit(page.limit);
    if (page.after) q = q.where('devices.user_id', '>', page.after);
    return (await q.execute()).map((r) => r.user_id!);
  }

  async list(messageId: string, page: PageRequest): Promise<DeliveryRow[]> {
    let q = this.#db
      .selectFrom('deliveries')
      .selectAll()
      .where('message_id', '=', messageId)
      .orderBy('device_id')
      .limit(page.limit);
    if (page.after) q = q.where('device_id', '>', page.after);
    return (await q.execute()).map(toDelivery);
  }

  async get(messageId: string, deviceId: string): Promise<DeliveryRow | undefined> {
    const r = await this.#db
      .selectFrom('deliveries')
      .selectAll()
      .where('message_id', '=', messageId)
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    return r && toDelivery(r);
  }

  async expire(now: number, limit: number): Promise<ExpireResult> {
    const expired = await this.#db
      .selectFrom('messages')
      .select(['id', 'app_id'])
      .where('expires_at', '<=', now)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('deliveries')
            .select('deliveries.device_id')
            .whereRef('deliveries.message_id', '=', 'messages.id')
            .where('deliveries.status', 'in', [...UNDELIVERED_STATUSES]),
        ),
      )
      .limit(limit)
      .execute();
    const byApp: Record<string, number> = {};
    let changed = 0;
    // One UPDATE per app, so each app's statistics get their own count.
    const messagesOf = new Map<string, string[]>();
    for (const e of expired) messagesOf.set(e.app_id, [...(messagesOf.get(e.app_id) ?? []), e.id]);
    for (const [appId, ids] of messagesOf) {
      const r = await this.#db
        .updateTable('deliveries')
        .set({ status: 'expired', updated_at: now, ...VENDOR_LEG_CANCELLED })
        .where('message_id', 'in', ids)
        .where('status', 'in', [...UNDELIVERED_STATUSES])
        .executeTakeFirst();
      const n = Number(r.numUpdatedRows);
      changed += n;
      if (n > 0) byApp[appId] = n;
    }
    return { changed, byApp };
  }

  claimVendorDue(now: number, leaseMs: number, limit: number): Promise<VendorLeg[]> {
    return claimVendorDue(this.#db, this.#traits, now, leaseMs, limit);
  }

  settleVendor(settlements: readonly VendorSettlement[], now: number): Promise<void> {
    return settleVendor(this.#db, this.#traits, settlements, now);
  }

  channelCounts(messageId: string): Promise<ChannelCountRow[]> {
    return channelCounts(this.#db, messageId);
  }

  rearmVendorSent(messageId: string, now: number): Promise<Partial<Record<Vendor, number>>> {
    return rearmVendorSent(this.#db, messageId, now);
  }
}
