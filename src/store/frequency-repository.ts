import { type Kysely, sql } from 'kysely';
import type { FrequencyCap } from '../domain/frequency-cap.js';
import type { DialectTraits } from './dialect-traits.js';
import type { Database } from './schema.js';
import type { FrequencyRepository } from './store.js';

/** Per-device message counters for an app's frequency cap, one fixed window per device. */
export class KyselyFrequencyRepository implements FrequencyRepository {
  readonly #db: Kysely<Database>;
  readonly #traits: DialectTraits;

  constructor(db: Kysely<Database>, traits: DialectTraits) {
    this.#db = db;
    this.#traits = traits;
  }

  async admit(
    deviceIds: readonly string[],
    cap: FrequencyCap,
    now: number,
  ): Promise<{ admitted: string[]; capped: string[] }> {
    if (deviceIds.length === 0) return { admitted: [], capped: [] };
    const windowMs = cap.hours * 3_600_000;
    return this.#db.transaction().execute(async (tx) => {
      const inPage = sql<boolean>`device_id in (select value from ${this.#traits.idTable(deviceIds)})`;
      const rows = await tx.selectFrom('device_frequency').selectAll().where(inPage).execute();
      const byId = new Map(rows.map((r) => [r.device_id, r]));
      const admitted: string[] = [];
      const capped: string[] = [];
      const fresh: string[] = [];
      const counted: string[] = [];
      for (const id of deviceIds) {
        const r = byId.get(id);
        if (!r || now - Number(r.window_start) >= windowMs) {
          admitted.push(id);
          fresh.push(id);
        } else if (r.count < cap.max) {
          admitted.push(id);
          counted.push(id);
        } else capped.push(id);
      }
      // A device's first message after its window ended opens a new window.
      for (let i = 0; i < fresh.length; i += this.#traits.insertChunk) {
        await tx
          .insertInto('device_frequency')
          .values(
            fresh
              .slice(i, i + this.#traits.insertChunk)
              .map((device_id) => ({ device_id, window_start: now, count: 1 })),
          )
          .onConflict((oc) => oc.column('device_id').doUpdateSet({ window_start: now, count: 1 }))
          .execute();
      }
      if (counted.length > 0) {
        await tx
          .updateTable('device_frequency')
          .set({ count: sql`count + 1` })
          .where(sql<boolean>`device_id in (select value from ${this.#traits.idTable(counted)})`)
          .execute();
      }
      return { admitted, capped };
    });
  }
}
