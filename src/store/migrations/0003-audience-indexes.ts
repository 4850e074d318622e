import type { Kysely, Migration } from 'kysely';

/**
 * Area targeting (seed 003's province / city scope) without reading every device of the app.
 * `id`, `status` and `user_id` ride along so that an audience count (devices and distinct users)
 * is answered from the index alone on SQLite, and a single-province page walks `id` in order.
 * Measured by bench/audience.ts on 1M devices.
 */
export const audienceIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('devices_app_province')
      .on('devices')
      .columns(['app_id', 'province', 'id', 'status', 'user_id'])
      .execute();
    await db.schema
      .createIndex('devices_app_city')
      .on('devices')
      .columns(['app_id', 'city', 'id', 'status', 'user_id'])
      .execute();
  },
};
