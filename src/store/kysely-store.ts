import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import { KyselyAppRepository } from './app-repository.js';
import { KyselyBroadcastRepository } from './broadcast-repository.js';
import { KyselyCredentialRepository } from './credential-repository.js';
import { KyselyDeliveryRepository } from './delivery-repository.js';
import { KyselyDeviceRepository } from './device-repository.js';
import { DIALECT_TRAITS } from './dialect-traits.js';
import { KyselyFrequencyRepository } from './frequency-repository.js';
import { migrationProvider } from './migrations/index.js';
import { KyselyOrgRepository } from './org-repository.js';
import type { Database } from './schema.js';
import { KyselyStatsRepository } from './stats-repository.js';
import type { MigrationStep, Store } from './store.js';
import { KyselyTaskRepository } from './task-repository.js';
import { KyselyTokenRepository } from './token-repository.js';
import { KyselyWebhookRepository } from './webhook-repository.js';

/**
 * Kysely's Migrator looks for its tables by listing every schema's tables. On PostgreSQL a schema
 * dropped by someone else during that listing (another tenant, a parallel test run) fails the query
 * with 3F000 "schema … does not exist" although nothing is wrong with ours: try again.
 */
async function migrateRetryingCatalogRaces(
  run: () => Promise<MigrationResultSet>,
): Promise<MigrationResultSet> {
  for (let attempt = 1; ; attempt++) {
    const r = await run();
    const code = (r.error as { code?: unknown } | undefined)?.code;
    if (code !== '3F000' || attempt === 5) return r;
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

/** One Store for both dialects; what differs is carried by DIALECT_TRAITS and Kysely's dialect. */
export class KyselyStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly apps: KyselyAppRepository;
  readonly devices: KyselyDeviceRepository;
  readonly tasks: KyselyTaskRepository;
  readonly deliveries: KyselyDeliveryRepository;
  readonly orgs: KyselyOrgRepository;
  readonly webhooks: KyselyWebhookRepository;
  readonly credentials: KyselyCredentialRepository;
  readonly tokens: KyselyTokenRepository;
  readonly frequency: KyselyFrequencyRepository;
  readonly broadcasts: KyselyBroadcastRepository;
  readonly stats: KyselyStatsRepository;
  readonly #db: Kysely<Database>;
  readonly #schema: string | undefined;

  constructor(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', schema?: string) {
    this.#db = db;
    this.dialect = dialect;
    this.#schema = schema;
    const traits = DIALECT_TRAITS[dialect];
    this.apps = new KyselyAppRepository(db);
    this.devices = new KyselyDeviceRepository(db, traits);
    this.tasks = new KyselyTaskRepository(db, traits);
    this.deliveries = new KyselyDeliveryRepository(db, traits);
    this.orgs = new KyselyOrgRepository(db);
    this.webhooks = new KyselyWebhookRepository(db, traits);
    this.credentials = new KyselyCredentialRepository(db);
    this.tokens = new KyselyTokenRepository(db, traits);
    this.frequency = new KyselyFrequencyRepository(db, traits);
    this.broadcasts = new KyselyBroadcastRepository(db, traits);
    this.stats = new KyselyStatsRepository(db, traits);
  }

  async migrate(): Promise<MigrationStep[]> {
    if (this.#schema) await sql`create schema if not exists ${sql.id(this.#schema)}`.execute(this.#db);
    // Kysely's Migrator keeps a version row per step and fails on a database with steps unknown to
    // this code. On PostgreSQL it also takes an advisory lock and runs the pending steps in one
    // transaction; on SQLite (no transactional DDL in Kysely's adapter) each step runs on its own.
    const migrator = new Migrator({
      db: this.#db,
      provider: migrationProvider,
      ...(this.#schema ? { migrationTableSchema: this.#schema } : {}),
    });
    const { error, results } = await migrateRetryingCatalogRaces(() => migrator.migrateToLatest());
    const steps = (results ?? []).map((r) => ({
      name: r.migrationName,
      status:
        r.status === 'Success'
          ? ('applied' as const)
          : r.status === 'Error'
            ? ('failed' as const)
            : ('not-run' as const),
    }));
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return steps;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db);
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}
