import { backoffDelay } from './backoff.js';
import { BoundedQueue } from './bounded-queue.js';
import type { HeraldClientEvents } from './client-events.js';
import type { HeraldClientOptions, ResolvedOptions } from './client-options.js';
import { resolveOptions } from './client-options.js';
import { buildConnectUrl } from './connect-url.js';
import type {
  AckFrame,
  DeviceFrame,
  HelloFrame,
  MessageAckStatus,
  MessageFrame,
  ReplaceFrame,
  RevokeFrame,
  ServerFrame,
} from './frames.js';
import { AckStatus } from './frames.js';
import { LruMap } from './lru-map.js';
import { DEFAULT_HEARTBEAT_MS, parseServerFrame } from './parse-frame.js';
import type { Listener } from './typed-emitter.js';
import { TypedEmitter } from './typed-emitter.js';
import type { WebSocketLike } from './websocket-like.js';

/** Lifecycle of a {@link HeraldClient}. Waiting to reconnect counts as 'connecting'. */
export type ClientState = 'idle' | 'connecting' | 'open' | 'closed';

const READY_OPEN = 1;
const READY_CLOSING = 2;
const CLOSE_UNAUTHORIZED = 4001;
const CLOSE_ABNORMAL = 1006;
/** Interaction acks (displayed/clicked) the server never asks for again, so we keep them. */
const PENDING_ACK_LIMIT = 1000;
/** How `ws` reports a refused upgrade; browsers do not expose the status at all. */
const UPGRADE_401 = /Unexpected server response: 401\b/;

interface SeenEntry {
  /** Highest content version shown to the app; 0 if only a revoke was seen. */
  version: number;
  /** Highest status the app acked itself, so re-deliveries can be re-acked without autoAck. */
  appAck: number;
  revoked: boolean;
}

const noop = (): void => {};

/**
 * Device-side client of the Herald push protocol, for browsers and Node.
 *
 * Keeps one WebSocket to `/v1/connect` open, reconnecting with exponential backoff,
 * acks deliveries, drops re-delivered duplicates and detects dead connections with an
 * app-level heartbeat.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws'; // Node 20 only; browsers use their own WebSocket
 * const client = new HeraldClient({ url: 'wss://push.example.com', token, webSocket: WebSocket });
 * client.on('message', (m) => { show(m); client.displayed(m.id); });
 * client.connect();
 * ```
 */
export class HeraldClient {
  private readonly options: ResolvedOptions;
  private readonly connectUrl: string;
  private readonly events = new TypedEmitter<HeraldClientEvents>();
  private readonly seen: LruMap<string, SeenEntry>;
  private readonly pendingAcks = new BoundedQueue<AckFrame>(PENDING_ACK_LIMIT);
  private socket: WebSocketLike | null = null;
  private current: ClientState = 'idle';
  private attempt = 0;
  private heartbeatMs = DEFAULT_HEARTBEAT_MS;
  private helloAt = 0;
  private upgradeRejected = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private watchdogTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;

  /** @throws TypeError/RangeError for invalid options or when no WebSocket is available. */
  constructor(options: HeraldClientOptions) {
    this.options = resolveOptions(options);
    this.connectUrl = buildConnectUrl(this.options.url, this.options.token);
    this.seen = new LruMap(this.options.dedupSize);
  }

