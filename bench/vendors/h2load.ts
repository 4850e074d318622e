import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from '../lib/proc.js';
import { percentile, round } from '../lib/stats.js';

/** One h2load run against a fixed request. */
export interface H2loadOptions {
  readonly url: string;
  readonly requests: number;
  readonly clients: number;
  /** Streams in flight per client (`-m`). */
  readonly streams: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

export interface H2loadResult {
  readonly sends: number;
  readonly ok: number;
  readonly failed: number;
  readonly elapsedMs: number;
  readonly sendsPerSec: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** True when the h2load binary (Debian: nghttp2-client) is on PATH. */
export function h2loadAvailable(): boolean {
  return spawnSync('h2load', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs h2load once and reads its per-request log (start µs, status, duration µs) for latencies;
 * the throughput line of its summary gives sends/s. Killed after `timeoutMs` or when the bench exits.
 */
export async function runH2load(opts: H2loadOptions): Promise<H2loadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-h2load-'));
  try {
    const bodyFile = join(dir, 'body.json');
    const logFile = join(dir, 'requests.log');
    await writeFile(bodyFile, opts.body);
    const args = [
      ...['-n', String(opts.requests), '-c', String(opts.clients), '-m', String(opts.streams)],
      ...Object.entries(opts.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
      ...['-d', bodyFile, `--log-file=${logFile}`, opts.url],
    ];
    log(`h2load ${args.filter((a) => !a.startsWith('authorization')).join(' ')}`);
    const stdout = await run(args, opts.timeoutMs);
    const rps = /finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(stdout);
    const elapsed = /finished in ([\d.]+)(m?s)/.exec(stdout);
    if (!rps || !elapsed) throw new Error(`h2load output not understood:\n${stdout}`);
    const rows = (await readFile(logFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const ok = rows.filter((r) => r[1] === '200').length;
    const lat = rows.map((r) => Number(r[2]) / 1000).sort((a, b) => a - b);
    return {
      sends: rows.length,
      ok,
      failed: rows.length - ok,
      elapsedMs: Math.round(Number(elapsed[1]) * (elapsed[2] === 'ms' ? 1 : 1000)),
      sendsPerSec: Math.round(Number(rps[1])),
      latencyMs: {
        p50: round(percentile(lat, 50)),
        p99: round(percentile(lat, 99)),
        max: round(lat.at(-1) ?? 0),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('h2load', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    const timer = setTimeout(kill, timeoutMs);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', kill);
      if (code === 0) resolve(out);
      else reject(new Error(`h2load exited ${code ?? signal}:\n${out}`));
    });
  });
}
