import type { Kysely, Migration } from 'kysely';

/**
 * Per-app delivery statistics (domain/stats.ts): one counter per app, hour bucket (start, epoch
 * ms), channel and metric. Tall rather than one column per metric, so a new metric needs no
 * migration and an increment is one upsert whatever it counts.
 */
export const hourlyStats: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('hourly_stats')
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('hour', 'bigint', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      // Leads with (app_id, hour): a range read per app and the delete with the app use it.
      .addPrimaryKeyConstraint('hourly_stats_pk', ['app_id', 'hour', 'channel', 'metric'])
      .execute();
  },
};
