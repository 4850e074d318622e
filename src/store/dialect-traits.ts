/** What differs between the SQL dialects, as data rather than scattered ifs. */
export interface DialectTraits {
  /** `SELECT … FOR UPDATE SKIP LOCKED`: lets concurrent dispatchers lease disjoint rows. SQLite has one writer and no such clause. */
  readonly skipLocked: boolean;
  /** Rows per multi-row INSERT: keeps bound parameters under SQLite's 32 766 and PostgreSQL's 65 535. */
  readonly insertChunk: number;
}

export const DIALECT_TRAITS = {
  sqlite: { skipLocked: false, insertChunk: 500 },
  postgres: { skipLocked: true, insertChunk: 1000 },
} as const satisfies Record<string, DialectTraits>;
