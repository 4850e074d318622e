// Audience count and resolution over 1M devices of one app, on SQLite and PostgreSQL: the store's own
// code path (what POST /v1/audience/count and the dispatcher call) beside the same SQL in sqlite3/psql.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import pg from 'pg';
import { AudienceService } from '../src/app/audience-service.js';
import type { Audience, AudienceFilter } from '../src/domain/audience.js';
import { newAppKey, newId, newSecret } from '../src/domain/ids.js';
import { audienceCountQuery } from '../src/store/device-repository.js';
import { DIALECT_TRAITS } from '../src/store/dialect-traits.js';
import { openStore, type StoreConfig } from '../src/store/open-store.js';
import type { Database } from '../src/store/schema.js';
import type { Store } from '../src/store/store.js';
import { parseArgs } from './lib/args.js';
import { cityOf, population, tagOfRank } from './lib/audience-fixture.js';
import { loadPostgres, loadSqlite } from './lib/audience-load.js';
import { type BareTiming, inline, plan, timePsql, timeSqlite3 } from './lib/bare-sql.js';
import { log, runBench } from './lib/proc.js';
import { percentile, report, round, table } from './lib/stats.js';

const opts = parseArgs(process.argv.slice(2), {
  devices: 1_000_000,
  runs: 15,
  warmup: 3,
  page: 1000,
  db: 'both',
  pg: process.env.HERALD_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  /** Reuse a fixture kept by an earlier `--keep 1` run (pending migrations are applied and timed). */
  'sqlite-file': '',
  'pg-schema': '',
  keep: 0,
});
const N = opts.devices;
const GOAL_MS = { sqlite: 150, postgres: 300 } as const;
type Dialect = keyof typeof GOAL_MS;

/** 3-tag AND/NOT with an area, from a few devices to a tenth of the app (tag ranks: 1 = most popular). */
const QUERIES: Array<{ name: string; audience: Audience }> = [
  {
    name: 'narrow',
    audience: {
      tags: { and: [tagOfRank(10), tagOfRank(20), { not: tagOfRank(1) }] },
      area: { provinces: ['Sichuan'] },
    },
  },
  {
    name: 'medium',
    audience: {
      tags: { and: [tagOfRank(2), tagOfRank(5), { not: tagOfRank(3) }] },
      area: { provinces: ['Guangdong'] },
    },
  },
  {
    name: 'broad',
    audience: {
      tags: { and: [tagOfRank(1), tagOfRank(2), { not: tagOfRank(10) }] },
      area: { provinces: ['Guangdong', 'Shandong', 'Henan', 'Jiangsu'] },
    },
  },
  {
    name: 'cities',
    audience: {
      tags: { and: [tagOfRank(1), tagOfRank(3), { not: tagOfRank(2) }] },
      area: { cities: [cityOf('Guangdong', 1), cityOf('Shandong', 1), cityOf('Beijing', 1)] },
    },
  },
];

/** Kysely without a connection: compiles exactly the query the store runs, for the bare clients. */
function compiler(dialect: Dialect): Kysely<Database> {
  const sqlite = dialect === 'sqlite';
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => (sqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (sqlite ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (sqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });
}

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { median: round(percentile(s, 50)), p95: round(percentile(s, 95)), min: round(s[0] ?? Number.NaN) };
};

interface Fixture {
  readonly config: StoreConfig;
  readonly where: string; // sqlite file or postgres url
  readonly schema: string;
  readonly appId: string;
  readonly loadSeconds: number;
  readonly migrateSeconds: number;
  drop(): Promise<void>;
}

