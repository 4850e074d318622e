// A broadcast to every registered device (default 1 000 000), of which some are connected (default
// 10 000): time until the task is `sent` and every connected device has it, server peak RSS, and a
// check that offline devices get it when they connect. SQLite and PostgreSQL.

import { parseArgs } from './lib/args.js';
import {
  benchDeviceId,
  benchDeviceToken,
  loadPostgresDevices,
  loadSqliteDevices,
} from './lib/broadcast-load.js';
import { type HeraldServer, startHerald } from './lib/herald.js';
import { callOk } from './lib/http.js';
import { BENCH_MESSAGE } from './lib/message.js';
import { log, runBench, sleep, waitFor } from './lib/proc.js';
import { median, report, table } from './lib/stats.js';
import { DevicePool } from './lib/workers.js';

const opts = parseArgs(process.argv.slice(2), {
  devices: 1_000_000,
  connected: 10_000,
  late: 200,
  repeats: 3,
  db: 'both',
});
const N = opts.devices;
const C = Math.min(opts.connected, N);
const REPEATS = Math.max(1, Math.min(opts.repeats, 5));
const GOAL_MS = { sqlite: 5000, postgres: 10_000 } as const;

interface Round {
  sentMs: number;
  connectedMs: number;
}

/** Peak resident set (VmHWM) of a process in KiB. */
async function peakRssKiB(pid: number): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

async function taskStatus(
  h: HeraldServer,
  auth: string,
  id: string,
): Promise<{ status: string; targeted: number }> {
  return callOk(h.port, 'GET', `/v1/tasks/${id}`, auth, undefined, [200]);
}

async function run(db: 'sqlite' | 'postgres', pool: DevicePool) {
  const h = await startHerald({ db });
  try {
    const app = await callOk<{ id: string; appKey: string; masterSecret: string }>(
      h.port,
      'POST',
      '/v1/apps',
      h.adminAuth,
      { name: 'broadcast bench' },
      [201],
    );
    const auth = `Basic ${Buffer.from(`${app.appKey}:${app.masterSecret}`).toString('base64')}`;
    const regTime = Date.now() - 86_400_000;
    const loadStarted = Date.now();
    if (db === 'sqlite') loadSqliteDevices(`${h.dataDir}/herald.db`, app.id, N, regTime);
    else await loadPostgresDevices(h.databaseUrl!, app.id, N, regTime);
    log(`${db}: ${N} devices loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);
    // The connected devices are spread over the id range, as real ones would be.
    const step = Math.floor(N / C);
    const online = Array.from({ length: C }, (_, k) => k * step);
    await pool.connect(
      {
        kind: 'ws',
        url: `ws://127.0.0.1:${h.port}/v1/connect`,
        tokens: online.map(benchDeviceToken),
        readyOn: 'hello',
        ack: true,
      },
      `herald-${db}`,
    );
    await sleep(2000);
    const rssBefore = await peakRssKiB(h.child.pid!);
    const rounds: Round[] = [];
    let lastMessage = '';
    for (let r = -1; r < REPEATS; r++) {
      await pool.reset();
      const t0 = Date.now();
      const push = await callOk<{ taskId: string; messageId: string }>(
        h.port,
        'POST',
        '/v1/push',
        auth,
        { audience: 'all', message: BENCH_MESSAGE, options: { strategy: 'own_only' } },
        [202],
      );
      let sentMs = 0;
      await waitFor(
        `task ${push.taskId} sent`,
        async () => {
          const t = await taskStatus(h, auth, push.taskId);
          if (t.status === 'sent') sentMs = Date.now() - t0;
          return t.status === 'sent';
        },
        120_000,
        20,
      );
      await waitFor(
        `${C} connected devices to receive it`,
        async () => (await pool.count(push.messageId)).count >= C,
        120_000,
        20,
      );
      const c = await pool.count(push.messageId);
      const round = { sentMs, connectedMs: c.last - t0 };
      const t = await taskStatus(h, auth, push.taskId);
      if (t.targeted !== N) throw new Error(`task targeted ${t.targeted}, expected ${N}`);
      log(
        `${db} round ${r + 1}/${REPEATS}: task sent ${round.sentMs} ms, last connected device ${round.connectedMs} ms`,
      );
      if (r >= 0) rounds.push(round);
      lastMessage = push.messageId;
      await sleep(1000);
    }
    const peak = await peakRssKiB(h.child.pid!);
    await pool.disconnect();
    // Offline devices are owed it: connect some that were never online and check they get the last broadcast.
    const late = Array.from({ length: opts.late }, (_, k) => k * step + 1).filter((i) => i < N);
    await pool.connect(
      {
        kind: 'ws',
        url: `ws://127.0.0.1:${h.port}/v1/connect`,
        tokens: late.map(benchDeviceToken),
        readyOn: 'hello',
        ack: true,
      },
      `late-${db}`,
    );
    await waitFor(
      `${late.length} late devices to get the broadcast`,
      async () => (await pool.count(lastMessage)).count >= late.length,
      60_000,
      50,
    );
    await pool.disconnect();
    log(
      `${db}: ${late.length} devices that were offline got it on connect (e.g. ${benchDeviceId(late[0] ?? 1)})`,
    );
    return { rounds, rssBeforeKiB: rssBefore, peakRssKiB: peak, lateDevices: late.length };
  } finally {
    await h.stop();
  }
}

runBench('broadcast', 60 * 60_000, async () => {
  log(`broadcast: ${N} devices, ${C} connected, ${REPEATS} rounds after 1 warm-up`);
  const pool = new DevicePool(C);
  const dbs =
    opts.db === 'both' ? (['sqlite', 'postgres'] as const) : ([opts.db] as ('sqlite' | 'postgres')[]);
  try {
    const results: Record<string, unknown> = { devices: N, connected: C, repeats: REPEATS, goalsMs: GOAL_MS };
    const rows: Array<Array<string | number>> = [
      [
        'store',
        'task sent ms (median)',
        'last connected device ms',
        'rounds (sent)',
        'peak RSS MiB',
        'goal ms',
        'met',
      ],
    ];
    for (const db of dbs) {
      const r = await run(db, pool);
      const sent = median(r.rounds.map((x) => x.sentMs));
      const connected = median(r.rounds.map((x) => x.connectedMs));
      const done = Math.max(sent, connected);
      results[db] = { ...r, sentMs: sent, connectedMs: connected, goalMet: done <= GOAL_MS[db] };
      rows.push([
        db,
        sent,
        connected,
        r.rounds.map((x) => x.sentMs).join(' / '),
        Math.round(r.peakRssKiB / 1024),
        GOAL_MS[db],
        done <= GOAL_MS[db] ? 'yes' : 'no',
      ]);
    }
    const text = [
      `broadcast to ${N} devices, ${C} connected (${pool.size} worker processes), median of ${REPEATS} after 1 warm-up`,
      table(rows),
      'done = task sent and every connected device has it; offline devices claim it on connect (checked).',
    ].join('\n');
    report('broadcast', text, results);
  } finally {
    await pool.stop();
  }
});
