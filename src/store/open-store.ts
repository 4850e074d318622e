import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { KyselyStore } from './kysely-store.js';
import type { Database } from './schema.js';
import { CachingSqliteDialect } from './sqlite-driver.js';
import type { Store } from './store.js';

export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string; readonly poolSize?: number };

/** pg returns int8 as string to stay exact past 2^53; our bigints are epoch ms and counts, safe as numbers. */
const INT8_OID = 20;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * The schema quoted as migrate() creates it (`sql.id`), so a mixed-case name means the same schema
 * in both places. Names that would need escaping inside a startup option are refused.
 */
function searchPath(schema: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(schema))
    throw new Error(`unsupported PostgreSQL schema name: ${schema}`);
  return `"${schema}"`;
}

/** Opens a Store on SQLite (WAL) or PostgreSQL; with `schema`, every table lives in that schema. */
export function openStore(config: StoreConfig): Store {
  if (config.kind === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
    const database = new SQLite(config.file);
    database.pragma('journal_mode = WAL');
    // FULL: an accepted push is on disk before the 202. Commits are grouped (app/accept-batcher.ts),
    // so the fsync is paid per batch, not per push.
    database.pragma('synchronous = FULL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new CachingSqliteDialect(database) });
    return new KyselyStore(db, 'sqlite');
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    types: pgTypes,
    // A schema per test (or per tenant deployment) without touching table names in queries.
    ...(config.schema ? { options: `-c search_path=${searchPath(config.schema)}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyStore(db, 'postgres', config.schema);
}

export function storeConfigFrom(databaseUrl: string | undefined, dataDir: string): StoreConfig {
  if (databaseUrl?.startsWith('postgres://') || databaseUrl?.startsWith('postgresql://')) {
    return { kind: 'postgres', url: databaseUrl };
  }
  if (databaseUrl?.startsWith('sqlite:'))
    return { kind: 'sqlite', file: databaseUrl.slice('sqlite:'.length) };
  return { kind: 'sqlite', file: `${dataDir}/herald.db` };
}
