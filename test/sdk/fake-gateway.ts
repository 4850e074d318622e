/**
 * Test double of Herald's `/v1/connect` gateway for the SDK's unit tests: it speaks the device
 * protocol of docs/protocol.md (hello, replay of unacked messages and control frames, acks,
 * ping/pong, 401 on a bad token) with knobs for misbehaviour. Not the real server.
 */
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import type { AckFrame, MessageContent, MessageFrame, ReplaceFrame, RevokeFrame } from '../../sdk/index.js';

export interface FakeGatewayOptions {
  /** Share an existing HTTP server (its `upgrade` events) instead of creating one. */
  server?: Server;
  /** The only token accepted. Default 'device-token'. */
  token?: string;
  deviceId?: string;
  /** Sent in hello. Default 25000. */
  heartbeatMs?: number;
  /** After hello send nothing at all, not even pongs: a connection that died silently. */
  silent?: boolean;
  /** When false, acks are recorded but do not stop re-delivery, as if they were lost. Default true. */
  honourAcks?: boolean;
}

/** One frame the gateway received, tagged with the 1-based connection it came on. */
export interface ReceivedFrame {
  connection: number;
  frame: { type?: unknown; [key: string]: unknown };
}

export interface UpgradeRequest {
  url: string;
  authorization: string | undefined;
  accepted: boolean;
}

interface StoredMessage {
  frame: MessageFrame;
  status: number;
  revoked: boolean;
}

interface PendingControl {
  frame: RevokeFrame | ReplaceFrame;
  acked: boolean;
}

export interface FakeGateway {
  /** ws://127.0.0.1:<port>/v1/connect */
  readonly url: string;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly token: string;
  /** Every upgrade request, accepted or refused with 401. */
  readonly upgrades: UpgradeRequest[];
  readonly received: ReceivedFrame[];
  /** Number of accepted connections so far. */
  connectionCount(): number;
  /** Currently open connections. */
  liveCount(): number;
  /** Ack frames received, optionally only those on one connection. */
  acks(connection?: number): AckFrame[];
  /** Stores a message and sends it to live connections; re-delivered until acked (status >= 2). */
  publish(message: Partial<MessageContent> & { id: string }): MessageFrame;
  /** Revokes a message: never re-delivered; a revoke frame is sent until acked with 5. */
  revoke(id: string): RevokeFrame;
  /** Replaces a message's content: a replace frame is sent until acked with 6. */
  replace(content: Partial<MessageContent> & { id: string; version: number }): ReplaceFrame;
  /** Sends raw text to every live connection, bypassing the store. */
  sendRaw(data: string | Buffer): void;
  /** Closes every live connection with a close frame. */
  closeAll(code: number, reason: string): void;
  /** Drops every live connection without a closing handshake. */
  dropAll(): void;
  close(): Promise<void>;
}

/** Fills the fields a test does not care about. */
export function messageFrame(message: Partial<MessageContent> & { id: string }): MessageFrame {
  return {
    version: 1,
    kind: 'notification',
    priority: 'normal',
    sentAt: Date.now(),
    expiresAt: null,
    ...message,
    type: 'message',
  };
}

export async function startFakeGateway(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
  const token = options.token ?? 'device-token';
  const deviceId = options.deviceId ?? 'device-1';
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const honourAcks = options.honourAcks ?? true;
  const ownServer = !options.server;
  const server = options.server ?? createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const live = new Set<WebSocket>();
  const messages = new Map<string, StoredMessage>();
  const controls: PendingControl[] = [];
  const upgrades: UpgradeRequest[] = [];
  const received: ReceivedFrame[] = [];
  let connections = 0;

  const sendFrame = (ws: WebSocket, frame: object): void => {
    if (!options.silent && ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  const broadcast = (frame: object): void => {
    for (const ws of live) sendFrame(ws, frame);
  };

  const replay = (ws: WebSocket): void => {
    const now = Date.now();
    for (const m of messages.values()) {
      const expired = m.frame.expiresAt !== null && m.frame.expiresAt <= now;
      if (m.status < 2 && !m.revoked && !expired) sendFrame(ws, m.frame);
    }
    for (const c of controls) if (!c.acked) sendFrame(ws, c.frame);
  };

  const onAck = (id: unknown, status: unknown): void => {
    if (!honourAcks || typeof id !== 'string' || typeof status !== 'number') return;
    const m = messages.get(id);
    if (m && status >= 2 && status <= 4) m.status = Math.max(m.status, status);
    const type = status === 5 ? 'revoke' : status === 6 ? 'replace' : undefined;
    for (const c of controls) if (c.frame.type === type && c.frame.id === id) c.acked = true;
  };

  const onConnection = (ws: WebSocket): void => {
    connections += 1;
    const connection = connections;
    live.add(ws);
    ws.on('close', () => live.delete(ws));
    ws.on('error', () => live.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame: ReceivedFrame['frame'];
      try {
        frame = JSON.parse(data.toString());
      } catch {
        sendFrame(ws, { type: 'error', code: 'bad_frame', message: 'not JSON' });
        return;
      }
      received.push({ connection, frame });
      if (frame.type === 'ack') onAck(frame.id, frame.status);
      else if (frame.type === 'ping') sendFrame(ws, { type: 'pong', ts: frame.ts });
    });
    // Real server order: connection registered (live.add above), hello, then replay.
    const hello = { type: 'hello', deviceId, heartbeatMs, server: 'herald/fake' };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(hello));
    replay(ws);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/v1/connect') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const authorization = req.headers.authorization;
    const presented = authorization?.startsWith('Bearer ')
      ? authorization.slice('Bearer '.length)
      : url.searchParams.get('token');
    const accepted = presented === token;
    upgrades.push({ url: req.url ?? '', authorization, accepted });
    if (!accepted) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, onConnection);
  };

  server.on('upgrade', onUpgrade);
  if (ownServer) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `ws://127.0.0.1:${port}/v1/connect`,
    origin,
    token,
    upgrades,
    received,
    connectionCount: () => connections,
    liveCount: () => live.size,
    acks: (connection) =>
      received
        .filter((r) => r.frame.type === 'ack' && (connection === undefined || r.connection === connection))
        .map((r) => r.frame as unknown as AckFrame),
    publish(message) {
      const frame = messageFrame(message);
      messages.set(frame.id, { frame, status: 0, revoked: false });
      broadcast(frame);
      return frame;
    },
    revoke(id) {
      const m = messages.get(id);
      if (m) m.revoked = true;
      const frame: RevokeFrame = { type: 'revoke', id };
      controls.push({ frame, acked: false });
      broadcast(frame);
      return frame;
    },
    replace(content) {
      const frame: ReplaceFrame = { ...messageFrame(content), type: 'replace' };
      const m = messages.get(content.id);
      if (m) m.frame = { ...frame, type: 'message' };
      // Only the newest replacement is worth re-sending.
      for (const c of controls) if (c.frame.type === 'replace' && c.frame.id === content.id) c.acked = true;
      controls.push({ frame, acked: false });
      broadcast(frame);
      return frame;
    },
    sendRaw(data) {
      for (const ws of live) if (ws.readyState === ws.OPEN) ws.send(data);
    },
    closeAll(code, reason) {
      for (const ws of live) ws.close(code, reason);
    },
    dropAll() {
      for (const ws of live) ws.terminate();
    },
    async close() {
      server.off('upgrade', onUpgrade);
      for (const ws of live) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      if (ownServer) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
