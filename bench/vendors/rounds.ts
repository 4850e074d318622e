import { log } from '../lib/proc.js';
import { closedLoop, type LoopResult, type LoopRun, summarize } from './closed-loop.js';

/** A client under test: one send per call, connections held open between calls. */
export interface BenchClient {
  readonly name: string;
  /** One send of the bench notification to the i-th token; true when the mock accepted it. */
  once(i: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The load every client gets, in total over its rounds. */
export interface RoundsLoad {
  readonly inflight: number;
  readonly seconds: number;
  readonly max: number;
  readonly rounds: number;
}

// Enough sends to open every connection, raise APNs' stream limit and let V8 optimise the hot path.
const WARMUP = { seconds: 5, max: 5000 };

/**
 * Warms every client up, then runs `rounds` rounds, each client once per round in rotated order,
 * so a noisy neighbour on a shared machine spreads over all clients instead of hitting one.
 * Each round gets 1/rounds of the time and send budget.
 */
export async function interleave(
  clients: readonly BenchClient[],
  load: RoundsLoad,
): Promise<Record<string, LoopResult>> {
  for (const c of clients) {
    await closedLoop({
      ...WARMUP,
      inflight: load.inflight,
      label: `${c.name} warm-up`,
      once: (i) => c.once(i),
    });
  }
  const runs = new Map<string, LoopRun[]>(clients.map((c) => [c.name, []]));
  const seconds = load.seconds / load.rounds;
  for (let r = 0; r < load.rounds; r++) {
    // The first rounds take the remainder, so the send budget adds up exactly.
    const max = Math.floor(load.max / load.rounds) + (r < load.max % load.rounds ? 1 : 0);
    for (let k = 0; k < clients.length; k++) {
      const c = clients[(r + k) % clients.length]!;
      const label = `${c.name} round ${r + 1}/${load.rounds}`;
      const run = await closedLoop({ seconds, max, inflight: load.inflight, label, once: (i) => c.once(i) });
      runs.get(c.name)?.push(run);
      log(`${label}: ${Math.round((run.sends * 1000) / run.elapsedMs)} sends/s`);
    }
  }
  return Object.fromEntries([...runs].map(([name, rs]) => [name, summarize(rs)]));
}
