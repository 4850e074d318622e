import type { ChildProcess } from 'node:child_process';
import type { ApnsMockStats } from '../../mocks/apns/server.js';
import { forkBench, log, stop } from '../lib/proc.js';

/** The APNs mock running in a child process (bench/vendors/apns-mock-child.ts). */
export interface ApnsMockProcess {
  readonly url: string;
  readonly port: number;
  readonly ca: string;
  stats(): Promise<ApnsMockStats>;
  /** Resets the mock's counters between runs. */
  clear(): void;
  stop(): Promise<void>;
}

/** A key for the mock to accept, with the topic it may push to. */
export interface MockKey {
  readonly teamId: string;
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly topic: string;
}

/** Forks the mock with these keys registered and waits (≤ 15 s) until it listens. */
export async function startApnsMockProcess(keys: readonly MockKey[]): Promise<ApnsMockProcess> {
  const child = forkBench('vendors/apns-mock-child.js', 'apns-mock', [], { APNS_KEYS: JSON.stringify(keys) });
  const ready = await nextMessage<{ url: string; port: number; ca: string }>(child, 'ready', 15_000);
  log(`apns mock up at ${ready.url}, pid ${child.pid}`);
  return {
    ...ready,
    async stats() {
      const reply = nextMessage<{ stats: ApnsMockStats }>(child, 'stats', 5000);
      child.send({ type: 'stats' });
      return (await reply).stats;
    },
    clear: () => child.send({ type: 'clear' }),
    stop: () => stop(child),
  };
}

function nextMessage<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`apns mock: no '${type}' within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (m: { type?: string }) => m.type === type && done(null, m as T);
    const onExit = (code: number | null) => done(new Error(`apns mock exited (${code}) before '${type}'`));
    const done = (err: Error | null, value?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
