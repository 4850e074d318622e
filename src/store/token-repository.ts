import { type Kysely, sql } from 'kysely';
import type { Vendor } from '../domain/device.js';
import type { DialectTraits } from './dialect-traits.js';
import type { Database } from './schema.js';
import type { TokenHealthRow, TokenRepository } from './store.js';

/** Devices' vendor tokens as the vendor relay sees them: live ones to send to, dead ones to clear. */
export class KyselyTokenRepository implements TokenRepository {
  readonly #db: Kysely<Database>;
  readonly #traits: DialectTraits;

  constructor(db: Kysely<Database>, traits: DialectTraits) {
    this.#db = db;
    this.#traits = traits;
  }

  async live(
    deviceIds: readonly string[],
    freshSince: number,
  ): Promise<Map<string, Partial<Record<Vendor, string>>>> {
    const out = new Map<string, Partial<Record<Vendor, string>>>();
    if (deviceIds.length === 0) return out;
    const rows = await this.#db
      .selectFrom('device_tokens')
      .select(['device_id', 'vendor', 'token'])
      .where(sql<boolean>`device_id in (select value from ${this.#traits.idTable(deviceIds)})`)
      .where('updated_at', '>=', freshSince)
      .execute();
    for (const r of rows) out.set(r.device_id, { ...out.get(r.device_id), [r.vendor]: r.token });
    return out;
  }

  async invalidate(
    appId: string,
    deviceId: string,
    vendor: Vendor,
    token: string,
    now: number,
  ): Promise<boolean> {
    return this.#db.transaction().execute(async (tx) => {
      // Only the token the vendor refused: the device may have registered a new one meanwhile.
      const r = await tx
        .deleteFrom('device_tokens')
        .where('device_id', '=', deviceId)
        .where('vendor', '=', vendor)
        .where('token', '=', token)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) return false;
      await tx
        .insertInto('token_invalidations')
        .values({ app_id: appId, vendor, count: 1, last_at: now })
        .onConflict((oc) =>
          oc
            .columns(['app_id', 'vendor'])
            .doUpdateSet({ count: sql`token_invalidations.count + 1`, last_at: now }),
        )
        .execute();
      return true;
    });
  }

  async health(appId: string, freshSince: number): Promise<TokenHealthRow[]> {
    const [live, cleared] = await Promise.all([
      this.#db
        .selectFrom('device_tokens')
        .select([
          'vendor',
          sql<number>`sum(case when updated_at >= ${freshSince} then 1 else 0 end)`.as('active'),
          sql<number>`sum(case when updated_at < ${freshSince} then 1 else 0 end)`.as('stale'),
        ])
        .where('app_id', '=', appId)
        .groupBy('vendor')
        .execute(),
      this.#db.selectFrom('token_invalidations').selectAll().where('app_id', '=', appId).execute(),
    ]);
    const byVendor = new Map<string, TokenHealthRow>();
    const row = (vendor: string) =>
      byVendor.get(vendor) ?? {
        vendor: vendor as Vendor,
        active: 0,
        stale: 0,
        invalidated: 0,
        lastInvalidatedAt: null,
      };
    for (const r of live)
      byVendor.set(r.vendor, { ...row(r.vendor), active: Number(r.active), stale: Number(r.stale) });
    for (const r of cleared)
      byVendor.set(r.vendor, {
        ...row(r.vendor),
        invalidated: Number(r.count),
        lastInvalidatedAt: Number(r.last_at),
      });
    return [...byVendor.values()].sort((a, b) => a.vendor.localeCompare(b.vendor));
  }
}
