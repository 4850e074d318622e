// One notification to N connected devices: Herald against a bare ws server (the ceiling) and socket.io.

import { parseArgs } from './lib/args.js';
import { startBaseline } from './lib/baseline.js';
import { createApp, registerDevices, startHerald } from './lib/herald.js';
import { callOk } from './lib/http.js';
import { BENCH_MESSAGE } from './lib/message.js';
import { log, runBench, sleep, waitFor } from './lib/proc.js';
import { median, report, round, table } from './lib/stats.js';
import { DevicePool } from './lib/workers.js';

const opts = parseArgs(process.argv.slice(2), { devices: 10_000, repeats: 3 });
const N = opts.devices;
const REPEATS = Math.max(1, Math.min(opts.repeats, 10));
/** Generous bounds per round: a run that takes this long is broken, not slow. */
const DELIVERY_TIMEOUT_MS = 60_000;

interface Round {
  deliveryMs: number;
  firstMs: number;
  ackMs?: number;
}

/** Waits until every device has the message; returns times from t0 to the first and last receive. */
async function awaitDelivery(pool: DevicePool, id: string, t0: number): Promise<Round> {
  await waitFor(
    `${N} devices to receive ${id}`,
    async () => (await pool.count(id)).count >= N,
    DELIVERY_TIMEOUT_MS,
    20,
  );
  const c = await pool.count(id);
  return { deliveryMs: c.last - t0, firstMs: c.first - t0 };
}

async function herald(pool: DevicePool): Promise<Round[]> {
  const h = await startHerald({ db: 'sqlite' });
  try {
    const app = await createApp(h);
    const devices = await registerDevices(h, app, N);
    await pool.connect(
      {
        kind: 'ws',
        url: `ws://127.0.0.1:${h.port}/v1/connect`,
        tokens: devices.map((d) => d.deviceToken),
        readyOn: 'hello',
        ack: true,
      },
      'herald',
    );
    // Lets the connect bookkeeping (last-seen writes) finish before the clock starts.
    await sleep(2000);
    const rounds: Round[] = [];
    // Round -1 warms the JIT and caches and is not counted, for every server alike.
    for (let r = -1; r < REPEATS; r++) {
      await pool.reset();
      const t0 = Date.now();
      const push = await callOk<{ taskId: string; messageId: string }>(
        h.port,
        'POST',
        '/v1/push',
        app.basicAuth,
        { audience: 'all', message: BENCH_MESSAGE },
        [202],
      );
      const round = await awaitDelivery(pool, push.messageId, t0);
      // Acks are counted by the store; poll after delivery so the polling does not slow the fan-out itself.
      await waitFor(
        `task ${push.taskId} to count ${N} received`,
        async () => {
          const t = await callOk<{ counts: Record<string, number> }>(
            h.port,
            'GET',
            `/v1/tasks/${push.taskId}`,
            app.basicAuth,
            undefined,
            [200],
          );
          return (t.counts.received ?? 0) >= N;
        },
        DELIVERY_TIMEOUT_MS,
        50,
      );
      round.ackMs = Date.now() - t0;
      log(
        `herald round ${r + 1}/${REPEATS}: last device ${round.deliveryMs} ms, all acks recorded ${round.ackMs} ms`,
      );
      if (r >= 0) rounds.push(round);
      await sleep(1000);
    }
    await pool.disconnect();
    return rounds;
  } finally {
    await h.stop();
  }
}

async function baseline(pool: DevicePool, kind: 'ws' | 'socketio'): Promise<Round[]> {
  const b = await startBaseline(kind === 'ws' ? 'bare-ws-server' : 'socketio-server');
  try {
    const url = kind === 'ws' ? `ws://127.0.0.1:${b.port}/` : `http://127.0.0.1:${b.port}`;
    const labels = Array.from({ length: N }, (_, i) => `d${i}`);
    await pool.connect({ kind, url, tokens: labels, readyOn: 'open', ack: true }, kind);
    await sleep(2000);
    const rounds: Round[] = [];
    for (let r = -1; r < REPEATS; r++) {
      await pool.reset();
      const t0 = Date.now();
      const res = await callOk<{ id: string; clients: number }>(
        b.port,
        'POST',
        '/fanout',
        undefined,
        BENCH_MESSAGE,
        [200],
      );
      if (res.clients !== N) throw new Error(`${kind} server sees ${res.clients} clients, expected ${N}`);
      const round = await awaitDelivery(pool, res.id, t0);
      log(`${kind} round ${r + 1}/${REPEATS}: last device ${round.deliveryMs} ms`);
      if (r >= 0) rounds.push(round);
      await sleep(1000);
    }
    await pool.disconnect();
    return rounds;
  } finally {
    await b.stop();
  }
}

runBench('fanout', 30 * 60_000, async () => {
  log(`fanout: ${N} devices, ${REPEATS} rounds each`);
  const pool = new DevicePool(N);
  try {
    const h = await herald(pool);
    const bare = await baseline(pool, 'ws');
    const sio = await baseline(pool, 'socketio');
    const med = (rs: Round[], k: 'deliveryMs' | 'firstMs' | 'ackMs') =>
      median(rs.map((r) => r[k] ?? Number.NaN));
    const hd = med(h, 'deliveryMs');
    const result = {
      devices: N,
      repeats: REPEATS,
      workers: pool.size,
      heraldDeliveryMs: hd,
      heraldAckMs: med(h, 'ackMs'),
      bareWsDeliveryMs: med(bare, 'deliveryMs'),
      socketIoDeliveryMs: med(sio, 'deliveryMs'),
      ratioHeraldToBare: round(hd / med(bare, 'deliveryMs')),
      ratioHeraldToSocketIo: round(hd / med(sio, 'deliveryMs')),
      ratioAckToDelivery: round(med(h, 'ackMs') / hd),
      goals: { heraldToBare: 1.2, heraldToSocketIo: 0.6, ackToDelivery: 2 },
      rounds: { herald: h, bareWs: bare, socketIo: sio },
    };
    const rows: Array<Array<string | number>> = [
      ['server', 'first device ms', 'last device ms', 'all acks ms', 'rounds (last device)'],
      ['herald', med(h, 'firstMs'), hd, result.heraldAckMs, h.map((r) => r.deliveryMs).join(' / ')],
      [
        'bare ws',
        med(bare, 'firstMs'),
        result.bareWsDeliveryMs,
        '-',
        bare.map((r) => r.deliveryMs).join(' / '),
      ],
      [
        'socket.io',
        med(sio, 'firstMs'),
        result.socketIoDeliveryMs,
        '-',
        sio.map((r) => r.deliveryMs).join(' / '),
      ],
    ];
    const text = [
      `fanout to ${N} devices (${pool.size} worker processes), median of ${REPEATS} after 1 warm-up`,
      table(rows),
      `herald / bare ws   = ${result.ratioHeraldToBare}  (goal ≤ 1.2)`,
      `herald / socket.io = ${result.ratioHeraldToSocketIo}  (goal ≤ 0.6)`,
      `all acks / delivery = ${result.ratioAckToDelivery}  (goal ≤ 2)`,
    ].join('\n');
    report('fanout', text, result);
  } finally {
    await pool.stop();
  }
});
