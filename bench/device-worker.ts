// A child process that simulates devices: opens many client sockets, acks, and records receive times.
import { WebSocket } from 'ws';
import type {
  Command,
  ConnectCommand,
  ConnectReply,
  CountReply,
  Reply,
  StatsReply,
} from './lib/worker-protocol.js';

interface Received {
  count: number;
  first: number;
  last: number;
  latencies: number[];
}

interface Client {
  close(): void;
}

const received = new Map<string, Received>();
let clients: Client[] = [];
let unexpectedCloses = 0;

function send(r: Reply): void {
  process.send?.(r);
}

/** Called for every message frame; time is taken before anything else so parsing is not counted. */
function record(id: string, sentAt: number, at: number): void {
  let r = received.get(id);
  if (!r) {
    r = { count: 0, first: at, last: at, latencies: [] };
    received.set(id, r);
  }
  r.count++;
  if (at < r.first) r.first = at;
  if (at > r.last) r.last = at;
  r.latencies.push(at - sentAt);
}

interface MessageFrame {
  type?: string;
  id?: string;
  sentAt?: number;
}

function openWs(cmd: ConnectCommand, token: string): Promise<Client | string> {
  return new Promise((resolve) => {
    const url = cmd.readyOn === 'hello' ? `${cmd.url}?token=${encodeURIComponent(token)}` : cmd.url;
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 30_000 });
    let ready = false;
    const done = (v: Client | string) => {
      if (ready) return;
      ready = true;
      resolve(v);
    };
    ws.on('open', () => {
      if (cmd.readyOn === 'open') done(ws);
    });
    ws.on('message', (data) => {
      const at = Date.now();
      const f = JSON.parse(data.toString()) as MessageFrame;
      if (f.type === 'hello') done(ws);
      else if (f.type === 'message' && typeof f.id === 'string') {
        record(f.id, f.sentAt ?? at, at);
        if (cmd.ack) ws.send(`{"type":"ack","id":"${f.id}","status":2}`);
      }
    });
    ws.on('error', (err) => done(err.message));
    ws.on('close', (code) => {
      if (ready) unexpectedCloses++;
      done(`closed ${code} before ready`);
    });
  });
}

async function openSocketIo(cmd: ConnectCommand): Promise<Client | string> {
  // Loaded only in socket.io mode, so plain ws workers do not pay for it. Compression stays off:
  // the server refuses permessage-deflate, and the client's option type admits no `false`.
  const { io } = await import('socket.io-client');
  return new Promise((resolve) => {
    const s = io(cmd.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 30_000,
    });
    let ready = false;
    s.on('connect', () => {
      ready = true;
      resolve({ close: () => s.close() });
    });
    s.on('connect_error', (err) => {
      if (!ready) resolve(err.message);
    });
    s.on('message', (f: MessageFrame) => {
      const at = Date.now();
      if (typeof f.id !== 'string') return;
      record(f.id, f.sentAt ?? at, at);
      if (cmd.ack) s.emit('ack', { id: f.id, status: 2 });
    });
  });
}

async function connect(cmd: ConnectCommand): Promise<ConnectReply> {
  let next = 0;
  let connected = 0;
  let failed = 0;
  let firstError: string | undefined;
  let lastProgress = Date.now();
  const lane = async () => {
    while (next < cmd.tokens.length) {
      const token = cmd.tokens[next++]!;
      const c = cmd.kind === 'ws' ? await openWs(cmd, token) : await openSocketIo(cmd);
      if (typeof c === 'string') {
        failed++;
        firstError ??= c;
      } else {
        clients.push(c);
        connected++;
      }
      if (Date.now() - lastProgress > 1000) {
        lastProgress = Date.now();
        send({ type: 'progress', connected, failed });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(cmd.concurrency, cmd.tokens.length) }, lane));
  return { connected, failed, ...(firstError ? { firstError } : {}) };
}

function count(id: string): CountReply {
  const r = received.get(id);
  return r ? { count: r.count, first: r.first, last: r.last } : { count: 0, first: 0, last: 0 };
}

function stats(id: string | undefined): StatsReply {
  const all = id === undefined ? [...received.values()] : [received.get(id)].filter((r) => r !== undefined);
  const latencies: number[] = [];
  let n = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const r of all) {
    n += r.count;
    first = Math.min(first, r.first);
    last = Math.max(last, r.last);
    for (const l of r.latencies) latencies.push(l);
  }
  return { count: n, first: n > 0 ? first : 0, last, messages: all.length, latencies };
}

async function handle(cmd: Command): Promise<unknown> {
  switch (cmd.type) {
    case 'connect':
      return connect(cmd);
    case 'disconnect': {
      const n = clients.length;
      for (const c of clients) c.close();
      clients = [];
      received.clear();
      return { closed: n, unexpectedCloses };
    }
    case 'reset':
      received.clear();
      return { ok: true };
    case 'count':
      return count(cmd.id);
    case 'stats':
      return stats(cmd.id);
  }
}

process.on('message', (cmd: Command) => {
  handle(cmd).then(
    (body) => send({ type: 'reply', seq: cmd.seq, body }),
    (err: unknown) =>
      send({ type: 'error', seq: cmd.seq, message: err instanceof Error ? err.message : String(err) }),
  );
});
// The parent going away (even by SIGKILL) closes the IPC channel: never linger as an orphan.
process.on('disconnect', () => process.exit(0));
