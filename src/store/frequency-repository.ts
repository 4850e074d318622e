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
    const windowStart = now - cap.hours * 3_600_000;
    // One upsert decides and counts at once: the conflicting row is locked while it is updated, so
    // two dispatches reaching a device together cannot both slip under the cap. A row whose WHERE
    // fails is left alone and not returned: that device is capped.
    const r = await sql<{ device_id: string }>`
      insert into device_frequency (device_id, window_start, count)
      select value, ${now}, 1 from ${this.#traits.idTable(deviceIds)} where true
      on conflict (device_id) do update set
        window_start = case when device_frequency.window_start <= ${windowStart} then ${now} else device_frequency.window_start end,
        count = case when device_frequency.window_start <= ${windowStart} then 1 else device_frequency.count + 1 end
      where device_frequency.window_start <= ${windowStart} or device_frequency.count < ${cap.max}
      returning device_id`.execute(this.#db);
    const admitted = new Set(r.rows.map((x) => x.device_id));
    return {
      admitted: deviceIds.filter((id) => admitted.has(id)),
      capped: deviceIds.filter((id) => !admitted.has(id)),
    };
  }
}