  /** Current lifecycle state. */
  get state(): ClientState {
    return this.current;
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on<K extends keyof HeraldClientEvents>(event: K, fn: Listener<HeraldClientEvents[K]>): () => void {
    return this.events.on(event, fn);
  }

  /** Starts connecting (no-op while connecting or open). May be called again after `close()`. */
  connect(): void {
    if (this.current === 'connecting' || this.current === 'open') return;
    this.attempt = 0;
    this.openSocket();
  }

  /** Closes the connection for good: no reconnect until `connect()` is called again. */
  close(): void {
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    const wasLive = this.current === 'open' || this.current === 'connecting';
    this.current = 'closed';
    if (socket) this.dispose(socket, true);
    if (wasLive && socket)
      this.events.emit('close', { code: 1000, reason: 'client closed', willReconnect: false });
  }

  /** Reports that the app showed message `id` (ack status 3). Queued while disconnected. */
  displayed(id: string): void {
    this.ack(id, AckStatus.displayed);
  }

  /** Reports that the user clicked message `id` (ack status 4). Queued while disconnected. */
  clicked(id: string): void {
    this.ack(id, AckStatus.clicked);
  }

  /**
   * Acks message `id` with `status` (2 received, 3 displayed, 4 clicked).
   * While disconnected the ack is queued (at most 1000, oldest dropped) and sent after the next
   * `hello`, because the server never asks for displayed/clicked again.
   * @throws RangeError for any other status.
   */
  ack(id: string, status: MessageAckStatus): void {
    // Guards plain-JS callers; 5 and 6 belong to control frames and are sent by the SDK itself.
    if (status !== 2 && status !== 3 && status !== 4) {
      throw new RangeError(`HeraldClient: ack status must be 2, 3 or 4, got ${String(status)}`);
    }
    const entry = this.seen.get(id);
    if (entry && status > entry.appAck) entry.appAck = status;
    const frame: AckFrame = { type: 'ack', id, status };
    if (!this.send(frame)) this.pendingAcks.push(frame);
  }

  /** Sends an app-level ping (answered by a `pong` event). Returns false when not open. */
  ping(): boolean {
    return this.send({ type: 'ping', ts: Date.now() });
  }

  private openSocket(): void {
    this.current = 'connecting';
    this.upgradeRejected = false;
    this.helloAt = 0;
    let socket: WebSocketLike;
    try {
      socket = new this.options.webSocket(this.connectUrl);
    } catch (err) {
      this.emitClientError('socket_error', errorText(err));
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    // Also bounds a hung handshake or a server that never says hello.
    this.armWatchdog();
    socket.onopen = noop;
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      this.armWatchdog();
      this.handleData(event.data);
    };
    socket.onerror = (event) => {
      if (socket !== this.socket) return;
      const text = errorText(event);
      if (UPGRADE_401.test(text)) {
        this.upgradeRejected = true;
        return;
      }
      this.emitClientError('socket_error', text || 'WebSocket error');
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.handleClose(event.code, event.reason);
    };
  }

  private handleClose(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.clearTimers();
    // Reached with a live socket only when the heartbeat declared it dead: no handshake then.
    if (socket) this.dispose(socket, false);
    if (this.helloAt > 0 && Date.now() - this.helloAt >= this.options.resetAfterMs) this.attempt = 0;

    if (code === CLOSE_UNAUTHORIZED || this.upgradeRejected) {
      this.current = 'closed';
      this.emitClientError('unauthorized', 'device token rejected; not reconnecting');
      this.events.emit('close', { code, reason, willReconnect: false });
      return;
    }
    // 'connecting' before emitting, so a close() from a listener wins and connect() is a no-op.
    this.current = 'connecting';
    this.events.emit('close', { code, reason, willReconnect: true });
    if (this.current === 'connecting' && !this.socket && this.reconnectTimer === undefined) {
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    this.attempt += 1;
    const delayMs = backoffDelay(this.attempt, this.options.backoff, this.options.random);
    this.current = 'connecting';
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.openSocket();
    }, delayMs);
    this.events.emit('reconnecting', { attempt: this.attempt, delayMs });
  }

  private handleData(data: unknown): void {
    if (typeof data !== 'string') {
      this.emitClientError('bad_frame', 'binary frames are not part of the protocol');
      return;
    }
    const parsed = parseServerFrame(data);
    if (parsed.kind === 'invalid') this.emitClientError('bad_frame', parsed.reason);
    else if (parsed.kind === 'frame') this.dispatch(parsed.frame);
    // 'unknown': newer servers may send frame types this SDK predates.
  }

  private dispatch(frame: ServerFrame): void {
    switch (frame.type) {
      case 'hello':
        this.handleHello(frame);
        break;
      case 'message':
        this.handleMessage(frame);
        break;
      case 'revoke':
        this.handleRevoke(frame);
        break;
      case 'replace':
        this.handleReplace(frame);
        break;
      case 'pong':
        this.events.emit('pong', frame);
        break;
      case 'error':
        this.events.emit('error', { code: frame.code, message: frame.message, source: 'server' });
        break;
    }
  }

