import type { Kysely, Transaction } from 'kysely';
import type { AudienceFilter } from '../domain/audience.js';
import type { Device, DeviceRegistration, Vendor } from '../domain/device.js';
import { nextRegistrationStatus } from '../domain/device.js';
import { type AudienceScan, audienceCondition } from './audience-filter.js';
import type { DialectTraits } from './dialect-traits.js';
import { toDevice } from './rows.js';
import type { Database, DevicesTable } from './schema.js';
import type { DeviceListFilter, DeviceRepository, PageRequest, RegisterResult } from './store.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Registration fields as columns; undefined means "leave as is" on update. */
function registrationColumns(reg: DeviceRegistration): Partial<DevicesTable> {
  const cols: Partial<DevicesTable> = { device_type: reg.deviceType };
  const optional: Array<[keyof DeviceRegistration, keyof DevicesTable]> = [
    ['pushId', 'push_id'],
    ['deviceName', 'device_name'],
    ['typeId', 'type_id'],
    ['platform', 'platform'],
    ['userId', 'user_id'],
    ['alias', 'alias'],
    ['locale', 'locale'],
    ['timezone', 'timezone'],
    ['province', 'province'],
    ['city', 'city'],
    ['productId', 'product_id'],
  ];
  for (const [field, column] of optional) {
    const v = reg[field];
    if (v !== undefined) (cols as Record<string, unknown>)[column] = v;
  }
  if (reg.isTest !== undefined) cols.is_test = reg.isTest ? 1 : 0;
  return cols;
}

/**
 * Devices in an area up to which a SQLite count probes tags per device. Measured on the 1M-device
 * fixture of bench/audience.ts: 46k devices 77 ms probing vs 94 merging, 115k 276 vs 378, 165k 243 vs 181.
 */
const AREA_PROBE_LIMIT = 130_000;

export class KyselyDeviceRepository implements DeviceRepository {
  readonly #db: Kysely<Database>;
  readonly #traits: DialectTraits;

  constructor(db: Kysely<Database>, traits: DialectTraits) {
    this.#db = db;
    this.#traits = traits;
  }

