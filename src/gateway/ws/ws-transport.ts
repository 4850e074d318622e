import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../observability/logger.js';
import type { DeviceConnection } from '../connection.js';
import type { Gateway } from '../gateway.js';
import { MAX_DEVICE_FRAME_BYTES } from '../gateway.js';

export const CONNECT_PATH = '/v1/connect';

class WsConnection implements DeviceConnection {
  readonly transport = 'ws' as const;
  readonly deviceId: string;
  readonly appId: string;
  readonly socket: WebSocket;
  /** Last time anything arrived from the device; the sweep drops connections silent for 2 heartbeats. */
  lastSeen = Date.now();

  constructor(socket: WebSocket, deviceId: string, appId: string) {
    this.socket = socket;
    this.deviceId = deviceId;
    this.appId = appId;
  }

  send(frame: string | Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    // binary: false keeps a Buffer a text frame, as the protocol says every frame is.
    this.socket.send(frame, { binary: false });
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }
}

function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return url.searchParams.get('token') ?? undefined;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * WebSocket transport at /v1/connect on the API's HTTP server. permessage-deflate stays off: it
 * costs ~200 KiB per connection and triples fan-out time, and frames are small anyway.
 */
export class WsTransport {
  readonly #gateway: Gateway;
  readonly #log: Logger;
  readonly #wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_DEVICE_FRAME_BYTES,
  });
  readonly #connections = new Set<WsConnection>();
  #sweep: NodeJS.Timeout | undefined;
  #closing = false;

  constructor(gateway: Gateway, log: Logger) {
    this.#gateway = gateway;
    this.#log = log;
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.#upgrade(req, socket, head);
    });
    // One timer for all connections: per-connection timers would cost memory and wake-ups at scale.
    this.#sweep = setInterval(() => this.#heartbeat(), this.#gateway.heartbeatMs);
    this.#sweep.unref();
  }

  async close(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#sweep);
    const closed = [...this.#connections].map(
      (c) =>
        new Promise<void>((resolve) =>
          c.socket.readyState === WebSocket.CLOSED ? resolve() : c.socket.once('close', () => resolve()),
        ),
    );
    await this.#gateway.stop();
    // A device that does not complete the close handshake promptly is cut off.
    const timeout = setTimeout(() => {
      for (const c of this.#connections) c.socket.terminate();
    }, 2000);
    await Promise.all(closed);
    clearTimeout(timeout);
    this.#wss.close();
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== CONNECT_PATH) return refuse(socket, 404, 'Not Found');
    if (this.#closing) return refuse(socket, 503, 'Service Unavailable');
    const token = tokenOf(req, url);
    const device = token ? await this.#gateway.session.authenticate(token).catch(() => undefined) : undefined;
    if (!device) return refuse(socket, 401, 'Unauthorized');
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#open(ws, device.id, device.appId));
  }

  #open(ws: WebSocket, deviceId: string, appId: string): void {
    const c = new WsConnection(ws, deviceId, appId);
    this.#connections.add(c);
    ws.on('message', (data, isBinary) => {
      c.lastSeen = Date.now();
      if (isBinary) {
        c.send(JSON.stringify({ type: 'error', code: 'bad_frame', message: 'frames are JSON text' }));
        return;
      }
      this.#gateway
        .onFrame(c, data.toString())
        .catch((err: unknown) => this.#log.error({ err, deviceId }, 'handling a device frame failed'));
    });
    ws.on('pong', () => {
      c.lastSeen = Date.now();
    });
    ws.on('error', (err) => this.#log.debug({ err, deviceId }, 'device socket error'));
    ws.on('close', () => {
      this.#connections.delete(c);
      this.#gateway.detach(c);
    });
    void this.#gateway.attach(c);
  }

  #heartbeat(): void {
    const deadline = Date.now() - 2 * this.#gateway.heartbeatMs;
    for (const c of this.#connections) {
      if (c.lastSeen < deadline) c.socket.terminate();
      else if (c.socket.readyState === WebSocket.OPEN) c.socket.ping();
    }
  }
}
