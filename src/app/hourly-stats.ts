import type { Clock } from '../domain/clock.js';
import { invalid } from '../domain/errors.js';
import {
  ANY_CHANNEL,
  type HourlyStat,
  hourOf,
  OWN_CHANNEL,
  type StatChannel,
  type StatIncrement,
  type StatMetric,
} from '../domain/stats.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { AdvanceResult, StatusUpdate, Store, VendorSettlement } from '../store/store.js';

export interface HourlyStatsOptions {
  /** Increments wait at most this long in memory: a busy hour costs one upsert per counter a second, not one write per event. */
  readonly flushMs?: number;
}

/** The own channel's stages in order; a delivery moving forward passes every stage after the one it left. */
const STAGES = ['queued', 'sent', 'received', 'displayed', 'clicked'] as const;

/** A query spans at most 31 days: a month of hours is 744 buckets per channel, a page any client can take. */
export const MAX_STATS_RANGE_MS = 31 * 24 * 3_600_000;

const keyOf = (appId: string, hour: number, channel: string, metric: string) =>
  `${appId}\u0000${hour}\u0000${channel}\u0000${metric}`;

/**
 * Per-app delivery statistics in hour buckets (domain/stats.ts). The places where a fact becomes
 * true report it here; increments add up in memory and are written once a second and on close,
 * so no hot path pays a write per event. A crash loses at most the last second of counts.
 */
export class HourlyStats {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly #flushMs: number;
  #pending = new Map<string, StatIncrement>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(store: Store, clock: Clock, metrics: Metrics, log: Logger, opts: HourlyStatsOptions = {}) {
    this.#store = store;
    this.#clock = clock;
    this.#metrics = metrics;
    this.#log = log;
    this.#flushMs = opts.flushMs ?? 1000;
  }

  /** Deliveries created (queued, or held back by a frequency cap). */
  target(appId: string, count: number): void {
    this.#add(appId, ANY_CHANNEL, 'target', count);
  }

  /**
   * Rows the receipt recorder moved: each counts at every stage between the status it left and the
   * one it reached, on the vendor that had delivered it, else on the own channel.
   */
  advanced(batch: readonly StatusUpdate[], result: AdvanceResult): void {
    const appOf = new Map<string, string>();
    for (const u of batch) if (u.appId) appOf.set(u.messageId, u.appId);
    for (const m of result.moves) {
      const appId = appOf.get(m.messageId);
      if (!appId) continue;
      const from = STAGES.indexOf(m.from as (typeof STAGES)[number]);
      const to = STAGES.indexOf(m.status);
      if (from < 0) continue;
      for (let s = from + 1; s <= to; s++)
        this.#add(appId, m.vendor ?? OWN_CHANNEL, STAGES[s] as StatMetric, m.count);
    }
  }

  /** Vendor legs settled: a vendor accepted them (sent) or none could deliver them (failed). */
  vendorSettled(settlements: readonly VendorSettlement[], appOf: ReadonlyMap<string, string>): void {
    for (const s of settlements) {
      if (s.kind !== 'sent' && s.kind !== 'failed') continue;
      const appId = appOf.get(s.messageId);
      if (!appId) continue;
      // A failure with no vendor: none could even be tried (no live token), a fact about the delivery.
      this.#add(appId, s.vendor ?? ANY_CHANNEL, s.kind, 1);
    }
  }

  revoked(appId: string, count: number): void {
    this.#add(appId, ANY_CHANNEL, 'revoked', count);
  }

  expired(byApp: Readonly<Record<string, number>>): void {
    for (const [appId, n] of Object.entries(byApp)) this.#add(appId, ANY_CHANNEL, 'expired', n);
  }

  /**
   * The app's hours starting in [from, to) (epoch ms), at most 31 days, one item per hour and
   * channel with any count, ordered by hour. Counts still in memory (under a second old) are not in it.
   */
  hourly(appId: string, from: number, to: number, channel?: StatChannel): Promise<HourlyStat[]> {
    if (!Number.isSafeInteger(from) || from < 0)
      throw invalid('from', 'must be a time in epoch milliseconds');
    if (!Number.isSafeInteger(to) || to <= from)
      throw invalid('to', 'must be a time in epoch milliseconds after from');
    if (to - from > MAX_STATS_RANGE_MS)
      throw invalid('to', `must be at most 31 days (${MAX_STATS_RANGE_MS} ms) after from`);
    return this.#store.stats.hourly(appId, from, to, channel);
  }

  /** Writes everything counted so far; resolves when it is stored (or failed, and kept for the next flush). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = [...this.#pending.values()];
    this.#pending = new Map();
    this.#writing = this.#writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.#store.stats.add(batch);
      } catch (err) {
        // Kept, not lost: the next flush tries again with whatever came since.
        this.#log.error({ err, count: batch.length }, 'writing hourly statistics failed');
        for (const i of batch) this.#merge(i);
        this.#timer ??= this.#schedule();
      }
    });
    return this.#writing;
  }

  async close(): Promise<void> {
    await this.flush();
  }

  #add(appId: string, channel: StatChannel, metric: StatMetric, count: number): void {
    if (count <= 0) return;
    this.#metrics.deliveryStats.inc({ metric, channel }, count);
    this.#merge({ appId, hour: hourOf(this.#clock.now()), channel, metric, count });
    this.#timer ??= this.#schedule();
  }

  #merge(i: StatIncrement): void {
    const k = keyOf(i.appId, i.hour, i.channel, i.metric);
    const prev = this.#pending.get(k);
    this.#pending.set(k, prev ? { ...prev, count: prev.count + i.count } : i);
  }

  #schedule(): NodeJS.Timeout {
    const t = setTimeout(() => void this.flush(), this.#flushMs);
    t.unref();
    return t;
  }
}