  async register(
    appId: string,
    reg: DeviceRegistration,
    now: number,
    fresh: { id: string; token: string },
  ): Promise<RegisterResult> {
    return this.#db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('devices')
        .values({
          id: fresh.id,
          app_id: appId,
          client_id: reg.clientId,
          app_package: reg.appPackage,
          token: fresh.token,
          push_id: null,
          device_name: null,
          type_id: null,
          platform: null,
          user_id: null,
          alias: null,
          locale: null,
          timezone: null,
          province: null,
          city: null,
          product_id: null,
          is_test: 0,
          ...registrationColumns(reg),
          device_type: reg.deviceType,
          status: nextRegistrationStatus(undefined),
          reg_time: now,
          updated_at: now,
          last_active_at: null,
        })
        .onConflict((oc) => oc.columns(['app_id', 'client_id', 'app_package']).doNothing())
        .executeTakeFirst();
      const created = (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
      const row = await tx
        .selectFrom('devices')
        .selectAll()
        .where('app_id', '=', appId)
        .where('client_id', '=', reg.clientId)
        .where('app_package', '=', reg.appPackage)
        .executeTakeFirstOrThrow();
      if (!created) {
        await tx
          .updateTable('devices')
          .set({
            ...registrationColumns(reg),
            status: nextRegistrationStatus(row.status as 1 | 2 | 3),
            updated_at: now,
          })
          .where('id', '=', row.id)
          .execute();
      }
      if (reg.tags !== undefined) await replaceTags(tx, appId, row.id, reg.tags);
      if (reg.vendorTokens !== undefined) await upsertTokens(tx, appId, row.id, reg.vendorTokens, now);
      const device = await loadOne(tx, row.id);
      return { device: device!, deviceToken: row.token, created };
    });
  }

  async get(appId: string, id: string): Promise<Device | undefined> {
    const r = await this.#db
      .selectFrom('devices')
      .select('id')
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? loadOne(this.#db, r.id) : undefined;
  }

  async getByToken(token: string): Promise<Device | undefined> {
    const r = await this.#db
      .selectFrom('devices')
      .selectAll()
      .where('token', '=', token)
      .where('status', '!=', 2)
      .executeTakeFirst();
    // Whole, like get(): empty tags or vendor tokens would silently mislead any caller that reads them.
    return r && (await hydrate(this.#db, [r]))[0];
  }

  async list(appId: string, filter: DeviceListFilter, page: PageRequest): Promise<Device[]> {
    let q = this.#db
      .selectFrom('devices')
      .selectAll()
      .where('app_id', '=', appId)
      .orderBy('id')
      .limit(page.limit);
    if (page.after) q = q.where('id', '>', page.after);
    if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
    if (filter.alias !== undefined) q = q.where('alias', '=', filter.alias);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.deviceType !== undefined) q = q.where('device_type', '=', filter.deviceType);
    if (filter.clientId !== undefined) q = q.where('client_id', '=', filter.clientId);
    if (filter.appPackage !== undefined) q = q.where('app_package', '=', filter.appPackage);
    const tag = filter.tag;
    if (tag !== undefined) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('device_tags')
            .select('device_tags.device_id')
            .where('device_tags.app_id', '=', appId)
            .where('device_tags.tag', '=', tag)
            .whereRef('device_tags.device_id', '=', 'devices.id'),
        ),
      );
    }
    return hydrate(this.#db, await q.execute());
  }

  async setUser(appId: string, id: string, userId: string | null, now: number): Promise<Device | undefined> {
    const r = await this.#db
      .updateTable('devices')
      .set({ user_id: userId, updated_at: now })
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n ? loadOne(this.#db, id) : undefined;
  }

  async unregister(appId: string, id: string, now: number): Promise<Device | undefined> {
    const r = await this.#db
      .updateTable('devices')
      .set({ status: 2, updated_at: now })
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n ? loadOne(this.#db, id) : undefined;
  }

  async resolveAudience(appId: string, filter: AudienceFilter, page: PageRequest): Promise<string[]> {
    return (await audiencePageQuery(this.#db, this.#traits, appId, filter, page).execute()).map((r) => r.id);
  }

  async countAudience(appId: string, filter: AudienceFilter): Promise<{ devices: number; users: number }> {
    const scan = await this.#countScan(appId, filter);
    const r = await audienceCountQuery(this.#db, this.#traits, appId, filter, scan).executeTakeFirstOrThrow();
    return { devices: Number(r.devices), users: Number(r.users) };
  }

  /**
   * How a count reads tags where the dialect merges whole tag sets (SQLite): when an area narrows
   * the audience to few devices, probing each device's tags beats merging sets that popular tags
   * make a million entries long. One index-only count of the area decides.
   */
  async #countScan(appId: string, filter: AudienceFilter): Promise<AudienceScan> {
    const a = filter.audience;
    if (!this.#traits.mergeTagSets || a === 'all' || !a.tags || !a.area) return 'whole';
    const area = { audience: { area: a.area }, testOnly: filter.testOnly };
    const r = await this.#db
      .selectFrom('devices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => audienceCondition(eb, this.#traits, appId, area, 'whole'))
      .executeTakeFirstOrThrow();
    return Number(r.n) <= AREA_PROBE_LIMIT ? 'paged' : 'whole';
  }

  async timezones(appId: string, filter: AudienceFilter): Promise<Array<string | null>> {
    const rows = await this.#db
      .selectFrom('devices')
      .select('timezone')
      .distinct()
      .where((eb) => audienceCondition(eb, this.#traits, appId, filter, 'whole'))
      .execute();
    return rows.map((r) => r.timezone);
  }

  async touch(ids: readonly string[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.#db
      .updateTable('devices')
      .set({ last_active_at: now })
      .where('id', 'in', [...ids])
      .execute();
  }
}

/** One page of an audience's device ids in id order (keyset paging): what resolveAudience runs. */
export function audiencePageQuery(
  db: Kysely<Database>,
  traits: DialectTraits,
  appId: string,
  filter: AudienceFilter,
  page: PageRequest,
) {
  let q = db
    .selectFrom('devices')
    .select('id')
    .where((eb) => audienceCondition(eb, traits, appId, filter, 'paged'))
    .orderBy('id')
    .limit(page.limit);
  if (page.after) q = q.where('id', '>', page.after);
  return q;
}

/** Devices and distinct users of an audience: what countAudience runs (exported so benches can compile it). */
export function audienceCountQuery(
  db: Kysely<Database>,
  traits: DialectTraits,
  appId: string,
  filter: AudienceFilter,
  scan: AudienceScan = 'whole',
) {
  return db
    .selectFrom('devices')
    .select((eb) => [
      eb.fn.countAll<number>().as('devices'),
      eb.fn.count<number>('user_id').distinct().as('users'),
    ])
    .where((eb) => audienceCondition(eb, traits, appId, filter, scan));
}

async function replaceTags(tx: Db, appId: string, deviceId: string, tags: readonly string[]): Promise<void> {
  await tx.deleteFrom('device_tags').where('device_id', '=', deviceId).execute();
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  await tx
    .insertInto('device_tags')
    .values(unique.map((tag) => ({ app_id: appId, tag, device_id: deviceId })))
    .execute();
}

async function upsertTokens(
  tx: Db,
  appId: string,
  deviceId: string,
  tokens: Partial<Record<Vendor, string>>,
  now: number,
): Promise<void> {
  for (const [vendor, token] of Object.entries(tokens)) {
    if (token === undefined) continue;
    if (token === '') {
      await tx
        .deleteFrom('device_tokens')
        .where('device_id', '=', deviceId)
        .where('vendor', '=', vendor)
        .execute();
      continue;
    }
    await tx
      .insertInto('device_tokens')
      .values({ device_id: deviceId, vendor, app_id: appId, token, updated_at: now })
      .onConflict((oc) => oc.columns(['device_id', 'vendor']).doUpdateSet({ token, updated_at: now }))
      .execute();
  }
}

async function loadOne(db: Db, id: string): Promise<Device | undefined> {
  const row = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return (await hydrate(db, [row]))[0];
}

/** Attaches tags and vendor tokens to a page of device rows with two queries, not two per device. */
async function hydrate(db: Db, rows: DevicesTable[]): Promise<Device[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [tags, tokens] = await Promise.all([
    db
      .selectFrom('device_tags')
      .select(['device_id', 'tag'])
      .where('device_id', 'in', ids)
      .orderBy('tag')
      .execute(),
    db
      .selectFrom('device_tokens')
      .select(['device_id', 'vendor', 'token'])
      .where('device_id', 'in', ids)
      .execute(),
  ]);
  const tagsBy = new Map<string, string[]>();
  for (const t of tags) tagsBy.set(t.device_id, [...(tagsBy.get(t.device_id) ?? []), t.tag]);
  const tokensBy = new Map<string, Partial<Record<Vendor, string>>>();
  for (const t of tokens) tokensBy.set(t.device_id, { ...tokensBy.get(t.device_id), [t.vendor]: t.token });
  return rows.map((r) => toDevice(r, tagsBy.get(r.id) ?? [], tokensBy.get(r.id) ?? {}));
}
