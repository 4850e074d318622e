import type { Audience, AudienceSpec, TagExpr } from '../../domain/audience.js';
import { AREA_TYPE, GROUP_TYPE, SCOPE_TYPE, seedInt, TAG_TYPE } from './enums.js';
import { badField, missingField } from './errors.js';
import type { JsonObject, SeedGroup, SeedScope, SeedTag } from './seed-types.js';
import { DAY_MS, formatSeedDay, parseSeedDay } from './time-format.js';

function object(field: string, value: unknown): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badField(field, 'must be an object');
  return value as JsonObject;
}

/** A list field; an empty list is no condition. Element checks (type, length, count) are the native audience's. */
function list(field: string, value: unknown): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badField(field, 'must be an array of strings');
  return value.length === 0 ? undefined : value;
}

function activity(field: string, raw: unknown): AudienceSpec['activity'] {
  if (raw === undefined || raw === null) return undefined;
  const g = object(field, raw);
  if (g.type === undefined) throw missingField(`${field}.type`);
  const type = seedInt(`${field}.type`, g.type, Object.values(GROUP_TYPE));
  if (type === GROUP_TYPE.any) return undefined;
  if (g.start_day === undefined) throw missingField(`${field}.start_day`);
  if (g.end_day === undefined) throw missingField(`${field}.end_day`);
  const start = parseSeedDay(`${field}.start_day`, g.start_day);
  const end = parseSeedDay(`${field}.end_day`, g.end_day);
  if (end < start) throw badField(`${field}.end_day`, 'must not be before start_day');
  // Herald keeps one "last seen" time per device. Active: last seen within the days (end day
  // included). Sleeping: not seen since start_day, the only way to be sure a device was idle all
  // through the days; one seen after end_day cannot be shown idle during them, so end_day cannot
  // narrow it further and is checked but not kept.
  return type === GROUP_TYPE.active
    ? { activeBetween: { from: start, to: end + DAY_MS } }
    : { sleepingSince: start };
}

function area(field: string, raw: unknown): AudienceSpec['area'] {
  if (raw === undefined || raw === null) return undefined;
  const a = object(field, raw);
  if (a.type === undefined) throw missingField(`${field}.type`);
  if (seedInt(`${field}.type`, a.type, Object.values(AREA_TYPE)) === AREA_TYPE.any) return undefined;
  const given = (k: 'province' | 'city'): string[] => {
    const v = a[k];
    if (v === undefined || v === null || v === '') return [];
    if (typeof v !== 'string') throw badField(`${field}.${k}`, 'must be a string');
    return [v];
  };
  const provinces = given('province');
  const cities = given('city');
  if (provinces.length === 0 && cities.length === 0) throw missingField(`${field}.province`);
  return { ...(provinces.length ? { provinces } : {}), ...(cities.length ? { cities } : {}) };
}

function tags(field: string, raw: unknown): TagExpr | readonly string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const t = object(field, raw);
  if (t.type === undefined) throw missingField(`${field}.type`);
  const type = seedInt(`${field}.type`, t.type, Object.values(TAG_TYPE));
  if (type === TAG_TYPE.any) return undefined;
  const names = list(`${field}.tag_list`, t.tag_list) as string[] | undefined;
  if (!names) throw missingField(`${field}.tag_list`);
  // "Push" reaches a device with any of the tags; "do not push" one with none of them.
  return type === TAG_TYPE.include ? names : { not: { or: names } };
}

/**
 * The seed's scope as a native audience. `at` is where the scope sits in the request ("scope." in
 * a task, "" in task_user). Fields that do not belong to the chosen type are ignored: the seed's
 * own example sends all of them at once.
 */
export function scopeToAudience(raw: unknown, at: string): Audience {
  if (raw === undefined || raw === null) throw missingField(at ? at.slice(0, -1) : 'body');
  const s = object(at ? at.slice(0, -1) : 'body', raw);
  if (s.type === undefined) throw missingField(`${at}type`);
  const type = seedInt(`${at}type`, s.type, Object.values(SCOPE_TYPE));
  if (type === SCOPE_TYPE.all) return 'all';
  if (type === SCOPE_TYPE.users) {
    const users = list(`${at}user`, s.user);
    if (!users) throw missingField(`${at}user`);
    return { userIds: users as string[] };
  }
  const apps = list(`${at}app_list`, s.app_list) as string[] | undefined;
  const products = list(`${at}product_list`, s.product_list) as string[] | undefined;
  const act = activity(`${at}group`, s.group);
  const where = area(`${at}area`, s.area);
  const tag = tags(`${at}tag`, s.tag);
  const spec: AudienceSpec = {
    ...(apps ? { appPackages: apps } : {}),
    ...(products ? { products } : {}),
    ...(act ? { activity: act } : {}),
    ...(where ? { area: where } : {}),
    ...(tag ? { tags: tag } : {}),
  };
  if (Object.keys(spec).length === 0) {
    throw badField(
      `${at}type`,
      'a directed push (2) needs at least one of app_list, product_list, group, area or tag; use 1 for every user',
    );
  }
  return spec;
}

function leaves(e: TagExpr): string[] {
  if (typeof e === 'string') return [e];
  if ('not' in e) return leaves(e.not);
  return ('and' in e ? e.and : e.or).flatMap(leaves);
}

function tagOf(t: AudienceSpec['tags']): SeedTag {
  if (t === undefined) return { type: TAG_TYPE.any };
  if (Array.isArray(t)) return { type: TAG_TYPE.include, tag_list: t as readonly string[] };
  const e = t as TagExpr;
  if (typeof e === 'object' && 'not' in e) return { type: TAG_TYPE.exclude, tag_list: leaves(e.not) };
  // A native and/or expression has no seed equivalent; its tags are the closest the seed can show.
  return { type: TAG_TYPE.include, tag_list: leaves(e) };
}

function groupOf(a: AudienceSpec['activity']): SeedGroup {
  const between = a?.activeBetween;
  if (between) {
    return {
      type: GROUP_TYPE.active,
      ...(between.from !== undefined ? { start_day: formatSeedDay(between.from) } : {}),
      ...(between.to !== undefined ? { end_day: formatSeedDay(between.to - DAY_MS) } : {}),
    };
  }
  if (a?.sleepingSince !== undefined)
    return { type: GROUP_TYPE.sleeping, start_day: formatSeedDay(a.sleepingSince) };
  return { type: GROUP_TYPE.any };
}

/**
 * A stored audience as the seed's scope. A directed scope always carries every part (empty lists,
 * type 0 for a part not used), so a client reads one shape. Native kinds the seed has no field for
 * (device ids, aliases, organisations…) are left out.
 */
export function audienceToScope(a: Audience): SeedScope {
  if (a === 'all') return { type: SCOPE_TYPE.all };
  const keys = Object.keys(a);
  if (a.userIds && keys.length === 1) return { type: SCOPE_TYPE.users, user: a.userIds };
  return {
    type: SCOPE_TYPE.directed,
    ...(a.userIds ? { user: a.userIds } : {}),
    app_list: a.appPackages ?? [],
    product_list: a.products ?? [],
    group: groupOf(a.activity),
    area: a.area
      ? {
          type: AREA_TYPE.custom,
          ...(a.area.provinces?.[0] !== undefined ? { province: a.area.provinces[0] } : {}),
          ...(a.area.cities?.[0] !== undefined ? { city: a.area.cities[0] } : {}),
        }
      : { type: AREA_TYPE.any },
    tag: tagOf(a.tags),
  };
}
