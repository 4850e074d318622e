import type { Audience, AudienceSpec, TagExpr } from './audience.js';
import { AUDIENCE_KEYS, MAX_AUDIENCE_LIST, MAX_TAG_DEPTH, MAX_TAG_LEAVES } from './audience.js';
import { DEVICE_TYPES } from './device.js';
import { HeraldError, invalid } from './errors.js';
import { checkOneOf, checkString, checkStringList } from './validate.js';

function list(field: string, value: unknown, maxLength = 100): string[] {
  const l = checkStringList(field, value, MAX_AUDIENCE_LIST, maxLength);
  if (l.length === 0) throw invalid(field, 'must not be empty');
  return l;
}

function time(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw invalid(field, 'must be epoch milliseconds');
  return value;
}

function tagExpression(field: string, e: unknown, depth: number, leaves: { n: number }): TagExpr {
  if (depth > MAX_TAG_DEPTH) throw invalid(field, `nests deeper than ${MAX_TAG_DEPTH} levels`);
  if (typeof e === 'string') {
    if (++leaves.n > MAX_TAG_LEAVES) throw invalid('audience.tags', `has more than ${MAX_TAG_LEAVES} tags`);
    return checkString(field, e, { max: 100 });
  }
  if (typeof e !== 'object' || e === null || Array.isArray(e))
    throw invalid(field, 'must be a tag or {and|or|not}');
  const keys = Object.keys(e);
  if (keys.length !== 1) throw invalid(field, 'must have exactly one of and, or, not');
  const rec = e as Record<string, unknown>;
  if ('not' in rec) return { not: tagExpression(`${field}.not`, rec.not, depth + 1, leaves) };
  const op = keys[0] === 'and' ? 'and' : keys[0] === 'or' ? 'or' : undefined;
  if (!op) throw invalid(`${field}.${keys[0]}`, 'is not and, or or not');
  const items = rec[op];
  if (!Array.isArray(items) || items.length === 0)
    throw invalid(`${field}.${op}`, 'must be a non-empty array');
  const parts = items.map((x, i) => tagExpression(`${field}.${op}[${i}]`, x, depth + 1, leaves));
  return op === 'and' ? { and: parts } : { or: parts };
}

/**
 * Checks an audience from any entry point. Unknown kinds get their own code, so a client can
 * tell "you misspelled a kind" from "a value is out of range".
 */
export function validateAudience(a: unknown): Audience {
  if (a === 'all') return 'all';
  if (typeof a !== 'object' || a === null || Array.isArray(a)) {
    throw new HeraldError(
      'unknown_audience',
      `audience must be "all" or an object of ${AUDIENCE_KEYS.join(', ')}`,
      {
        field: 'audience',
      },
    );
  }
  const rec = a as Record<string, unknown>;
  const keys = Object.keys(rec);
  const unknown = keys.find((k) => !(AUDIENCE_KEYS as readonly string[]).includes(k));
  if (unknown) {
    throw new HeraldError(
      'unknown_audience',
      `audience.${unknown} is not a known audience kind (${AUDIENCE_KEYS.join(', ')})`,
      {
        field: `audience.${unknown}`,
      },
    );
  }
  if (keys.length === 0)
    throw invalid('audience', `names no devices: give ${AUDIENCE_KEYS.join(', ')}, or "all"`);
  const out: { -readonly [K in keyof AudienceSpec]: AudienceSpec[K] } = {};
  for (const k of ['deviceIds', 'userIds', 'aliases', 'appPackages', 'products', 'organisations'] as const) {
    if (rec[k] !== undefined) out[k] = list(`audience.${k}`, rec[k]);
  }
  if (rec.pushTokens !== undefined) out.pushTokens = list('audience.pushTokens', rec.pushTokens, 4096);
  if (rec.deviceTypes !== undefined) {
    out.deviceTypes = list('audience.deviceTypes', rec.deviceTypes).map((t, i) =>
      checkOneOf(`audience.deviceTypes[${i}]`, t, DEVICE_TYPES),
    );
  }
  if (rec.tags !== undefined) {
    out.tags = Array.isArray(rec.tags)
      ? (list('audience.tags', rec.tags) as readonly string[])
      : tagExpression('audience.tags', rec.tags, 1, { n: 0 });
    if (Array.isArray(out.tags) && out.tags.length > MAX_TAG_LEAVES) {
      throw invalid('audience.tags', `has more than ${MAX_TAG_LEAVES} tags`);
    }
  }
  if (rec.area !== undefined) {
    const area = rec.area as Record<string, unknown>;
    if (typeof area !== 'object' || area === null || Array.isArray(area))
      throw invalid('audience.area', 'must be an object');
    const extra = Object.keys(area).find((k) => k !== 'provinces' && k !== 'cities');
    if (extra) throw invalid(`audience.area.${extra}`, 'is not provinces or cities');
    if (area.provinces === undefined && area.cities === undefined)
      throw invalid('audience.area', 'needs provinces or cities');
    out.area = {
      ...(area.provinces !== undefined ? { provinces: list('audience.area.provinces', area.provinces) } : {}),
      ...(area.cities !== undefined ? { cities: list('audience.area.cities', area.cities) } : {}),
    };
  }
  if (rec.activity !== undefined) {
    const act = rec.activity as Record<string, unknown>;
    if (typeof act !== 'object' || act === null || Array.isArray(act))
      throw invalid('audience.activity', 'must be an object');
    const extra = Object.keys(act).find((k) => k !== 'activeBetween' && k !== 'sleepingSince');
    if (extra) throw invalid(`audience.activity.${extra}`, 'is not activeBetween or sleepingSince');
    const between = act.activeBetween as Record<string, unknown> | undefined;
    const from = time('audience.activity.activeBetween.from', between?.from);
    const to = time('audience.activity.activeBetween.to', between?.to);
    if (from !== undefined && to !== undefined && from >= to)
      throw invalid('audience.activity.activeBetween', 'from must be before to');
    const sleeping = time('audience.activity.sleepingSince', act.sleepingSince);
    if (between === undefined && sleeping === undefined)
      throw invalid('audience.activity', 'needs activeBetween or sleepingSince');
    out.activity = {
      ...(between !== undefined
        ? { activeBetween: { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) } }
        : {}),
      ...(sleeping !== undefined ? { sleepingSince: sleeping } : {}),
    };
  }
  return out;
}
