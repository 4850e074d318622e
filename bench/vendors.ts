// Vendor channel throughput against local mocks, each mock in its own process:
// - APNs (HTTP/2 + TLS): Herald's ApnsChannel, @parse/node-apn (Provider and MultiProvider), a bare
//   node:http2 loop (the ceiling of any Node client) and h2load (the mock's ceiling);
// - FCM (HTTP/1.1): Herald's FcmChannel against a plain undici loop.
// `npm run bench -- vendors [--seconds 10] [--n 100000] [--inflight 100] [--sessions 2] [--rounds 3] [--only apns,fcm]`

import { parseArgs } from './lib/args.js';
import { log, runBench } from './lib/proc.js';
import { report } from './lib/stats.js';
import { type ApnsLoad, type ApnsResults, apnsBench } from './vendors/apns-bench.js';
import type { LoopResult } from './vendors/closed-loop.js';
import { fcmBench } from './vendors/fcm.js';
import { apnsGoals, apnsTable, fcmTable, goalLines } from './vendors/summary.js';

const opts = parseArgs(process.argv.slice(2), {
  seconds: 10,
  n: 100_000,
  inflight: 100,
  sessions: 2,
  rounds: 3,
  only: 'apns,fcm',
});
const load: ApnsLoad = {
  inflight: Math.max(1, Math.min(opts.inflight, 5000)),
  seconds: Math.max(1, Math.min(opts.seconds, 60)),
  max: Math.max(1, Math.min(opts.n, 1_000_000)),
  sessions: Math.max(1, Math.min(opts.sessions, 16)),
  rounds: Math.max(1, Math.min(opts.rounds, 10)),
};
const only = new Set(opts.only.split(','));

runBench('vendors', 8 * 60_000, async () => {
  const apns: ApnsResults | null = only.has('apns') ? await apnsBench(load) : null;
  let fcm: Record<string, LoopResult> | { skipped: string } = { skipped: 'not selected (--only)' };
  if (only.has('fcm')) {
    try {
      fcm = await fcmBench(load);
    } catch (err) {
      // The FCM channel and mock are another engineer's work in progress: report, do not fail APNs.
      fcm = { skipped: `fcm bench failed: ${err instanceof Error ? err.message : String(err)}` };
      log(fcm.skipped);
    }
  }
  const goals = apns ? apnsGoals(apns) : null;
  const text = [
    `${load.inflight} sends in flight; per client ${load.seconds} s or ${load.max} sends in all, split into ` +
      `${load.rounds} rounds run in rotated order (the machine is shared), after a 5 s / 5000-send warm-up.`,
    ...(apns
      ? [
          `APNs, HTTP/2 + TLS, ${load.sessions} connections per client (node-apn Provider: 1). h2load runs ` +
            `-c ${load.sessions} -m ${Math.ceil(load.inflight / load.sessions)}; its failures are streams the ` +
            'mock refuses before the first push succeeds (APNs allows one stream until then).',
          apnsTable(apns),
          'goals (Herald APNs):',
          ...goalLines(goals),
        ]
      : []),
    'skipped' in fcm ? `FCM: ${fcm.skipped}` : `FCM, HTTP/1.1 keep-alive:\n${fcmTable(fcm)}`,
  ].join('\n');
  report('vendors', text, { load, apns, goals, fcm });
});
