import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/**
 * Broadcasts without a row per offline device: a message dispatched as a broadcast is stamped with
 * `fanout_at`; connected devices get rows as they are sent to, and every other device of the
 * audience (registered by then) claims its row when it connects. The index finds an app's open broadcasts.
 */
export const broadcastLog: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('messages').addColumn('fanout_at', 'bigint').execute();
    await db.schema
      .createIndex('messages_broadcasts')
      .on('messages')
      .columns(['app_id', 'fanout_at'])
      .where(sql.ref('fanout_at'), 'is not', null)
      .execute();
  },
};
