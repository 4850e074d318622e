import { type RawBuilder, sql } from 'kysely';

/** What differs between the SQL dialects, as data rather than scattered ifs. */
export interface DialectTraits {
  /** `SELECT … FOR UPDATE SKIP LOCKED`: lets concurrent dispatchers lease disjoint rows. SQLite has one writer and no such clause. */
  readonly skipLocked: boolean;
  /**
   * `SELECT … FOR UPDATE`: rows read in a transaction stay as read until it commits. SQLite needs
   * none: its single writer already holds the whole database for the transaction.
   */
  readonly lockRows: boolean;
  /** Rows per multi-row INSERT: keeps bound parameters under SQLite's 32 766 and PostgreSQL's 65 535. */
  readonly insertChunk: number;
  /**
   * A list of ids as a one-column table named `value`, bound as a single parameter. A page of a
   * thousand device ids then costs one bound value, not a thousand, to build and to send.
   */
  readonly idTable: (ids: readonly string[]) => RawBuilder<unknown>;
  /**
   * (message id, device id) pairs as a two-column table `pairs(message_id, device_id)`, bound as
   * one or two parameters: a receipt batch over many messages is then read in one statement.
   */
  readonly pairTable: (pairs: ReadonlyArray<readonly [string, string]>) => RawBuilder<unknown>;
  /** `$like` matches regardless of case on both: SQLite's LIKE already does (for ASCII); PostgreSQL needs ILIKE. */
  readonly caseInsensitiveLike: 'like' | 'ilike';
  /**
   * Tag AND/NOT as `id IN (a INTERSECT b EXCEPT c ORDER BY 1)` rather than one EXISTS per tag, when
   * the whole audience is read at once (a count; see AudienceScan).
   * SQLite merges the sorted primary-key ranges but has no hash join, so per-device EXISTS probes
   * cost it 3–4× more on 1M devices (bench/audience.ts). PostgreSQL plans EXISTS as hash semi/anti
   * joins already, and its INTERSECT/EXCEPT hashes or sorts every arm, so it keeps EXISTS.
   */
  readonly mergeTagSets: boolean;
}

export const DIALECT_TRAITS = {
  sqlite: {
    skipLocked: false,
    lockRows: false,
    insertChunk: 500,
    idTable: (ids) => sql`json_each(${JSON.stringify(ids)})`,
    pairTable: (pairs) =>
      sql`(select json_extract(value, '$[0]') as message_id, json_extract(value, '$[1]') as device_id from json_each(${JSON.stringify(pairs)})) as pairs`,
    caseInsensitiveLike: 'like',
    mergeTagSets: true,
  },
  postgres: {
    skipLocked: true,
    lockRows: true,
    insertChunk: 1000,
    idTable: (ids) => sql`unnest(${[...ids]}::text[]) as ids(value)`,
    pairTable: (pairs) =>
      sql`unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) as pairs(message_id, device_id)`,
    caseInsensitiveLike: 'ilike',
    mergeTagSets: false,
  },
} as const satisfies Record<string, DialectTraits>;
