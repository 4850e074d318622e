import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { BROADCAST_ERRORS } from './errors.js';

/** Node's own default limit on a request head (--max-http-header-size). */
const HEAD_LIMIT = 16 * 1024;
/** The body limit of every other route (api/server.ts). */
const BODY_LIMIT = 256 * 1024;
/** A client that stops sending halfway through is dropped after this long. */
const IDLE_MS = 10_000;
/** Hop-by-hop headers of the injected answer; this connection sets its own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

type ClientErrorListener = (err: Error, socket: Duplex) => void;
type ParseError = NodeJS.ErrnoException & { rawPacket?: Buffer };

function answer(socket: Duplex, status: number, headers: Record<string, unknown>, body: Buffer): void {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${String(v)}`);
  }
  lines.push(`content-length: ${body.length}`, 'connection: close', '', '');
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]));
}

function refuse(socket: Duplex, field: string, why: string): void {
  const body = { error: { code: 4001001, msg: `${field}: ${why}`, field } };
  answer(
    socket,
    400,
    { 'content-type': 'application/json; charset=utf-8' },
    Buffer.from(JSON.stringify(body)),
  );
}

interface Head {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly bodyStart: number;
  readonly length: number;
}

/** The request head once it is all there; undefined while it is not. */
function headOf(buf: Buffer): Head | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [requestLine = '', ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const url = requestLine.split(' ')[1] ?? '/';
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { url, headers, bodyStart: end + 4, length: Number(headers['content-length'] ?? 0) };
}

/** Reads the rest of the request off the socket, runs it as a POST through the app, and answers. */
function takeOver(api: FastifyInstance, socket: Duplex, first: Buffer): void {
  // Node's HTTP parser hears the socket through its 'data' listener; removed, it hears no more.
  socket.removeAllListeners('data');
  let buf = Buffer.concat([Buffer.from('POST'), first.subarray(4)]);
  const timer = setTimeout(() => socket.destroy(), IDLE_MS);
  const done = () => {
    clearTimeout(timer);
    socket.removeListener('data', onData);
  };
  const step = () => {
    const head = headOf(buf);
    if (!head) {
      if (buf.length > HEAD_LIMIT) {
        done();
        refuse(socket, 'header', `the request head is over ${HEAD_LIMIT} bytes`);
      }
      return;
    }
    if (head.headers['transfer-encoding'] !== undefined) {
      done();
      return refuse(socket, 'Transfer-Encoding', 'send a Content-Length with PSOT');
    }
    if (!Number.isInteger(head.length) || head.length < 0 || head.length > BODY_LIMIT) {
      done();
      return refuse(socket, 'Content-Length', `must be 0..${BODY_LIMIT}`);
    }
    if (buf.length < head.bodyStart + head.length) return;
    done();
    const payload = buf.subarray(head.bodyStart, head.bodyStart + head.length);
    api
      .inject({ method: 'POST', url: head.url, headers: head.headers, payload })
      .then((res) => answer(socket, res.statusCode, res.headers, res.rawPayload))
      .catch(() => {
        const body = { error: { code: 5031001, msg: BROADCAST_ERRORS[5031001] } };
        answer(socket, 503, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(body)));
      });
  };
  const onData = (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    step();
  };
  socket.on('data', onData);
  step();
}

/**
 * Serves `PSOT <path>` as `POST <path>`: the seed spells its list method so. Node's HTTP parser
 * (llhttp) knows a fixed set of methods and refuses any other before Fastify sees the request, and
 * Fastify's addHttpMethod only takes methods Node knows, so the refusal is where we step in: the
 * server's `clientError` carries the bytes received, which start with the method. Such a
 * connection is answered and then closed (no keep-alive); its body must come with a Content-Length.
 * Other parse errors go to the listeners that were there before (Fastify's 400).
 */
export function acceptPsot(api: FastifyInstance, path: string): void {
  const server = api.server;
  const others = server.listeners('clientError') as ClientErrorListener[];
  const taken = new WeakSet<Duplex>();
  const prefix = Buffer.from(`PSOT ${path}`);
  server.removeAllListeners('clientError');
  server.on('clientError', (err: ParseError, socket: Duplex) => {
    // The detached parser may still complain about a socket we answer (e.g. at its end): ignore it.
    if (taken.has(socket)) return;
    const raw = err.rawPacket;
    const next = raw?.[prefix.length];
    if (
      err.code === 'HPE_INVALID_METHOD' &&
      raw !== undefined &&
      raw.subarray(0, prefix.length).equals(prefix) &&
      (next === 0x20 || next === 0x3f) // " " or "?": the exact path, not a longer one
    ) {
      taken.add(socket);
      takeOver(api, socket, raw);
      return;
    }
    for (const listener of others) listener.call(server, err, socket);
  });
}
