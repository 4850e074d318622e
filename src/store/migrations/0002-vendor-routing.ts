import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/**
 * Vendor channels in dispatch (issue 4). A message keeps its routing (strategy, vendor sequence,
 * overrides); a delivery keeps its vendor leg: which vendor, its state, when it is due, attempts.
 * `channel` keeps meaning "the own channel may deliver this" ('ws') or not ('vendor').
 */
export const vendorRouting: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('messages').addColumn('routing', 'text').execute();
    await db.schema.alterTable('deliveries').addColumn('vendor', 'text').execute();
    // null: no vendor leg; 'due': waiting for vendor_due_at; 'sent': a vendor accepted it; 'failed': every vendor gave up.
    await db.schema.alterTable('deliveries').addColumn('vendor_state', 'text').execute();
    await db.schema.alterTable('deliveries').addColumn('vendor_due_at', 'bigint').execute();
    await db.schema
      .alterTable('deliveries')
      .addColumn('vendor_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('deliveries').addColumn('vendor_error', 'text').execute();
    // The vendor relay polls due legs only; acked and settled rows drop out of this index.
    await db.schema
      .createIndex('deliveries_vendor_due')
      .on('deliveries')
      .column('vendor_due_at')
      .where(sql.ref('vendor_due_at'), 'is not', null)
      .execute();
    // A message a vendor delivered is no longer owed on the own channel: the device already shows it.
    await db.schema.dropIndex('deliveries_owed').execute();
    await db.schema
      .createIndex('deliveries_owed')
      .on('deliveries')
      .columns(['device_id', 'message_id'])
      .where(
        sql<boolean>`(status in ('queued', 'sent') and channel = 'ws' and coalesce(vendor_state, '') <> 'sent') or pending_control is not null`,
      )
      .execute();
    // Tokens cleared on a vendor's word, counted per app and vendor for the app's token health view.
    await db.schema
      .createTable('token_invalidations')
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('last_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('token_invalidations_pk', ['app_id', 'vendor'])
      .execute();
  },
};