  private handleHello(frame: HelloFrame): void {
    this.heartbeatMs = frame.heartbeatMs;
    this.helloAt = Date.now();
    this.current = 'open';
    this.armWatchdog();
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), this.heartbeatMs);
    this.flushPendingAcks();
    this.events.emit('open', frame);
  }

  private handleMessage(frame: MessageFrame): void {
    const entry = this.seen.get(frame.id);
    if (entry) {
      // A re-delivery means the server has no "received" ack yet; give it one if we may.
      if (this.options.autoAck || entry.appAck >= AckStatus.received || entry.revoked) {
        this.sendAck(frame.id, AckStatus.received);
      }
      return;
    }
    this.seen.set(frame.id, { version: frame.version, appAck: 0, revoked: false });
    if (this.options.autoAck) this.sendAck(frame.id, AckStatus.received);
    this.events.emit('message', frame);
  }

  private handleRevoke(frame: RevokeFrame): void {
    this.sendAck(frame.id, AckStatus.revoked);
    const entry = this.seen.get(frame.id);
    if (entry?.revoked) return;
    if (entry) entry.revoked = true;
    // Remember revokes of unseen ids too, so a late re-delivery of the message is not shown.
    else this.seen.set(frame.id, { version: 0, appAck: 0, revoked: true });
    this.events.emit('revoke', frame);
  }

  private handleReplace(frame: ReplaceFrame): void {
    this.sendAck(frame.id, AckStatus.replaced);
    const entry = this.seen.get(frame.id);
    if (entry && (entry.revoked || entry.version >= frame.version)) return;
    if (entry) entry.version = frame.version;
    // A replace carries the full content, so it stands in for a message we never saw.
    else this.seen.set(frame.id, { version: frame.version, appAck: 0, revoked: false });
    this.events.emit('replace', frame);
  }

  private flushPendingAcks(): void {
    for (let frame = this.pendingAcks.peek(); frame; frame = this.pendingAcks.peek()) {
      if (!this.send(frame)) return;
      this.pendingAcks.shift();
    }
  }

  /** Acks driven by incoming frames are not queued: the server re-sends what it has no ack for. */
  private sendAck(id: string, status: AckStatus): void {
    this.send({ type: 'ack', id, status });
  }

  private send(frame: DeviceFrame): boolean {
    const socket = this.socket;
    if (this.current !== 'open' || !socket || socket.readyState !== READY_OPEN) return false;
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Nothing heard for two heartbeats: the connection is dead even if TCP has not noticed. */
  private armWatchdog(): void {
    clearTimeout(this.watchdogTimer);
    this.watchdogTimer = setTimeout(() => {
      this.watchdogTimer = undefined;
      if (this.socket) this.handleClose(CLOSE_ABNORMAL, 'heartbeat timeout');
    }, 2 * this.heartbeatMs);
  }

  private clearTimers(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.watchdogTimer);
    clearInterval(this.pingTimer);
    this.reconnectTimer = undefined;
    this.watchdogTimer = undefined;
    this.pingTimer = undefined;
  }

  /** Detaches our handlers and closes the socket if it is still up. */
  private dispose(socket: WebSocketLike, graceful: boolean): void {
    // No-ops rather than null: `ws` throws an unhandled 'error' event if no listener is left.
    socket.onopen = noop;
    socket.onmessage = noop;
    socket.onerror = noop;
    socket.onclose = noop;
    if (socket.readyState >= READY_CLOSING) return;
    try {
      if (graceful || !socket.terminate) socket.close(1000, graceful ? 'client closed' : 'heartbeat timeout');
      else socket.terminate();
    } catch {
      // Closing is best effort; the socket is abandoned either way.
    }
  }

  private emitClientError(code: 'unauthorized' | 'bad_frame' | 'socket_error', message: string): void {
    this.events.emit('error', { code, message, source: 'client' });
  }
}

function errorText(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'message' in value) {
    const { message } = value as { message: unknown };
    if (typeof message === 'string') return message;
  }
  return '';
}
