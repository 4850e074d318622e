import { type ClientHttp2Session, connect } from 'node:http2';
import { WaitQueue } from './wait-queue.js';

/** How a {@link SessionPool} connects. */
export interface SessionPoolOptions {
  /** `https://host[:port]`. */
  readonly origin: string;
  /** Connections kept open. Apple allows several for throughput and asks that they be long-lived. */
  readonly size: number;
  /** Our own cap on streams per connection, below whatever the peer allows. */
  readonly maxStreamsPerSession: number;
  /** PING interval, so a connection silently dropped by a NAT or load balancer is noticed. */
  readonly pingIntervalMs: number;
  /** TLS trust for a private endpoint (the local mock's self-signed certificate). */
  readonly ca?: string | Buffer;
  readonly rejectUnauthorized?: boolean;
}

/** One pooled HTTP/2 connection. Fields are the pool's bookkeeping; callers only use `session`. */
export class PooledSession {
  active = 0;
  /**
   * Streams this connection may carry. APNs allows one stream until a request with a valid provider
   * token succeeds, then raises SETTINGS_MAX_CONCURRENT_STREAMS ("Sending notification requests to
   * APNs"), so nothing beyond one is assumed until the peer's SETTINGS say so.
   */
  limit = 1;
  connected = false;
  /** Takes no new streams: GOAWAY received, or APNs said Shutdown / IdleTimeout. */
  retired = false;
  constructor(readonly session: ClientHttp2Session) {}
}

/**
 * A small pool of long-lived HTTP/2 sessions to one origin. Hands out stream slots, never more per
 * session than the peer's SETTINGS_MAX_CONCURRENT_STREAMS; callers wait in FIFO order when every
 * session is full. A session that gets GOAWAY or closes is dropped and replaced on demand.
 */
export class SessionPool {
  readonly #opts: SessionPoolOptions;
  readonly #slots: PooledSession[] = [];
  readonly #waiting = new WaitQueue<PooledSession>();
  #closed = false;

  constructor(opts: SessionPoolOptions) {
    this.#opts = opts;
  }

  /** Connections open or opening (for tests and metrics). */
  get size(): number {
    return this.#slots.length;
  }

  /**
   * Reserves one stream slot; the caller must {@link release} it exactly once. Waits up to
   * `timeoutMs` when all sessions are full. Rejects on abort, timeout, close, or when no session
   * could connect.
   */
  acquire(signal: AbortSignal | undefined, timeoutMs: number): Promise<PooledSession> {
    if (this.#closed) return Promise.reject(new Error('APNs session pool is closed'));
    const slot = this.tryAcquire();
    if (slot) return Promise.resolve(slot);
    const wait = this.#waiting.wait(signal, timeoutMs);
    this.#drain();
    return wait;
  }

  /** A free slot now, or null (closed, all sessions full, or callers already waiting): no promise. */
  tryAcquire(): PooledSession | null {
    return this.#closed || this.#waiting.length > 0 ? null : this.#take();
  }

  /** Returns a slot taken by {@link acquire} or {@link tryAcquire}. */
  release(slot: PooledSession): void {
    slot.active--;
    if (slot.retired && slot.active === 0) slot.session.close();
    this.#drain();
  }

  /** Sends no new streams on this session; it closes when its streams are done. */
  retire(slot: PooledSession): void {
    if (slot.retired) return;
    slot.retired = true;
    if (slot.active === 0) slot.session.close();
    this.#drain();
  }

  /** Closes every session gracefully (destroying laggards after `graceMs`). Idempotent. */
  async close(graceMs = 2000): Promise<void> {
    this.#closed = true;
    this.#waiting.rejectAll(new Error('APNs session pool is closed'));
    await Promise.all(
      this.#slots.map(
        ({ session }) =>
          new Promise<void>((resolve) => {
            if (session.destroyed) return resolve();
            const timer = setTimeout(() => session.destroy(), graceMs);
            session.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            session.close();
          }),
      ),
    );
  }

  /** The least busy session with a free stream, its slot taken; null when all are full. */
  #take(): PooledSession | null {
    let best: PooledSession | null = null;
    for (const s of this.#slots) {
      if (s.retired || s.active >= s.limit || s.session.destroyed) continue;
      if (!best || s.active < best.active) best = s;
    }
    if (best) best.active++;
    return best;
  }

  /** Hands free slots to waiters in order, opening sessions up to the pool size while some wait. */
  #drain(): void {
    while (this.#waiting.length > 0) {
      const slot = this.#take();
      if (slot) {
        if (!this.#waiting.resolveNext(slot)) slot.active--;
        continue;
      }
      if (this.#closed || this.#live() >= this.#opts.size) return;
      this.#open();
    }
  }

  #live(): number {
    let n = 0;
    for (const s of this.#slots) if (!s.retired) n++;
    return n;
  }

  #open(): void {
    const { origin, ca, rejectUnauthorized, pingIntervalMs } = this.#opts;
    const session = connect(origin, { ca, rejectUnauthorized, settings: { enablePush: false } });
    const slot = new PooledSession(session);
    this.#slots.push(slot);
    let failure: Error | null = null;
    const ping = setInterval(() => {
      if (session.closed || session.destroyed) return;
      try {
        session.ping((err) => err && session.destroy(err));
      } catch (err) {
        session.destroy(err as Error);
      }
    }, pingIntervalMs).unref();
    session.on('connect', () => {
      slot.connected = true;
    });
    session.on('remoteSettings', (settings) => {
      slot.limit = Math.min(
        this.#opts.maxStreamsPerSession,
        settings.maxConcurrentStreams ?? Number.MAX_SAFE_INTEGER,
      );
      this.#drain();
    });
    // APNs ends connections with GOAWAY (reason in the debug data, e.g. Shutdown, IdleTimeout):
    // streams it did not process fail as refused and are resent by the client on a new session.
    session.on('goaway', () => this.retire(slot));
    session.on('error', (err: Error) => {
      failure = err;
    });
    session.on('close', () => {
      clearInterval(ping);
      slot.retired = true;
      const at = this.#slots.indexOf(slot);
      if (at >= 0) this.#slots.splice(at, 1);
      // A refused or failed connect: fail the waiters instead of reconnecting in a tight loop.
      if (!slot.connected && !this.#slots.some((s) => s.connected && !s.retired)) {
        this.#waiting.rejectAll(
          new Error(`APNs connect failed: ${failure?.message ?? 'closed'}`, { cause: failure }),
        );
      }
      this.#drain();
    });
  }
}
