import type { Kysely, Migration } from 'kysely';

/**
 * Delivery rules of issue 3: an app's per-device frequency cap (with a counter per device) and
 * tasks delivered at a local time in each device's time zone, one wave per distinct moment.
 */
export const deliveryRules: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('apps').addColumn('frequency_cap', 'text').execute();
    await db.schema
      .createTable('device_frequency')
      .addColumn('device_id', 'text', (c) => c.primaryKey())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .execute();
    // "HH:MM": deliver at this local time in each device's time zone. The wave being dispatched is
    // the one due at send_at: devices whose zone reaches HH:MM at that instant.
    await db.schema.alterTable('tasks').addColumn('local_time', 'text').execute();
  },
};
