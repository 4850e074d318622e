// Server RSS per idle, authenticated device connection: Herald beside a bare ws server.

import { parseArgs } from './lib/args.js';
import { startBaseline } from './lib/baseline.js';
import { createApp, registerDevices, startHerald } from './lib/herald.js';
import { log, rssKiB, runBench, sleep } from './lib/proc.js';
import { report, round, table } from './lib/stats.js';
import { DevicePool } from './lib/workers.js';

const opts = parseArgs(process.argv.slice(2), { devices: 15_000, idle: 5 });
const M = opts.devices;
const IDLE_MS = Math.min(opts.idle, 60) * 1000;

interface Sample {
  beforeKiB: number;
  afterKiB: number;
  perDeviceKiB: number;
}

/**
 * RSS cannot be read after a forced GC from outside, so both samples follow a settle pause: the
 * first after set-up work (registration), the second after the devices have been idle a while.
 */
async function measure(pid: number, label: string, connect: () => Promise<unknown>): Promise<Sample> {
  await sleep(IDLE_MS);
  const beforeKiB = rssKiB(pid);
  log(`${label}: RSS before connecting ${beforeKiB} KiB`);
  await connect();
  log(`${label}: all connected; idling ${IDLE_MS / 1000} s`);
  await sleep(IDLE_MS);
  const afterKiB = rssKiB(pid);
  const perDeviceKiB = round((afterKiB - beforeKiB) / M);
  log(`${label}: RSS after ${afterKiB} KiB → ${perDeviceKiB} KiB per device`);
  return { beforeKiB, afterKiB, perDeviceKiB };
}

runBench('memory', 20 * 60_000, async () => {
  log(`memory: ${M} idle devices`);
  const pool = new DevicePool(M);
  try {
    // Devices are registered by a first server, and measured on a second one started on the same data:
    // the registration garbage would otherwise be collected while connected and hide connection cost.
    const setup = await startHerald({ db: 'sqlite', keepData: true });
    let tokens: string[];
    try {
      const devices = await registerDevices(setup, await createApp(setup), M);
      tokens = devices.map((d) => d.deviceToken);
    } finally {
      await setup.stop();
    }
    const h = await startHerald({ db: 'sqlite', dataDir: setup.dataDir, adminToken: setup.adminToken });
    let herald: Sample;
    try {
      const url = `ws://127.0.0.1:${h.port}/v1/connect`;
      herald = await measure(h.child.pid!, 'herald', () =>
        pool.connect({ kind: 'ws', url, tokens, readyOn: 'hello', ack: true }, 'herald'),
      );
      await pool.disconnect();
    } finally {
      await h.stop();
    }
    const b = await startBaseline('bare-ws-server');
    let bare: Sample;
    try {
      const labels = Array.from({ length: M }, (_, i) => `d${i}`);
      const url = `ws://127.0.0.1:${b.port}/`;
      bare = await measure(b.child.pid!, 'bare ws', () =>
        pool.connect({ kind: 'ws', url, tokens: labels, readyOn: 'open', ack: true }, 'bare ws'),
      );
      await pool.disconnect();
    } finally {
      await b.stop();
    }
    const result = {
      devices: M,
      idleSeconds: IDLE_MS / 1000,
      heraldKiBPerDevice: herald.perDeviceKiB,
      bareWsKiBPerDevice: bare.perDeviceKiB,
      heraldOverBareKiBPerDevice: round(herald.perDeviceKiB - bare.perDeviceKiB),
      goalKiBPerDevice: 8,
      herald,
      bareWs: bare,
    };
    const text = [
      `server RSS per idle connected device, ${M} devices (${pool.size} worker processes)`,
      table([
        ['server', 'RSS before KiB', 'RSS after KiB', 'KiB per device'],
        ['herald', herald.beforeKiB, herald.afterKiB, herald.perDeviceKiB],
        ['bare ws', bare.beforeKiB, bare.afterKiB, bare.perDeviceKiB],
      ]),
      `goal: herald ≤ 8 KiB per device (${herald.perDeviceKiB <= 8 ? 'met' : 'missed'})`,
    ].join('\n');
    report('memory', text, result);
  } finally {
    await pool.stop();
  }
});
