// Vendor channel throughput against local mocks: APNs sends/s over HTTP/2 + TLS for Herald's
// ApnsChannel, @parse/node-apn and h2load (the mock's ceiling), the mock in its own process.

import { deviceToken, type ThrowAwayKey, throwAwayKey } from '../mocks/apns/keys.js';
import { apnsPayload } from '../src/channels/apns/payload.js';
import { ProviderTokenSource } from '../src/channels/apns/provider-token.js';
import { systemClock } from '../src/domain/clock.js';
import { parseArgs } from './lib/args.js';
import { log, runBench } from './lib/proc.js';
import { report, table } from './lib/stats.js';
import {
  APNS_BENCH_MESSAGE,
  type ApnsBenchTarget,
  type ApnsLoad,
  runHerald,
  runNodeApn,
} from './vendors/apns-clients.js';
import { startApnsMockProcess } from './vendors/apns-mock-process.js';
import { h2loadAvailable, runH2load } from './vendors/h2load.js';

const opts = parseArgs(process.argv.slice(2), { seconds: 10, n: 100_000, inflight: 100, sessions: 2 });
const load: ApnsLoad = {
  inflight: Math.max(1, Math.min(opts.inflight, 5000)),
  seconds: Math.min(opts.seconds, 60),
  max: Math.max(1, Math.min(opts.n, 1_000_000)),
  sessions: Math.max(1, Math.min(opts.sessions, 16)),
};
const TOPIC = 'com.example.herald.bench';
/** What the goals in the issue ask of Herald's APNs channel. */
const GOALS = { minSendsPerSec: 20_000, minTimesNodeApn: 1.5, maxP99Ms: 25 };

interface Row {
  readonly sends: number;
  readonly ok: number;
  readonly failed: number;
  readonly sendsPerSec: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly mock?: {
    readonly requests: number;
    readonly sessionsOpened: number;
    readonly peakStreams: number;
  };
}

async function apns(): Promise<Record<string, Row | { skipped: string }>> {
  const keys = {
    herald: throwAwayKey(),
    nodeApn: throwAwayKey(),
    nodeApnMulti: throwAwayKey(),
    h2load: throwAwayKey(),
  };
  const mock = await startApnsMockProcess(Object.values(keys).map((k) => ({ ...k, topic: TOPIC })));
  const target = (key: ThrowAwayKey): ApnsBenchTarget => ({ ...mock, key, topic: TOPIC });
  const out: Record<string, Row | { skipped: string }> = {};
  const measured = async (name: string, run: () => Promise<Omit<Row, 'mock'>>) => {
    mock.clear();
    const r = await run();
    const { requests, sessionsOpened, peakStreams } = await mock.stats();
    out[name] = { ...r, mock: { requests, sessionsOpened, peakStreams } };
    log(
      `${name}: ${r.sendsPerSec} sends/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.failed} failed`,
    );
  };
  try {
    await measured('herald', () => runHerald(target(keys.herald), load));
    await measured('node-apn', () => runNodeApn(target(keys.nodeApn), load, false));
    await measured(`node-apn-multi`, () => runNodeApn(target(keys.nodeApnMulti), load, true));
    if (!h2loadAvailable()) {
      out.h2load = { skipped: 'h2load not found (apt-get install nghttp2-client)' };
    } else {
      const jwt = await new ProviderTokenSource({ ...keys.h2load, clock: systemClock }).get();
      const parts = apnsPayload(APNS_BENCH_MESSAGE, { topic: TOPIC });
      await measured('h2load', () =>
        runH2load({
          url: `${mock.url}/3/device/${deviceToken()}`,
          requests: load.max,
          clients: load.sessions,
          streams: Math.ceil(load.inflight / load.sessions),
          headers: { ...parts.headers, authorization: `bearer ${jwt}` },
          body: parts.body,
          timeoutMs: 120_000,
        }),
      );
    }
  } finally {
    await mock.stop();
  }
  return out;
}

const isRow = (r: Row | { skipped: string } | undefined): r is Row => r !== undefined && 'sendsPerSec' in r;

runBench('vendors', 5 * 60_000, async () => {
  const results = await apns();
  const herald = results.herald;
  const nodeApn = [results['node-apn'], results['node-apn-multi']].filter(isRow);
  const bestNodeApn = Math.max(...nodeApn.map((r) => r.sendsPerSec));
  const ceiling = isRow(results.h2load) ? results.h2load.sendsPerSec : null;
  const rows: Array<Array<string | number>> = [
    ['apns client', 'sends/s', '% of h2load', 'p50 ms', 'p99 ms', 'max ms', 'failed', 'conns'],
  ];
  for (const [name, r] of Object.entries(results)) {
    if (!isRow(r)) {
      rows.push([name, r.skipped, '', '', '', '', '', '']);
      continue;
    }
    const pct = ceiling ? `${Math.round((100 * r.sendsPerSec) / ceiling)}%` : '-';
    const conns = r.mock?.sessionsOpened ?? '-';
    rows.push([name, r.sendsPerSec, pct, r.latencyMs.p50, r.latencyMs.p99, r.latencyMs.max, r.failed, conns]);
  }
  const goals = isRow(herald)
    ? {
        sendsPerSec: {
          want: `>= ${GOALS.minSendsPerSec}`,
          got: herald.sendsPerSec,
          met: herald.sendsPerSec >= GOALS.minSendsPerSec,
        },
        timesNodeApn: {
          want: `>= ${GOALS.minTimesNodeApn}`,
          got: Math.round((100 * herald.sendsPerSec) / bestNodeApn) / 100,
          met: herald.sendsPerSec >= GOALS.minTimesNodeApn * bestNodeApn,
        },
        p99Ms: {
          want: `<= ${GOALS.maxP99Ms}`,
          got: herald.latencyMs.p99,
          met: herald.latencyMs.p99 <= GOALS.maxP99Ms,
        },
      }
    : null;
  const goalLines = Object.entries(goals ?? {}).map(
    ([k, g]) => `  ${g.met ? 'met   ' : 'MISSED'} ${k}: ${g.got} (want ${g.want})`,
  );
  const text = [
    `APNs over HTTP/2 + TLS to a local mock in a child process: ${load.inflight} sends in flight, ` +
      `${load.seconds} s or ${load.max} sends, ${load.sessions} connections per client (node-apn: 1; multi: ${load.sessions}); ` +
      'h2load -c/-m at the same concurrency is the mock ceiling. ×node-apn uses the faster node-apn row.',
    table(rows),
    'goals (Herald):',
    ...goalLines,
    'fcm: not measured (see bench/vendors.ts)',
  ].join('\n');
  report('vendors', text, { load, apns: results, goals, fcm: { skipped: 'not measured' } });
});
