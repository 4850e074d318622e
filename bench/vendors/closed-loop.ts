import { performance } from 'node:perf_hooks';
import { log } from '../lib/proc.js';
import { percentile, round } from '../lib/stats.js';

/** One closed-loop run: a fixed number of requests in flight, each replaced as soon as it ends. */
export interface LoopOptions {
  readonly label: string;
  /** Requests in flight. */
  readonly inflight: number;
  /** Stop after this long… */
  readonly seconds: number;
  /** …or after this many sends, whichever comes first. */
  readonly max: number;
  /** One send; true when the vendor (mock) accepted it. Throwing counts as a failure. */
  once(i: number): Promise<boolean>;
}

/** What one run measured, latencies kept raw so several runs can be merged. */
export interface LoopRun {
  readonly sends: number;
  readonly ok: number;
  readonly elapsedMs: number;
  /** Per send, ms, from the call to its settlement. */
  readonly latencies: Float64Array;
  readonly firstError?: string;
}

/** Runs merged into the figures a report shows. */
export interface LoopResult {
  readonly sends: number;
  readonly ok: number;
  readonly failed: number;
  readonly elapsedMs: number;
  readonly sendsPerSec: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly firstError?: string;
}

/** Runs {@link LoopOptions.once} with `inflight` loops until the time or count budget is spent; logs each second. */
export async function closedLoop(opts: LoopOptions): Promise<LoopRun> {
  const latencies = new Float64Array(opts.max);
  let started = 0;
  let done = 0;
  let ok = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  const progress = setInterval(() => {
    const s = (performance.now() - t0) / 1000;
    log(`${opts.label}: ${done} sends in ${s.toFixed(1)} s (${Math.round(done / s)}/s)`);
  }, 1000).unref();
  const loop = async () => {
    while (started < opts.max && performance.now() < deadline) {
      const i = started++;
      const t = performance.now();
      try {
        if (await opts.once(i)) ok++;
      } catch (err) {
        firstError ??= err instanceof Error ? err.message : String(err);
      }
      latencies[done++] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: opts.inflight }, loop));
  clearInterval(progress);
  const run = { sends: done, ok, elapsedMs: performance.now() - t0, latencies: latencies.subarray(0, done) };
  return firstError ? { ...run, firstError } : run;
}

/** Merges runs: throughput over their summed time, percentiles over all their sends. */
export function summarize(runs: readonly LoopRun[]): LoopResult {
  const sends = runs.reduce((n, r) => n + r.sends, 0);
  const ok = runs.reduce((n, r) => n + r.ok, 0);
  const elapsedMs = runs.reduce((n, r) => n + r.elapsedMs, 0);
  const sorted = runs.flatMap((r) => Array.from(r.latencies)).sort((a, b) => a - b);
  const firstError = runs.find((r) => r.firstError)?.firstError;
  const result: LoopResult = {
    sends,
    ok,
    failed: sends - ok,
    elapsedMs: Math.round(elapsedMs),
    sendsPerSec: Math.round((sends * 1000) / elapsedMs),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? Number.NaN),
    },
  };
  return firstError ? { ...result, firstError } : result;
}
