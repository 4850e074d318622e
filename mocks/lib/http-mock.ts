import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a vendor mock sees it: the body read in full, not yet parsed. */
export interface MockRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The first value of a header, or undefined. */
  header(name: string): string | undefined;
  readonly raw: string;
}

/** What a mock answers: JSON for objects, text for strings. `drop` resets the socket instead. */
export interface MockReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly drop?: boolean;
}

/**
 * A transient failure answered as a gateway in front of the vendor would: 503 with Retry-After. The
 * vendors' own busy codes carry no Retry-After; this lets tests drive that part of the sender too.
 */
export function gatewayRetryReply(retryAfterSeconds: number | undefined): MockReply {
  return {
    status: 503,
    body: 'Service Unavailable',
    headers: retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) },
  };
}

/** Answers one request; a throw becomes a bare 500 so a mock bug shows as a server error. */
export type MockHandler = (req: MockRequest) => MockReply | Promise<MockReply>;

/** A listening loopback server. */
export interface RunningHttpMock {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Stops listening and ends kept-alive sockets. Idempotent. */
  close(): Promise<void>;
}

/** Vendor bodies are a few KB; this only stops a runaway test from filling memory. */
const BODY_LIMIT_BYTES = 4 << 20;

/** Starts `handler` on 127.0.0.1 and `port` (default 0: ephemeral). Never touches the network beyond loopback. */
export async function startHttpMock(handler: MockHandler, port = 0): Promise<RunningHttpMock> {
  const server = createServer((req, res) => {
    void serve(req, res, handler);
  });
  await listenOn(server, port);
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${bound}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Listens on 127.0.0.1; a port in use rejects (EADDRINUSE) instead of crashing the process. */
export function listenOn(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function serve(req: IncomingMessage, res: ServerResponse, handler: MockHandler): Promise<void> {
  let reply: MockReply;
  try {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://mock');
    reply = await handler({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      header: (name) => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
      raw,
    });
  } catch (err) {
    reply = { status: 500, body: `mock error: ${(err as Error).message}` };
  }
  if (reply.drop) {
    req.socket.destroy();
    return;
  }
  const isText = typeof reply.body === 'string';
  const text = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES) throw new Error('request body over the mock limit');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses an `application/x-www-form-urlencoded` body; a repeated key keeps its last value. */
export function parseForm(raw: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(raw));
}

/** Parses JSON, or returns undefined for anything unparsable. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Narrows to a plain JSON object. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
