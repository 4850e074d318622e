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

export interface LoopResult {
  readonly sends: number;
  readonly ok: number;
  readonly failed: number;
  readonly elapsedMs: number;
  readonly sendsPerSec: number;
  /** Per send, from the call to its settlement. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly firstError?: string;
}

/** Runs {@link LoopOptions.once} with `inflight` loops until the time or count budget is spent; logs progress each second. */
export async function closedLoop(opts: LoopOptions): Promise<LoopResult> {
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
  const elapsedMs = performance.now() - t0;
  const sorted = Array.from(latencies.subarray(0, done)).sort((a, b) => a - b);
  return {
    sends: done,
    ok,
    failed: done - ok,
    elapsedMs: Math.round(elapsedMs),
    sendsPerSec: Math.round((done * 1000) / elapsedMs),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? Number.NaN),
    },
    ...(firstError ? { firstError } : {}),
  };
}
