import { type ConnectOptions, PooledSession, type SessionEvents } from './pooled-session.js';
import { WaitQueue } from './wait-queue.js';

/** How a {@link SessionPool} connects, and how many connections it keeps. */
export interface SessionPoolOptions extends ConnectOptions {
  /** Connections kept open. Apple allows several for throughput and asks that they be long-lived. */
  readonly size: number;
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
    this.#slots.push(PooledSession.open(this.#opts, this.#events));
  }

  readonly #events: SessionEvents = {
    settings: () => this.#drain(),
    goaway: (slot) => this.retire(slot),
    closed: (slot, failure) => {
      const at = this.#slots.indexOf(slot);
      if (at >= 0) this.#slots.splice(at, 1);
      // A refused or failed connect: fail the waiters instead of reconnecting in a tight loop.
      if (!slot.connected && !this.#slots.some((s) => s.connected && !s.retired)) {
        const err = new Error(`APNs connect failed: ${failure?.message ?? 'closed'}`, { cause: failure });
        this.#waiting.rejectAll(err);
      }
      this.#drain();
    },
  };
}
