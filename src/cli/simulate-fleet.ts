import WebSocket from 'ws';
import { HeraldClient } from '../../sdk/index.js';
import type { HeraldHttp } from './http-client.js';
import { forEachLimit, progress } from './progress.js';

export interface FleetSpec {
  devices: number;
  prefix: string;
  package: string;
  tags: string[];
  userPrefix?: string;
  concurrency: number;
}

/** A handshake slower than this no longer holds up the others; the SDK keeps trying. */
const CONNECT_WAIT_MS = 10_000;

/** Registers devices <prefix>-1 … <prefix>-N; registration is idempotent, so reruns reuse them. */
export async function registerFleet(
  client: HeraldHttp,
  spec: FleetSpec,
  log: NodeJS.WriteStream,
): Promise<string[]> {
  const tokens: string[] = new Array(spec.devices);
  const bar = progress(log, 'registering', spec.devices);
  try {
    await forEachLimit(spec.devices, spec.concurrency, async (i) => {
      const r = await client.post<{ deviceToken: string }>('/v1/devices', {
        clientId: `${spec.prefix}-${i + 1}`,
        appPackage: spec.package,
        deviceType: '01',
        ...(spec.userPrefix !== undefined ? { userId: `${spec.userPrefix}-${i + 1}` } : {}),
        ...(spec.tags.length > 0 ? { tags: spec.tags } : {}),
      });
      tokens[i] = r.deviceToken;
      bar.increment();
    });
  } finally {
    bar.stop();
  }
  return tokens;
}

/** N SDK clients and what they received: messageId → devices that got it (the SDK drops re-deliveries). */
export class Fleet {
  readonly received = new Map<string, number>();
  totalReceived = 0;
  errors = 0;
  lastError = '';
  readonly #clients: HeraldClient[];

  constructor(url: string, tokens: readonly string[]) {
    this.#clients = tokens.map((token) => {
      const c = new HeraldClient({ url, token, webSocket: WebSocket });
      c.on('message', (m) => {
        this.received.set(m.id, (this.received.get(m.id) ?? 0) + 1);
        this.totalReceived += 1;
      });
      c.on('error', (e) => {
        this.errors += 1;
        this.lastError = `${e.code}: ${e.message}`;
      });
      return c;
    });
  }

  get size(): number {
    return this.#clients.length;
  }

  connected(): number {
    let n = 0;
    for (const c of this.#clients) if (c.state === 'open') n += 1;
    return n;
  }

  /** Opens at most `concurrency` handshakes at once so the server is not hit by N upgrades in one go. */
  async connectAll(concurrency: number, log: NodeJS.WriteStream): Promise<void> {
    const bar = progress(log, 'connecting', this.#clients.length);
    try {
      await forEachLimit(this.#clients.length, concurrency, async (i) => {
        await connectOne(this.#clients[i]!);
        bar.increment();
      });
    } finally {
      bar.stop();
    }
  }

  close(): void {
    for (const c of this.#clients) c.close();
  }
}

function connectOne(client: HeraldClient): Promise<void> {
  return new Promise((resolve) => {
    const offs: Array<() => void> = [];
    const done = () => {
      clearTimeout(timer);
      for (const off of offs) off();
      resolve();
    };
    const timer = setTimeout(done, CONNECT_WAIT_MS);
    offs.push(client.on('open', done));
    // A failed attempt frees the slot too: the SDK retries it with backoff, and a dead server
    // must not stall the connect phase for CONNECT_WAIT_MS per device.
    offs.push(client.on('close', done));
    client.connect();
  });
}
