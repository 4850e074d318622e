import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** dist/bench: compiled siblings (workers, baselines) are forked from here. */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root (dist/bench/lib → ../../..), where bin/herald.js lives. */
export const ROOT = join(BENCH_DIR, '..', '..');

const children = new Set<ChildProcess>();

// Whatever way the bench ends, no child may outlive it: a stray server would hold the port and fds.
function killAllSync(): void {
  for (const c of children) if (c.exitCode === null && c.pid !== undefined) c.kill('SIGKILL');
}
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping children`);
    killAllSync();
    process.exit(130);
  });
}

export function log(msg: string): void {
  const t = new Date().toISOString().slice(11, 23);
  process.stderr.write(`[${t}] ${msg}\n`);
}

function track(c: ChildProcess, name: string): ChildProcess {
  children.add(c);
  c.on('exit', () => children.delete(c));
  // Children log to stderr with a prefix so their warnings stay readable beside the progress lines.
  for (const stream of [c.stdout, c.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => process.stderr.write(`  [${name}] ${line}\n`));
  }
  return c;
}

/** Forks a compiled bench module (path relative to dist/bench) with an IPC channel. */
export function forkBench(
  rel: string,
  name: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): ChildProcess {
  return track(
    fork(join(BENCH_DIR, rel), args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
    name,
  );
}

export function spawnNode(args: string[], name: string, env: NodeJS.ProcessEnv): ChildProcess {
  return track(
    spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    name,
  );
}

/** SIGTERM, then SIGKILL if the child has not exited within graceMs. */
export async function stop(c: ChildProcess, graceMs = 3000): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
  c.kill('SIGTERM');
  const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => stop(c)));
}

/** Resident set of a process in KiB, from /proc (Linux only). */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls cond every intervalMs until it is true; throws after timeoutMs so no loop runs unbounded. */
export async function waitFor(
  what: string,
  cond: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * Runs a bench body: a hard deadline, children stopped on success and failure, and exit code 1 on
 * error, so a failed run never leaves servers or workers behind.
 */
export function runBench(name: string, limitMs: number, body: () => Promise<void>): void {
  const deadline = setTimeout(() => {
    log(`${name}: exceeded its ${Math.round(limitMs / 1000)} s limit; aborting`);
    killAllSync();
    process.exit(1);
  }, limitMs);
  deadline.unref();
  body().then(
    async () => {
      await stopAll();
      clearTimeout(deadline);
      process.exit(0);
    },
    async (err: unknown) => {
      log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      await stopAll();
      process.exit(1);
    },
  );
}
