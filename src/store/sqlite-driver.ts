import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type TransactionSettings,
} from 'kysely';

/** Statements prepared once and reused: preparing costs more than running the small queries Herald issues. */
const STATEMENT_CACHE_SIZE = 500;

class CachingConnection implements DatabaseConnection {
  readonly #db: SqliteDatabase;
  readonly #cache = new Map<string, Statement>();

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  #prepare(sql: string): Statement {
    let stmt = this.#cache.get(sql);
    if (stmt) return stmt;
    stmt = this.#db.prepare(sql);
    // Queries with IN-lists of varying length produce many distinct texts; evict the oldest.
    if (this.#cache.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(sql, stmt);
    return stmt;
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.#prepare(q.sql);
    const params = q.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(params) as R[] };
    const { changes, lastInsertRowid } = stmt.run(params);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  // biome-ignore lint/correctness/useYield: streaming is not used by Herald; the method must exist for the interface.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by this driver');
  }
}

/**
 * A FIFO lock. Kysely's own SQLite mutex wakes every waiter on each release and lets them race,
 * which under a few dozen concurrent requests costs more than the queries themselves.
 */
class FifoLock {
  #held = false;
  readonly #waiters: Array<() => void> = [];

  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }
}

class CachingSqliteDriver implements Driver {
  readonly #db: SqliteDatabase;
  readonly #lock = new FifoLock();
  #connection: CachingConnection | undefined;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  async init(): Promise<void> {
    this.#connection = new CachingConnection(this.#db);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // One connection: better-sqlite3 runs each statement synchronously, and a transaction must not
    // interleave with anyone else's statements, so every use holds the lock until released.
    await this.#lock.acquire();
    return this.#connection!;
  }

  async beginTransaction(c: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on a busy database.
    await c.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.#lock.release();
  }

  async destroy(): Promise<void> {
    this.#db.close();
  }
}

/** Kysely's SQLite dialect with Herald's driver: cached statements and a fair lock. */
export class CachingSqliteDialect extends SqliteDialect {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    super({ database: db });
    this.#db = db;
  }

  override createDriver(): Driver {
    return new CachingSqliteDriver(this.#db);
  }
}