async function fixture(dialect: Dialect): Promise<Fixture> {
  const reuse = dialect === 'sqlite' ? opts['sqlite-file'] : opts['pg-schema'];
  let dir: string | undefined;
  let schema = '';
  let config: StoreConfig;
  if (dialect === 'sqlite') {
    if (reuse && !existsSync(reuse)) throw new Error(`--sqlite-file ${reuse} does not exist`);
    dir = reuse ? undefined : mkdtempSync(join(tmpdir(), 'herald-bench-audience-'));
    config = { kind: 'sqlite', file: reuse || join(dir!, 'herald.db') };
  } else {
    schema = reuse || `bench_audience_${randomBytes(4).toString('hex')}`;
    config = { kind: 'postgres', url: opts.pg, schema, poolSize: 4 };
  }
  const where = config.kind === 'sqlite' ? config.file : opts.pg;
  const drop = async () => {
    if (opts.keep)
      return log(`${dialect}: fixture kept: ${dialect === 'sqlite' ? where : `schema ${schema}`}`);
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (dialect === 'postgres' && !reuse) {
      const c = new pg.Client({ connectionString: opts.pg });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`).finally(() => c.end());
    }
  };
  const store = openStore(config);
  let appId: string;
  let migrateSeconds: number;
  let loadSeconds = 0;
  try {
    const t0 = performance.now();
    const steps = await store.migrate();
    migrateSeconds = round((performance.now() - t0) / 1000);
    const applied = steps.filter((s) => s.status === 'applied').map((s) => s.name);
    log(`${dialect}: migrated in ${migrateSeconds} s (${applied.join(', ') || 'nothing pending'})`);
    const existing = reuse ? await store.apps.list({ limit: 1 }) : [];
    if (existing[0]) {
      appId = existing[0].id;
      log(`${dialect}: reusing app ${appId}`);
    } else {
      appId = newId();
      const now = Date.now();
      await store.apps.insert({
        id: appId,
        name: 'audience bench',
        appKey: newAppKey(),
        masterSecret: newSecret(),
        quietHours: null,
        createdAt: now,
        updatedAt: now,
      });
    }
  } finally {
    await store.close();
  }
  if (!reuse) {
    const t0 = performance.now();
    log(`${dialect}: generating ${N} devices`);
    const pop = population(appId, N, Date.now());
    log(`${dialect}: loading ${N} devices and ${pop.tagRowCount} tag rows`);
    if (config.kind === 'sqlite') loadSqlite(config.file, appId, N, pop);
    else await loadPostgres(opts.pg, schema, N, appId, pop);
    loadSeconds = round((performance.now() - t0) / 1000);
    log(`${dialect}: loaded in ${loadSeconds} s`);
  }
  return { config, where, schema, appId, loadSeconds, migrateSeconds, drop };
}

async function timeCount(svc: AudienceService, appId: string, audience: Audience) {
  let answer = { devices: 0, users: 0 };
  for (let i = 0; i < opts.warmup; i++) answer = await svc.count(appId, audience);
  const ms: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t = performance.now();
    await svc.count(appId, audience);
    ms.push(performance.now() - t);
  }
  return { answer, ms };
}

/** Pages through a whole audience as the dispatcher does, sampling RSS after every page. */
/** A full collection, so that heap figures count what is still referenced, not garbage not yet collected. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapKiB = () => {
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1024);
};

async function pageThrough(store: Store, appId: string, audience: Audience) {
  const filter: AudienceFilter = { audience, testOnly: false };
  const rss = () => Math.round(process.memoryUsage().rss / 1024);
  const heapBeforeKiB = heapKiB();
  const beforeKiB = rss();
  let peakKiB = beforeKiB;
  let after: string | undefined;
  let devices = 0;
  const pageMs: number[] = [];
  const t0 = performance.now();
  for (;;) {
    const t = performance.now();
    const ids = await store.devices.resolveAudience(appId, filter, { after, limit: opts.page });
    pageMs.push(performance.now() - t);
    devices += ids.length;
    peakKiB = Math.max(peakKiB, rss());
    if (pageMs.length % 200 === 0) log(`  … ${pageMs.length} pages, ${devices} devices, RSS ${rss()} KiB`);
    if (ids.length < opts.page) break;
    after = ids[ids.length - 1];
  }
  const seconds = round((performance.now() - t0) / 1000);
  return {
    devices,
    pages: pageMs.length,
    seconds,
    pageMs: stats(pageMs),
    beforeKiB,
    peakKiB,
    afterKiB: rss(),
    heapBeforeKiB,
    heapAfterKiB: heapKiB(),
  };
}

async function benchDialect(dialect: Dialect) {
  const fx = await fixture(dialect);
  const store = openStore(fx.config);
  const svc = new AudienceService(store);
  const kysely = compiler(dialect);
  try {
    const queries = [];
    for (const q of QUERIES) {
      log(`${dialect} ${q.name}: timing the store's count, ${opts.warmup} warm-up + ${opts.runs} runs`);
      const herald = await timeCount(svc, fx.appId, q.audience);
      const sqlText = inline(
        audienceCountQuery(kysely, DIALECT_TRAITS[dialect], fx.appId, {
          audience: q.audience,
          testOnly: false,
        }).compile(),
        dialect,
      );
      log(
        `${dialect} ${q.name}: ${herald.answer.devices} devices; timing the same SQL in ${dialect === 'sqlite' ? 'sqlite3' : 'psql'}`,
      );
      const bare: BareTiming =
        dialect === 'sqlite'
          ? await timeSqlite3(fx.where, sqlText, opts.warmup, opts.runs)
          : await timePsql(fx.where, fx.schema, sqlText, opts.warmup, opts.runs);
      const expected = `${herald.answer.devices}|${herald.answer.users}`;
      if (bare.row !== expected)
        throw new Error(`${q.name}: bare SQL answered ${bare.row}, the store ${expected}`);
      queries.push({
        name: q.name,
        audience: q.audience,
        devices: herald.answer.devices,
        users: herald.answer.users,
        heraldMs: stats(herald.ms),
        bareMs: stats(bare.ms),
        sql: sqlText,
        plan: await plan(dialect, fx.where, sqlText, fx.schema),
      });
    }
    const paging = [];
    for (const [name, audience] of [
      ['broad', QUERIES[2]!.audience],
      ['all', 'all'],
    ] as const) {
      log(`${dialect}: paging through '${name}' ${opts.page} at a time`);
      paging.push({ name, ...(await pageThrough(store, fx.appId, audience)) });
    }
    return { loadSeconds: fx.loadSeconds, migrateSeconds: fx.migrateSeconds, queries, paging };
  } finally {
    await store.close();
    await kysely.destroy();
    await fx.drop();
  }
}

