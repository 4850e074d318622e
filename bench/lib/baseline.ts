import type { ChildProcess } from 'node:child_process';
import { freePort, waitHealthy } from './herald.js';
import { forkBench, log, stop } from './proc.js';

export interface Baseline {
  readonly port: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Forks one of bench/baselines/* on a free port and waits for its /healthz. */
export async function startBaseline(
  file: 'bare-ws-server' | 'socketio-server' | 'fastify-hello',
): Promise<Baseline> {
  const port = await freePort();
  const child = forkBench(`baselines/${file}.js`, file, [], { BENCH_PORT: String(port) });
  try {
    await waitHealthy(port, child);
  } catch (err) {
    await stop(child);
    throw err;
  }
  log(`${file} up on 127.0.0.1:${port}, pid ${child.pid}`);
  return { port, child, stop: () => stop(child) };
}
