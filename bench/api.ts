// Persisted pushes accepted per second under wrk: Herald on SQLite and PostgreSQL, Fastify hello as the ceiling.

import { parseArgs } from './lib/args.js';
import { startBaseline } from './lib/baseline.js';
import { createApp, registerDevices, startHerald } from './lib/herald.js';
import { BENCH_MESSAGE } from './lib/message.js';
import { log, runBench } from './lib/proc.js';
import { report, table } from './lib/stats.js';
import { runWrk, type WrkResult } from './lib/wrk.js';

const opts = parseArgs(process.argv.slice(2), {
  threads: 2,
  connections: 64,
  seconds: 10,
  db: 'sqlite,postgres',
});
const wrkOpts = {
  threads: Math.min(opts.threads, 8),
  connections: Math.min(opts.connections, 1000),
  seconds: Math.min(opts.seconds, 120),
};

/** One registered device that never connects: each push costs accept + persist + dispatch, no socket write. */
async function herald(db: 'sqlite' | 'postgres'): Promise<WrkResult> {
  const h = await startHerald({ db });
  try {
    const app = await createApp(h);
    const [device] = await registerDevices(h, app, 1);
    const body = JSON.stringify({ audience: { deviceIds: [device!.deviceId] }, message: BENCH_MESSAGE });
    const r = await runWrk({
      ...wrkOpts,
      url: `http://127.0.0.1:${h.port}/v1/push`,
      body,
      auth: app.basicAuth,
    });
    log(`herald ${db}: ${r.requestsPerSec} req/s, ${r.non2xx} non-2xx`);
    return r;
  } finally {
    await h.stop();
  }
}

async function fastify(): Promise<WrkResult> {
  const b = await startBaseline('fastify-hello');
  try {
    const body = JSON.stringify({ audience: { deviceIds: ['x'] }, message: BENCH_MESSAGE });
    const r = await runWrk({ ...wrkOpts, url: `http://127.0.0.1:${b.port}/v1/push`, body });
    log(`fastify hello: ${r.requestsPerSec} req/s, ${r.non2xx} non-2xx`);
    return r;
  } finally {
    await b.stop();
  }
}

runBench('api', 10 * 60_000, async () => {
  const dbs = opts.db
    .split(',')
    .filter((d): d is 'sqlite' | 'postgres' => d === 'sqlite' || d === 'postgres');
  const results: Record<string, WrkResult> = {};
  for (const db of dbs) results[`herald-${db}`] = await herald(db);
  results['fastify-hello'] = await fastify();
  const ceiling = results['fastify-hello'].requestsPerSec;
  const rows: Array<Array<string | number>> = [
    ['target', 'req/s', '% of fastify', 'non-2xx', 'socket errs', 'p50 ms', 'p99 ms', 'max ms'],
  ];
  for (const [name, r] of Object.entries(results)) {
    rows.push([
      name,
      r.requestsPerSec,
      `${Math.round((100 * r.requestsPerSec) / ceiling)}%`,
      r.non2xx,
      r.socketErrors,
      r.latencyMs.p50,
      r.latencyMs.p99,
      r.latencyMs.max,
    ]);
  }
  const text = [
    `POST /v1/push, wrk -t${wrkOpts.threads} -c${wrkOpts.connections} -d${wrkOpts.seconds}s, one offline device per push`,
    table(rows),
  ].join('\n');
  report('api', text, { wrk: wrkOpts, results });
});
