import { type Kysely, sql } from 'kysely';
import { type HourlyStat, STAT_METRICS, type StatIncrement, type StatMetric } from '../domain/stats.js';
import type { DialectTraits } from './dialect-traits.js';
import type { Database } from './schema.js';
import type { StatsRepository } from './store.js';

const keyOf = (i: StatIncrement) => `${i.appId}\u0000${i.hour}\u0000${i.channel}\u0000${i.metric}`;
const METRICS = new Set<string>(STAT_METRICS);

/** Hourly delivery counters: upserts that add, and a range read pivoted to one item per (hour, channel). */
export class KyselyStatsRepository implements StatsRepository {
  readonly #db: Kysely<Database>;
  readonly #traits: DialectTraits;

  constructor(db: Kysely<Database>, traits: DialectTraits) {
    this.#db = db;
    this.#traits = traits;
  }

  async add(increments: readonly StatIncrement[]): Promise<void> {
    // One row per counter: PostgreSQL refuses an INSERT … ON CONFLICT that would update a row twice.
    const merged = new Map<string, StatIncrement>();
    for (const i of increments) {
      if (i.count === 0) continue;
      const k = keyOf(i);
      const prev = merged.get(k);
      merged.set(k, prev ? { ...prev, count: prev.count + i.count } : i);
    }
    if (merged.size === 0) return;
    const rows = [...merged.values()].map((i) => ({
      app_id: i.appId,
      hour: i.hour,
      channel: i.channel,
      metric: i.metric,
      count: i.count,
    }));
    await this.#db.transaction().execute(async (tx) => {
      for (let at = 0; at < rows.length; at += this.#traits.insertChunk) {
        await tx
          .insertInto('hourly_stats')
          .values(rows.slice(at, at + this.#traits.insertChunk))
          .onConflict((oc) =>
            oc
              .columns(['app_id', 'hour', 'channel', 'metric'])
              .doUpdateSet({ count: sql<number>`hourly_stats.count + excluded.count` }),
          )
          .execute();
      }
    });
  }

  async hourly(appId: string, from: number, to: number, channel?: string): Promise<HourlyStat[]> {
    let q = this.#db
      .selectFrom('hourly_stats')
      .select(['hour', 'channel', 'metric', 'count'])
      .where('app_id', '=', appId)
      .where('hour', '>=', from)
      .where('hour', '<', to)
      .orderBy('hour')
      .orderBy('channel');
    if (channel !== undefined) q = q.where('channel', '=', channel);
    const items = new Map<string, Record<string, number | string>>();
    for (const r of await q.execute()) {
      if (!METRICS.has(r.metric)) continue;
      const hour = Number(r.hour);
      const k = `${hour}\u0000${r.channel}`;
      let item = items.get(k);
      if (!item) {
        item = { hour, channel: r.channel, ...Object.fromEntries(STAT_METRICS.map((m) => [m, 0])) };
        items.set(k, item);
      }
      item[r.metric as StatMetric] = Number(r.count);
    }
    return [...items.values()] as unknown as HourlyStat[];
  }
}
