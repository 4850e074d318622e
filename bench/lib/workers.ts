import type { ChildProcess } from 'node:child_process';
import { forkBench, log, stop } from './proc.js';
import type { ClientKind, Command, ConnectReply, CountReply, Reply, StatsReply } from './worker-protocol.js';

type CommandBody<T> = T extends Command ? Omit<T, 'seq'> : never;

/** 5 000 sockets per worker keeps each process well under the 20 000 open-files limit. */
export const DEVICES_PER_WORKER = 5000;

class Worker {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #seq = 0;
  progress = { connected: 0, failed: 0 };

  constructor(readonly index: number) {
    this.#child = forkBench('device-worker.js', `worker-${index}`);
    this.#child.on('message', (m: Reply) => {
      if (m.type === 'progress') {
        this.progress = { connected: m.connected, failed: m.failed };
        return;
      }
      const p = this.#pending.get(m.seq);
      this.#pending.delete(m.seq);
      if (m.type === 'error') p?.reject(new Error(`worker ${index}: ${m.message}`));
      else p?.resolve(m.body);
    });
    this.#child.on('exit', (code, signal) => {
      for (const p of this.#pending.values())
        p.reject(new Error(`worker ${index} exited (${code ?? signal})`));
      this.#pending.clear();
    });
  }

  request<T>(cmd: CommandBody<Command>, timeoutMs = 120_000): Promise<T> {
    const seq = ++this.#seq;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(seq);
        reject(new Error(`worker ${this.index}: ${cmd.type} timed out`));
      }, timeoutMs);
      this.#pending.set(seq, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#child.send({ ...cmd, seq });
    });
  }

  stop(): Promise<void> {
    return stop(this.#child);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }
}

export interface ConnectOptions {
  readonly kind: ClientKind;
  readonly url: string;
  readonly tokens: readonly string[];
  readonly readyOn: 'hello' | 'open';
  readonly ack: boolean;
}

/** Simulated devices spread over child processes; every call fans out to all workers. */
export class DevicePool {
  readonly #workers: Worker[];
  #shares: number[] = [];

  constructor(devices: number) {
    const n = Math.max(1, Math.ceil(devices / DEVICES_PER_WORKER));
    this.#workers = Array.from({ length: n }, (_, i) => new Worker(i));
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Opens every device's socket (200 opening at a time per worker); throws if any failed. */
  async connect(o: ConnectOptions, label: string): Promise<number> {
    const per = Math.ceil(o.tokens.length / this.#workers.length);
    const started = Date.now();
    const ticker = setInterval(() => {
      const c = this.#workers.reduce((s, w) => s + w.progress.connected, 0);
      log(`${label}: ${c}/${o.tokens.length} connected`);
    }, 2000);
    try {
      const replies = await Promise.all(
        this.#workers.map((w, i) =>
          w.request<ConnectReply>(
            {
              type: 'connect',
              kind: o.kind,
              url: o.url,
              tokens: o.tokens.slice(i * per, (i + 1) * per),
              readyOn: o.readyOn,
              ack: o.ack,
              concurrency: 200,
            },
            300_000,
          ),
        ),
      );
      this.#shares = replies.map((r) => r.connected);
      const connected = replies.reduce((s, r) => s + r.connected, 0);
      const failed = replies.reduce((s, r) => s + r.failed, 0);
      log(
        `${label}: ${connected} connected in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failed} failed`,
      );
      if (failed > 0)
        throw new Error(
          `${label}: ${failed} connections failed, first: ${replies.find((r) => r.firstError)?.firstError}`,
        );
      return connected;
    } finally {
      clearInterval(ticker);
    }
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.request({ type: 'disconnect' })));
  }

  async reset(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.request({ type: 'reset' })));
  }

  /** Receipts of one message over all workers: how many, and the earliest and latest receive time. */
  async count(id: string): Promise<CountReply> {
    const rs = await Promise.all(this.#workers.map((w) => w.request<CountReply>({ type: 'count', id })));
    const got = rs.filter((r) => r.count > 0);
    return {
      count: rs.reduce((s, r) => s + r.count, 0),
      first: got.length ? Math.min(...got.map((r) => r.first)) : 0,
      last: got.length ? Math.max(...got.map((r) => r.last)) : 0,
    };
  }

  async stats(id?: string): Promise<StatsReply> {
    const rs = await Promise.all(
      this.#workers.map((w) =>
        w.request<StatsReply>(id === undefined ? { type: 'stats' } : { type: 'stats', id }),
      ),
    );
    const got = rs.filter((r) => r.count > 0);
    return {
      count: rs.reduce((s, r) => s + r.count, 0),
      messages: rs.reduce((s, r) => s + r.messages, 0),
      first: got.length ? Math.min(...got.map((r) => r.first)) : 0,
      last: got.length ? Math.max(...got.map((r) => r.last)) : 0,
      latencies: rs.flatMap((r) => r.latencies),
    };
  }

  get shares(): readonly number[] {
    return this.#shares;
  }

  pids(): number[] {
    return this.#workers.map((w) => w.pid ?? 0);
  }

  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.stop()));
  }
}
