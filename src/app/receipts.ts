import type { Clock } from '../domain/clock.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { StatusUpdate, Store } from '../store/store.js';
import type { HourlyStats } from './hourly-stats.js';

export interface ReceiptOptions {
  /** A receipt waits at most this long before it is written; a fan-out's acks then cost a few statements, not one each. */
  readonly flushMs?: number;
  /**
   * "Sent" marks wait longer: most are overtaken by the device's receipt within milliseconds, and a
   * receipt implies sent (it also stamps sent_at), so the mark is dropped instead of written.
   */
  readonly sentFlushMs?: number;
  readonly maxBatch?: number;
  /** Called with each batch once it is stored (webhook events). */
  readonly onWritten?: (batch: readonly StatusUpdate[]) => void;
  /** Told exactly which rows each batch moved (repeats move none). */
  readonly stats?: HourlyStats;
}

const keyOf = (u: StatusUpdate) => `${u.messageId}\u0000${u.deviceId}`;

/**
 * Collects delivery status changes (sent, and the devices' receipts) and writes them in batches.
 * A crash can lose the last few milliseconds of them; that only causes a redelivery, which the
 * device deduplicates and acknowledges again.
 */
export class ReceiptRecorder {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly #flushMs: number;
  readonly #sentFlushMs: number;
  readonly #maxBatch: number;
  readonly #onWritten: ((batch: readonly StatusUpdate[]) => void) | undefined;
  readonly #stats: HourlyStats | undefined;
  #receipts: StatusUpdate[] = [];
  #sent = new Map<string, StatusUpdate>();
  #timer: NodeJS.Timeout | undefined;
  #sentTimer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  /** When each recent message was accepted, to measure push-to-receipt latency. */
  readonly #acceptedAt = new Map<string, number>();

  constructor(store: Store, clock: Clock, metrics: Metrics, log: Logger, opts: ReceiptOptions = {}) {
    this.#store = store;
    this.#clock = clock;
    this.#metrics = metrics;
    this.#log = log;
    this.#flushMs = opts.flushMs ?? 10;
    this.#sentFlushMs = opts.sentFlushMs ?? 250;
    this.#maxBatch = opts.maxBatch ?? 5000;
    this.#onWritten = opts.onWritten;
    this.#stats = opts.stats;
  }

  /** Notes when a message was accepted, for the latency histogram. Bounded: old entries fall out. */
  noteAccepted(messageId: string, createdAt: number): void {
    if (this.#acceptedAt.has(messageId)) return;
    this.#acceptedAt.set(messageId, createdAt);
    // 10 000 recent messages is far more than are in flight at once; a Map iterates oldest first.
    if (this.#acceptedAt.size > 10_000) {
      const oldest = this.#acceptedAt.keys().next().value;
      if (oldest !== undefined) this.#acceptedAt.delete(oldest);
    }
  }

  record(update: StatusUpdate, channel = 'ws'): void {
    this.#metrics.deliveries.inc({ status: update.status, channel });
    if (update.status === 'sent') {
      this.#sent.set(keyOf(update), update);
      if (this.#sent.size >= this.#maxBatch) void this.#flushSent();
      else this.#sentTimer ??= setTimeout(() => void this.#flushSent(), this.#sentFlushMs);
      return;
    }
    if (update.status === 'received') {
      const accepted = this.#acceptedAt.get(update.messageId);
      if (accepted !== undefined)
        this.#metrics.pushToReceipt.observe({ channel }, (this.#clock.now() - accepted) / 1000);
    }
    this.#sent.delete(keyOf(update));
    this.#receipts.push(update);
    if (this.#receipts.length >= this.#maxBatch) void this.#flushReceipts();
    else this.#timer ??= setTimeout(() => void this.#flushReceipts(), this.#flushMs);
  }

  /**
   * Devices this node wrote the message to whose "sent" mark is still buffered: the store still
   * says queued, so a revoke in that instant must reach them from here (see Gateway).
   */
  unflushedSent(messageId: string): string[] {
    const out: string[] = [];
    for (const u of this.#sent.values()) if (u.messageId === messageId) out.push(u.deviceId);
    return out;
  }

  /** Writes everything buffered so far; resolves when it is stored. */
  async flush(): Promise<void> {
    await this.#flushSent();
    await this.#flushReceipts();
  }

  async close(): Promise<void> {
    await this.flush();
  }

  #flushReceipts(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#receipts;
    this.#receipts = [];
    return this.#write(batch);
  }

  #flushSent(): Promise<void> {
    clearTimeout(this.#sentTimer);
    this.#sentTimer = undefined;
    const batch = [...this.#sent.values()];
    this.#sent = new Map();
    return this.#write(batch);
  }

  /** Writes never overlap, so a later receipt is never overtaken by an earlier mark. */
  #write(batch: StatusUpdate[]): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      if (batch.length === 0) return;
      try {
        this.#stats?.advanced(batch, await this.#store.deliveries.advance(batch, this.#clock.now()));
        this.#onWritten?.(batch);
      } catch (err) {
        // Lost receipts mean redelivery, not loss: the devices will acknowledge again.
        this.#log.error({ err, count: batch.length }, 'writing delivery receipts failed');
      }
    });
    return this.#writing;
  }
}
