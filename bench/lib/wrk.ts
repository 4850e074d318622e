import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { log, ROOT } from './proc.js';

export interface WrkResult {
  requestsPerSec: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
  socketErrorKinds: { connect: number; read: number; write: number; timeout: number };
  statuses: Record<string, number>;
  latencyMs: { avg: number; p50: number; p90: number; p99: number; max: number };
}

/** wrk prints durations as 812.00us, 1.20ms or 1.05s. */
function ms(text: string | undefined): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? '');
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 'ms' ? v : m[2] === 's' ? v * 1000 : v * 60_000;
}

export function parseWrk(out: string): WrkResult {
  const statuses: Record<string, number> = {};
  for (const m of out.matchAll(/^STATUS (\d+) (\d+)$/gm)) statuses[m[1]!] = Number(m[2]);
  const non2xx = Object.entries(statuses).reduce((s, [code, n]) => (code.startsWith('2') ? s : s + n), 0);
  const lat = /^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)/m.exec(out);
  const pct = (p: string) => ms(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1]);
  const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requestsPerSec: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? Number.NaN),
    non2xx,
    socketErrors: errs ? errs.slice(1).reduce((s, n) => s + Number(n), 0) : 0,
    socketErrorKinds: {
      connect: Number(errs?.[1] ?? 0),
      read: Number(errs?.[2] ?? 0),
      write: Number(errs?.[3] ?? 0),
      timeout: Number(errs?.[4] ?? 0),
    },
    statuses,
    latencyMs: { avg: ms(lat?.[1]), p50: pct('50'), p90: pct('90'), p99: pct('99'), max: ms(lat?.[3]) },
  };
}

export interface WrkOptions {
  readonly url: string;
  readonly body: string;
  readonly auth?: string;
  readonly threads: number;
  readonly connections: number;
  readonly seconds: number;
}

/** Runs wrk with bench/wrk/push.lua; killed if it overruns its duration by 30 s. */
export function runWrk(o: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${o.threads}`,
    `-c${o.connections}`,
    `-d${o.seconds}s`,
    '--latency',
    '-s',
    join(ROOT, 'bench', 'wrk', 'push.lua'),
    o.url,
  ];
  log(`wrk ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, {
      env: { ...process.env, BENCH_BODY: o.body, BENCH_AUTH: o.auth ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), (o.seconds + 30) * 1000);
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`wrk exited with ${code}: ${out}`));
      else resolve(parseWrk(out));
    });
  });
}
