// A steady rate of single-device pushes through the API: latency from accept to device, and losses.
import { parseArgs } from './lib/args.js';
import { createApp, registerDevices, startHerald } from './lib/herald.js';
import { BENCH_MESSAGE } from './lib/message.js';
import { forkBench, log, runBench, sleep, stop } from './lib/proc.js';
import { percentile, report, round, table } from './lib/stats.js';
import { DevicePool } from './lib/workers.js';
import type { LoadCommand, LoadResult } from './unicast-load.js';

const opts = parseArgs(process.argv.slice(2), { rate: 5000, seconds: 30, devices: 1000, drain: 5 });
const RATE = Math.min(opts.rate, 50_000);
const SECONDS = Math.min(opts.seconds, 300);
const N = Math.min(opts.devices, 20_000);

function summary(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return {
    p50: round(percentile(s, 50)),
    p99: round(percentile(s, 99)),
    p999: round(percentile(s, 99.9)),
    max: round(s[s.length - 1] ?? Number.NaN),
  };
}

runBench('unicast', (SECONDS + 600) * 1000, async () => {
  log(`unicast: ${RATE}/s for ${SECONDS} s to ${N} devices round robin`);
  const pool = new DevicePool(N);
  const h = await startHerald({ db: 'sqlite' });
  try {
    const app = await createApp(h);
    const devices = await registerDevices(h, app, N);
    const url = `ws://127.0.0.1:${h.port}/v1/connect`;
    await pool.connect(
      { kind: 'ws', url, tokens: devices.map((d) => d.deviceToken), readyOn: 'hello', ack: true },
      'herald',
    );
    await sleep(2000);
    await pool.reset();

    const load = forkBench('unicast-load.js', 'load');
    const bodies = devices.map((d) =>
      JSON.stringify({ audience: { deviceIds: [d.deviceId] }, message: BENCH_MESSAGE }),
    );
    const cmd: LoadCommand = {
      type: 'run',
      port: h.port,
      auth: app.basicAuth,
      bodies,
      rate: RATE,
      seconds: SECONDS,
    };
    let finished: (r: LoadResult) => void = () => {};
    const done = new Promise<LoadResult>((resolve) => {
      finished = resolve;
    });
    load.on(
      'message',
      (m: LoadResult | { type: 'progress'; sent: number; accepted: number; outstanding: number }) => {
        if (m.type === 'progress')
          log(`load: ${m.sent} sent, ${m.accepted} accepted, ${m.outstanding} outstanding`);
        else finished(m);
      },
    );
    load.send(cmd);
    const timeout = sleep((SECONDS + 90) * 1000).then(() => undefined);
    const result = await Promise.race([done, timeout]);
    await stop(load);
    if (!result) throw new Error('load generator did not finish in time');
    const r = result;
    log(`load finished: ${r.accepted} accepted of ${r.intended}; draining ${opts.drain} s`);
    await sleep(Math.min(opts.drain, 60) * 1000);
    const got = await pool.stats();
    const device = summary(got.latencies);
    const http = summary(r.latencies);
    const lost = r.accepted - got.count;
    const out = {
      rate: RATE,
      seconds: SECONDS,
      devices: N,
      intended: r.intended,
      sent: r.sent,
      accepted: r.accepted,
      non2xx: r.non2xx,
      errors: r.errors,
      skipped: r.skipped,
      received: got.count,
      lost,
      elapsedSeconds: round(r.elapsedMs / 1000),
      achievedRate: round(r.accepted / (r.elapsedMs / 1000)),
      deviceLatencyMs: device,
      httpLatencyMs: http,
      goal: { p99Ms: 20, lost: 0 },
    };
    const text = [
      `unicast: ${RATE} pushes/s for ${SECONDS} s, ${N} connected devices, deviceIds audience`,
      table([
        ['latency ms', 'p50', 'p99', 'p99.9', 'max'],
        ['device receive − sentAt', device.p50, device.p99, device.p999, device.max],
        ['HTTP response − intended send', http.p50, http.p99, http.p999, http.max],
      ]),
      `achieved ${round(r.accepted / (r.elapsedMs / 1000))} accepted/s over ${round(r.elapsedMs / 1000)} s`,
      `accepted ${r.accepted} of ${r.intended} (non-2xx ${r.non2xx}, errors ${r.errors}, skipped ${r.skipped}); received ${got.count}; lost ${lost}`,
      `goal: p99 ≤ 20 ms (${device.p99 <= 20 ? 'met' : 'missed'}), nothing lost (${lost === 0 ? 'met' : 'missed'})`,
    ].join('\n');
    report('unicast', text, out);
  } finally {
    await h.stop();
    await pool.stop();
  }
});
