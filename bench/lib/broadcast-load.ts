// Bulk loading of N plain devices for the broadcast bench, straight into a migrated store's tables:
// big transactions with multi-row statements, not one registration call per device.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { log } from './proc.js';

const CHUNK = 10_000;
const COLUMNS = [
  'id',
  'app_id',
  'client_id',
  'app_package',
  'token',
  'device_type',
  'status',
  'reg_time',
  'updated_at',
  'is_test',
] as const;

/** Device i: ids and tokens the bench can compute, so it connects any of them without a lookup. */
export const benchDeviceId = (i: number) => `bd-${String(i).padStart(8, '0')}`;
export const benchDeviceToken = (i: number) => `bt-${String(i).padStart(8, '0')}-broadcast-bench`;

function row(appId: string, i: number, regTime: number): Array<string | number> {
  return [
    benchDeviceId(i),
    appId,
    `bc-${i}`,
    'dev.herald.bench',
    benchDeviceToken(i),
    '01',
    1,
    regTime,
    regTime,
    0,
  ];
}

function progress(what: string, done: number, total: number, started: number): void {
  if (done % 200_000 < CHUNK || done === total)
    log(`${what}: ${done} / ${total} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

export function loadSqliteDevices(file: string, appId: string, n: number, regTime: number): void {
  const db = new SQLite(file, { timeout: 30_000 });
  try {
    const insert = db.prepare(
      `insert into devices (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
    );
    const started = Date.now();
    for (let from = 0; from < n; from += CHUNK) {
      const to = Math.min(n, from + CHUNK);
      db.transaction(() => {
        for (let i = from; i < to; i++) insert.run(row(appId, i, regTime));
      })();
      progress('sqlite devices', to, n, started);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

export async function loadPostgresDevices(
  url: string,
  appId: string,
  n: number,
  regTime: number,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const types = COLUMNS.map((c) =>
      ['status', 'reg_time', 'updated_at', 'is_test'].includes(c) ? 'bigint[]' : 'text[]',
    );
    const sql = `insert into devices (${COLUMNS.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(', ')})`;
    const started = Date.now();
    for (let from = 0; from < n; from += CHUNK) {
      const to = Math.min(n, from + CHUNK);
      const cols: Array<Array<string | number>> = COLUMNS.map(() => []);
      for (let i = from; i < to; i++) {
        for (const [c, v] of row(appId, i, regTime).entries()) cols[c]!.push(v);
      }
      await client.query(sql, cols);
      progress('postgres devices', to, n, started);
    }
    await client.query('analyze devices');
  } finally {
    await client.end();
  }
}
