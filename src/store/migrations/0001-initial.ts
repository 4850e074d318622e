import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/** Times are bigint (epoch ms); text ids are UUIDv7 so primary-key order is insertion order. */
export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('apps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('app_key', 'text', (c) => c.notNull().unique())
      .addColumn('master_secret', 'text', (c) => c.notNull())
      .addColumn('quiet_hours', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('app_package', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull().unique())
      .addColumn('push_id', 'text')
      .addColumn('device_name', 'text')
      .addColumn('device_type', 'text', (c) => c.notNull())
      .addColumn('type_id', 'text')
      .addColumn('platform', 'text')
      .addColumn('user_id', 'text')
      .addColumn('alias', 'text')
      .addColumn('locale', 'text')
      .addColumn('timezone', 'text')
      .addColumn('province', 'text')
      .addColumn('city', 'text')
      .addColumn('product_id', 'text')
      .addColumn('is_test', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('reg_time', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('last_active_at', 'bigint')
      .addUniqueConstraint('devices_identity', ['app_id', 'client_id', 'app_package'])
      .execute();
    // Audience pages walk (app_id, id); user and alias targeting look up by value.
    await db.schema.createIndex('devices_app_id').on('devices').columns(['app_id', 'id']).execute();
    await db.schema.createIndex('devices_app_user').on('devices').columns(['app_id', 'user_id']).execute();
    await db.schema.createIndex('devices_app_alias').on('devices').columns(['app_id', 'alias']).execute();

    await db.schema
      .createTable('device_tags')
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('device_tags_pk', ['app_id', 'tag', 'device_id'])
      .execute();
    await db.schema.createIndex('device_tags_device').on('device_tags').column('device_id').execute();

    await db.schema
      .createTable('device_tokens')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('device_tokens_pk', ['device_id', 'vendor'])
      .execute();
    await db.schema
      .createIndex('device_tokens_lookup')
      .on('device_tokens')
      .columns(['app_id', 'vendor', 'token'])
      .execute();

    // Organisation tree per app. `path` is the chain of ids from the root ("/a/b/"), so "a node and
    // everything below it" is one prefix match, and a move rewrites one prefix.
    await db.schema
      .createTable('org_nodes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('org_nodes_path').on('org_nodes').columns(['app_id', 'path']).execute();
    await db.schema
      .createTable('org_members')
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('node_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_members_pk', ['node_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('org_members_user')
      .on('org_members')
      .columns(['app_id', 'user_id'])
      .execute();

    // Vendor credentials, sealed with AES-256-GCM under HERALD_SECRET_KEY (domain/secret-box.ts).
    await db.schema
      .createTable('credentials')
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('sealed', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('credentials_pk', ['app_id', 'vendor', 'environment'])
      .execute();

    await db.schema
      .createTable('webhooks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhooks_app').on('webhooks').column('app_id').execute();
    // The outbox of webhook calls: one row per batch of events per webhook, retried until delivered or given up.
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('webhook_id', 'text', (c) => c.notNull())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('event_count', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_due')
      .on('webhook_deliveries')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_hook')
      .on('webhook_deliveries')
      .columns(['webhook_id', 'id'])
      .execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('task_id', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('collapse_id', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();

    await db.schema
      .createTable('tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('request_id', 'text')
      // The message title, copied here so task lists can filter and sort on it without a join.
      .addColumn('title', 'text')
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('test_only', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('targeted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('send_at', 'bigint')
      .addColumn('throttle', 'integer')
      .addColumn('cursor', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .addUniqueConstraint('tasks_request', ['app_id', 'request_id'])
      .execute();
    await db.schema.createIndex('tasks_app').on('tasks').columns(['app_id', 'id']).execute();
    await db.schema.createIndex('tasks_app_created').on('tasks').columns(['app_id', 'created_at']).execute();
    // The dispatcher polls unfinished tasks only; a partial index keeps that scan tiny.
    await db.schema
      .createIndex('tasks_open')
      .on('tasks')
      .columns(['status', 'send_at'])
      .where(sql.ref('status'), 'in', sql`('scheduled', 'pending', 'sending')`)
      .execute();

    await db.schema
      .createTable('deliveries')
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('pending_control', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .addColumn('received_at', 'bigint')
      .addColumn('displayed_at', 'bigint')
      .addColumn('clicked_at', 'bigint')
      .addPrimaryKeyConstraint('deliveries_pk', ['message_id', 'device_id'])
      .execute();
    // What a connecting device is owed: only open rows are indexed, so the index stays small.
    await db.schema
      .createIndex('deliveries_owed')
      .on('deliveries')
      .columns(['device_id', 'message_id'])
      .where(sql<boolean>`status in ('queued', 'sent') or pending_control is not null`)
      .execute();
  },
};
