import type { Kysely } from 'kysely';
import type { Environment, StoredCredential } from '../domain/credential.js';
import type { Vendor } from '../domain/device.js';
import type { CredentialsTable, Database } from './schema.js';
import type { CredentialRepository } from './store.js';

const toCredential = (r: CredentialsTable): StoredCredential => ({
  appId: r.app_id,
  vendor: r.vendor as Vendor,
  environment: r.environment as Environment,
  sealed: r.sealed,
  status: r.status as StoredCredential['status'],
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class KyselyCredentialRepository implements CredentialRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async put(c: StoredCredential): Promise<void> {
    await this.#db
      .insertInto('credentials')
      .values({
        app_id: c.appId,
        vendor: c.vendor,
        environment: c.environment,
        sealed: c.sealed,
        status: c.status,
        last_error: c.lastError,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .onConflict((oc) =>
        oc
          .columns(['app_id', 'vendor', 'environment'])
          .doUpdateSet({ sealed: c.sealed, status: 'ok', last_error: null, updated_at: c.updatedAt }),
      )
      .execute();
  }

  async get(appId: string, vendor: Vendor, environment: Environment): Promise<StoredCredential | undefined> {
    const r = await this.#db
      .selectFrom('credentials')
      .selectAll()
      .where('app_id', '=', appId)
      .where('vendor', '=', vendor)
      .where('environment', '=', environment)
      .executeTakeFirst();
    return r && toCredential(r);
  }

  async list(appId: string): Promise<StoredCredential[]> {
    const rows = await this.#db
      .selectFrom('credentials')
      .selectAll()
      .where('app_id', '=', appId)
      .orderBy('vendor')
      .orderBy('environment')
      .execute();
    return rows.map(toCredential);
  }

  async delete(appId: string, vendor: Vendor, environment: Environment): Promise<boolean> {
    const r = await this.#db
      .deleteFrom('credentials')
      .where('app_id', '=', appId)
      .where('vendor', '=', vendor)
      .where('environment', '=', environment)
      .executeTakeFirst();
    return r.numDeletedRows > 0n;
  }

  async markFailing(
    appId: string,
    vendor: Vendor,
    environment: Environment,
    error: string,
    now: number,
  ): Promise<void> {
    await this.#db
      .updateTable('credentials')
      .set({ status: 'failing', last_error: error, updated_at: now })
      .where('app_id', '=', appId)
      .where('vendor', '=', vendor)
      .where('environment', '=', environment)
      .execute();
  }
}