runBench('audience', 90 * 60_000, async () => {
  const dialects: Dialect[] = opts.db === 'both' ? ['sqlite', 'postgres'] : [opts.db as Dialect];
  if (!dialects.every((d) => d in GOAL_MS)) throw new Error(`--db must be sqlite, postgres or both`);
  log(`audience: ${N} devices, ${opts.runs} timed runs per query after ${opts.warmup} warm-up`);
  const results: Record<string, Awaited<ReturnType<typeof benchDialect>>> = {};
  for (const d of dialects) results[d] = await benchDialect(d);
  const lines: string[] = [];
  const goal: Record<string, { goalMs: number; worstMedianMs: number; met: boolean }> = {};
  for (const d of dialects) {
    const r = results[d]!;
    const worst = Math.max(...r.queries.map((q) => q.heraldMs.median));
    goal[d] = { goalMs: GOAL_MS[d], worstMedianMs: worst, met: worst <= GOAL_MS[d] };
    lines.push(
      `${d}: audience/count over ${N} devices (3-tag AND/NOT + area), ms`,
      table([
        [
          'query',
          'devices',
          'herald median',
          'herald p95',
          `${d === 'sqlite' ? 'sqlite3' : 'psql'} median`,
          'p95',
        ],
        ...r.queries.map((q) => [
          q.name,
          q.devices,
          q.heraldMs.median,
          q.heraldMs.p95,
          q.bareMs.median,
          q.bareMs.p95,
        ]),
      ]),
      `${d}: resolveAudience pages of ${opts.page}; memory of this process in KiB (heap after a full GC)`,
      table([
        [
          'audience',
          'devices',
          'pages',
          'seconds',
          'page median ms',
          'page p95 ms',
          'RSS before',
          'peak',
          'after',
          'heap before',
          'after',
        ],
        ...r.paging.map((p) => [
          p.name,
          p.devices,
          p.pages,
          p.seconds,
          p.pageMs.median,
          p.pageMs.p95,
          p.beforeKiB,
          p.peakKiB,
          p.afterKiB,
          p.heapBeforeKiB,
          p.heapAfterKiB,
        ]),
      ]),
      `goal: ${d} count ≤ ${GOAL_MS[d]} ms (worst median ${worst} ms: ${worst <= GOAL_MS[d] ? 'met' : 'missed'})`,
      '',
    );
  }
  report('audience', lines.join('\n').trimEnd(), {
    devices: N,
    runs: opts.runs,
    warmup: opts.warmup,
    page: opts.page,
    goal,
    ...results,
  });
});
