import { type Kysely, sql } from 'kysely';
import type { DeliveryStatus } from '../domain/delivery.js';
import type { Vendor } from '../domain/device.js';
import type { DialectTraits } from './dialect-traits.js';
import type { Database } from './schema.js';
import type { ChannelCountRow, VendorLeg, VendorSettlement } from './store.js';

/**
 * The vendor legs of deliveries: leased when due (so two nodes never send one twice), settled with
 * the vendor's answer, and counted per channel.
 */

export async function claimVendorDue(
  db: Kysely<Database>,
  traits: DialectTraits,
  now: number,
  leaseMs: number,
  limit: number,
): Promise<VendorLeg[]> {
  return db.transaction().execute(async (tx) => {
    let q = tx
      .selectFrom('deliveries')
      .select(['message_id', 'device_id', 'app_id', 'vendor', 'vendor_attempts'])
      // Literal, as in the partial index deliveries_vendor_due.
      .where(sql<boolean>`vendor_due_at is not null`)
      .where('vendor_due_at', '<=', now)
      .orderBy('vendor_due_at')
      .limit(limit);
    if (traits.skipLocked) q = q.forUpdate().skipLocked();
    const rows = await q.execute();
    const byMessage = new Map<string, string[]>();
    for (const r of rows) byMessage.set(r.message_id, [...(byMessage.get(r.message_id) ?? []), r.device_id]);
    for (const [messageId, deviceIds] of byMessage) {
      await tx
        .updateTable('deliveries')
        .set({ vendor_due_at: now + leaseMs })
        .where('message_id', '=', messageId)
        .where(sql<boolean>`device_id in (select value from ${traits.idTable(deviceIds)})`)
        .execute();
    }
    return rows.map((r) => ({
      messageId: r.message_id,
      deviceId: r.device_id,
      appId: r.app_id,
      vendor: r.vendor as Vendor | null,
      attempts: r.vendor_attempts,
    }));
  });
}

/** Settlements that write the same values are one UPDATE per message. */
function groupKey(s: VendorSettlement): string {
  switch (s.kind) {
    case 'sent':
      return `sent\u0000${s.vendor}`;
    case 'retry':
      return `retry\u0000${s.vendor}\u0000${s.dueAt}\u0000${s.attempts}\u0000${s.error}`;
    case 'failed':
      return `failed\u0000${s.vendor}\u0000${s.error}`;
    case 'dropped':
      return 'dropped';
  }
}

export async function settleVendor(
  db: Kysely<Database>,
  traits: DialectTraits,
  settlements: readonly VendorSettlement[],
  now: number,
): Promise<void> {
  if (settlements.length === 0) return;
  const groups = new Map<string, { first: VendorSettlement; messageId: string; deviceIds: string[] }>();
  for (const s of settlements) {
    const key = `${groupKey(s)}\u0000${s.messageId}`;
    const g = groups.get(key) ?? { first: s, messageId: s.messageId, deviceIds: [] };
    g.deviceIds.push(s.deviceId);
    groups.set(key, g);
  }
  await db.transaction().execute(async (tx) => {
    for (const { first: s, messageId, deviceIds } of groups.values()) {
      const base = tx
        .updateTable('deliveries')
        .where('message_id', '=', messageId)
        .where(sql<boolean>`device_id in (select value from ${traits.idTable(deviceIds)})`);
      switch (s.kind) {
        case 'sent':
          // A vendor accepted it: the device counts as sent (seed 000 status 1) unless it already got further.
          await base
            .set((eb) => ({
              vendor: s.vendor,
              vendor_state: 'sent',
              vendor_due_at: null,
              vendor_error: null,
              vendor_attempts: sql<number>`vendor_attempts + 1`,
              status: sql<string>`case when status = 'queued' then 'sent' else status end`,
              sent_at: eb.fn.coalesce('sent_at', eb.val(now)),
              updated_at: now,
            }))
            .execute();
          break;
        case 'retry':
          await base
            .set({
              vendor: s.vendor,
              vendor_state: 'due',
              vendor_due_at: s.dueAt,
              vendor_attempts: s.attempts,
              vendor_error: s.error,
            })
            .where('vendor_state', '=', 'due')
            .execute();
          break;
        case 'failed':
          // Only a vendor-only delivery fails outright; otherwise the own channel still delivers on connect.
          await base
            .set({
              vendor: s.vendor,
              vendor_state: 'failed',
              vendor_due_at: null,
              vendor_error: s.error,
              status: sql<string>`case when channel = 'vendor' and status = 'queued' then 'failed' else status end`,
              updated_at: now,
            })
            .execute();
          break;
        case 'dropped':
          await base
            .set({
              vendor_due_at: null,
              vendor_state: sql<
                string | null
              >`case when vendor_state = 'due' then null else vendor_state end`,
            })
            .execute();
          break;
      }
    }
  });
}

export async function channelCounts(db: Kysely<Database>, messageId: string): Promise<ChannelCountRow[]> {
  const rows = await sql<{
    channel: string;
    vendor: string | null;
    vendor_state: string | null;
    status: string;
    s: number | boolean;
    r: number | boolean;
    d: number | boolean;
    c: number | boolean;
    n: number | string;
  }>`
    select channel, vendor, vendor_state, status,
           sent_at is not null as s, received_at is not null as r,
           displayed_at is not null as d, clicked_at is not null as c, count(*) as n
    from deliveries where message_id = ${messageId}
    group by channel, vendor, vendor_state, status, sent_at is not null, received_at is not null,
             displayed_at is not null, clicked_at is not null`.execute(db);
  const flag = (v: number | boolean) => Boolean(Number(v));
  return rows.rows.map((r) => ({
    ownChannel: r.channel === 'ws',
    vendor: r.vendor as Vendor | null,
    vendorState: r.vendor_state as ChannelCountRow['vendorState'],
    status: r.status as DeliveryStatus,
    sent: flag(r.s),
    received: flag(r.r),
    displayed: flag(r.d),
    clicked: flag(r.c),
    n: Number(r.n),
  }));
}

/** Sends again, now, every leg a vendor accepted (a replace): returns how many per vendor. */
export async function rearmVendorSent(
  db: Kysely<Database>,
  messageId: string,
  now: number,
): Promise<Partial<Record<Vendor, number>>> {
  return db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('deliveries')
      .select(['vendor', (eb) => eb.fn.countAll<number>().as('n')])
      .where('message_id', '=', messageId)
      .where('vendor_state', '=', 'sent')
      .groupBy('vendor')
      .execute();
    await tx
      .updateTable('deliveries')
      .set({ vendor_state: 'due', vendor_due_at: now, vendor_attempts: 0, vendor_error: null })
      .where('message_id', '=', messageId)
      .where('vendor_state', '=', 'sent')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.vendor as Vendor, Number(r.n)]));
  });
}
