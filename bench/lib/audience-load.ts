// Bulk loading of a Population straight into the tables a migrated store created: big transactions
// and prepared multi-row statements, not one registration call per device (that is what `fanout` times).
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { DEVICE_COLUMNS, INTEGER_COLUMNS, type Population } from './audience-fixture.js';
import { log } from './proc.js';

const CHUNK = 20_000;

function progress(what: string, done: number, total: number, started: number): void {
  const s = (Date.now() - started) / 1000;
  log(`${what}: ${done} / ${total} (${Math.round((100 * done) / total)} %, ${s.toFixed(1)} s)`);
}

export function loadSqlite(file: string, appId: string, n: number, pop: Population): void {
  const db = new SQLite(file);
  try {
    // A fixture, not user data: no fsync per commit while loading.
    db.pragma('synchronous = OFF');
    // device_tags' device_id index takes its keys in random order; with SQLite's default 2 MB page
    // cache the last million tag rows load ten times slower than the first.
    db.pragma('cache_size = -524288');
    const insertDevice = db.prepare(
      `insert into devices (${DEVICE_COLUMNS.join(', ')}) values (${DEVICE_COLUMNS.map(() => '?').join(', ')})`,
    );
    const insertTag = db.prepare('insert into device_tags (app_id, tag, device_id) values (?, ?, ?)');
    const started = Date.now();
    let done = 0;
    for (const rows of pop.devices(CHUNK)) {
      db.transaction(() => {
        for (const r of rows) insertDevice.run(r);
      })();
      done += rows.length;
      if (done % 100_000 < CHUNK || done === n) progress('sqlite devices', done, n, started);
    }
    done = 0;
    const tagsStarted = Date.now();
    let nextReport = 500_000;
    for (const { tag, deviceIds } of pop.tagRows()) {
      db.transaction(() => {
        for (const id of deviceIds) insertTag.run(appId, tag, id);
      })();
      done += deviceIds.length;
      if (done >= nextReport || done === pop.tagRowCount) {
        progress('sqlite device_tags', done, pop.tagRowCount, tagsStarted);
        nextReport += 500_000;
      }
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** unnest() of one typed array per column: one bound parameter per column, whatever the row count. */
export async function loadPostgres(url: string, schema: string, n: number, appId: string, pop: Population) {
  const client = new pg.Client({ connectionString: url, options: `-c search_path="${schema}"` });
  await client.connect();
  try {
    const types = DEVICE_COLUMNS.map((c) => (INTEGER_COLUMNS.has(c) ? 'bigint[]' : 'text[]'));
    const insertDevices = `insert into devices (${DEVICE_COLUMNS.join(', ')}) select * from unnest(${types
      .map((t, i) => `$${i + 1}::${t}`)
      .join(', ')})`;
    const started = Date.now();
    let done = 0;
    for (const rows of pop.devices(CHUNK)) {
      const columns = DEVICE_COLUMNS.map((_, c) => rows.map((r) => r[c]));
      await client.query(insertDevices, columns);
      done += rows.length;
      if (done % 100_000 < CHUNK || done === n) progress('postgres devices', done, n, started);
    }
    done = 0;
    const tagsStarted = Date.now();
    let nextReport = 500_000;
    for (const { tag, deviceIds } of pop.tagRows()) {
      for (let i = 0; i < deviceIds.length; i += 100_000) {
        const ids = deviceIds.slice(i, i + 100_000);
        await client.query(
          'insert into device_tags (app_id, tag, device_id) select $1, $2, unnest($3::text[])',
          [appId, tag, ids],
        );
      }
      done += deviceIds.length;
      if (done >= nextReport || done === pop.tagRowCount) {
        progress('postgres device_tags', done, pop.tagRowCount, tagsStarted);
        nextReport += 500_000;
      }
    }
    // What autovacuum would have done on a database this size: statistics for the planner and a
    // visibility map, without which PostgreSQL cannot use index-only scans.
    log('postgres: vacuum analyze');
    await client.query('vacuum analyze devices');
    await client.query('vacuum analyze device_tags');
  } finally {
    await client.end();
  }
}
