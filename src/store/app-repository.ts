import type { Kysely } from 'kysely';
import type { App } from '../domain/app.js';
import type { FrequencyCap } from '../domain/frequency-cap.js';
import type { QuietHours } from '../domain/quiet-hours.js';
import { toApp } from './rows.js';
import type { Database } from './schema.js';
import type { AppRepository, PageRequest } from './store.js';

/** Tables holding app-owned rows with an app_id index, deleted with the app. */
const OWNED_TABLES = [
  'tasks',
  'device_tags',
  'device_tokens',
  'devices',
  'org_members',
  'org_nodes',
  'webhooks',
  'webhook_deliveries',
  'credentials',
  'token_invalidations',
  'hourly_stats',
] as const;

export class KyselyAppRepository implements AppRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(app: App): Promise<void> {
    await this.#db
      .insertInto('apps')
      .values({
        id: app.id,
        name: app.name,
        app_key: app.appKey,
        master_secret: app.masterSecret,
        quiet_hours: app.quietHours === null ? null : JSON.stringify(app.quietHours),
        frequency_cap: app.frequencyCap ? JSON.stringify(app.frequencyCap) : null,
        created_at: app.createdAt,
        updated_at: app.updatedAt,
      })
      .execute();
  }

  async get(id: string): Promise<App | undefined> {
    const r = await this.#db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toApp(r);
  }

  async getByKey(appKey: string): Promise<App | undefined> {
    const r = await this.#db.selectFrom('apps').selectAll().where('app_key', '=', appKey).executeTakeFirst();
    return r && toApp(r);
  }

  async list(page: PageRequest): Promise<App[]> {
    let q = this.#db.selectFrom('apps').selectAll().orderBy('id').limit(page.limit);
    if (page.after) q = q.where('id', '>', page.after);
    return (await q.execute()).map(toApp);
  }

  async update(
    id: string,
    patch: {
      name?: string;
      masterSecret?: string;
      quietHours?: QuietHours | null;
      frequencyCap?: FrequencyCap | null;
    },
    now: number,
  ): Promise<App | undefined> {
    await this.#db
      .updateTable('apps')
      .set({
        updated_at: now,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.masterSecret !== undefined ? { master_secret: patch.masterSecret } : {}),
        ...(patch.quietHours !== undefined
          ? { quiet_hours: patch.quietHours === null ? null : JSON.stringify(patch.quietHours) }
          : {}),
        ...(patch.frequencyCap !== undefined
          ? { frequency_cap: patch.frequencyCap === null ? null : JSON.stringify(patch.frequencyCap) }
          : {}),
      })
      .where('id', '=', id)
      .execute();
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.#db.transaction().execute(async (tx) => {
      // Deliveries and messages are reached through the app's tasks: an app_id index on those two
      // biggest tables would be paid on every push for the sake of this rare operation.
      const messageIds = tx.selectFrom('tasks').select('message_id').where('app_id', '=', id);
      await tx.deleteFrom('deliveries').where('message_id', 'in', messageIds).execute();
      await tx.deleteFrom('messages').where('id', 'in', messageIds).execute();
      for (const table of OWNED_TABLES) await tx.deleteFrom(table).where('app_id', '=', id).execute();
      const r = await tx.deleteFrom('apps').where('id', '=', id).executeTakeFirst();
      return r.numDeletedRows > 0n;
    });
  }
}
