import type { Condition, QueryValue, TaskQueryField } from '../../domain/task-query.js';
import { nativeStatuses, type SeedStatus, seedInt } from './enums.js';
import { badField } from './errors.js';
import { bodyObject } from './request-mapping.js';
import type { JsonObject } from './seed-types.js';
import { SEED_TASK_FIELDS, type SeedTaskField } from './seed-types.js';
import { parseSeedTime } from './time-format.js';

/**
 * Seed fields a list can filter on, and the native field each one reads. `time` reads the time
 * the task was accepted: the native query has no column for a scheduled task's send time, so a
 * scheduled task is found by when it was created (docs/compat/003-broadcast.md).
 */
const QUERYABLE: Readonly<Partial<Record<SeedTaskField, TaskQueryField>>> = {
  id: 'id',
  title: 'title',
  status: 'status',
  time: 'createdAt',
};
/** Native statuses are words, so sorting on them would not follow the seed's 0/1/2. */
const SORTABLE: Readonly<Partial<Record<SeedTaskField, TaskQueryField>>> = {
  id: 'id',
  title: 'title',
  time: 'createdAt',
};
const OPERATORS = ['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$like'] as const;
type Operator = (typeof OPERATORS)[number];
const STATUSES: readonly SeedStatus[] = [0, 1, 2];

/** 20 a page unless asked: the native list's default, enough for a console page. */
export const DEFAULT_LIST_LIMIT = 20;

export interface MappedListQuery {
  /** For `services.tasks.list`: ids only, the facade reads each task whole. */
  readonly native: {
    readonly offset: unknown;
    readonly limit: unknown;
    readonly fields: readonly TaskQueryField[];
    readonly where?: Readonly<Record<string, Condition>>;
    readonly order?: Readonly<Record<string, 'asc' | 'desc'>>;
  };
  /** The seed fields each item carries. */
  readonly fields: readonly SeedTaskField[];
}

/** `"10"` as well as `10`: the seed quotes every value. Range checks are the native query's. */
function integer(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}

function conditionOf(field: string, raw: unknown): Array<[Operator, unknown]> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [['$eq', raw]];
  return Object.entries(raw as JsonObject).map(([op, v]) => {
    if (!(OPERATORS as readonly string[]).includes(op))
      throw badField(`${field}.${op}`, `is not one of ${OPERATORS.join(' ')}`);
    return [op as Operator, v];
  });
}

const COMPARE: Readonly<Record<Exclude<Operator, '$in' | '$like'>, (s: number, n: number) => boolean>> = {
  $eq: (s, n) => s === n,
  $ne: (s, n) => s !== n,
  $lt: (s, n) => s < n,
  $lte: (s, n) => s <= n,
  $gt: (s, n) => s > n,
  $gte: (s, n) => s >= n,
};

/** A condition on the seed's 0/1/2, as the native statuses it selects (each seed status is several native ones). */
function statusCondition(field: string, raw: unknown): Condition | undefined {
  let keep: readonly SeedStatus[] = STATUSES;
  for (const [op, v] of conditionOf(field, raw)) {
    const at = `${field}.${op}`;
    if (op === '$like') throw badField(at, 'status is a number; use $eq, $ne, $lt, $lte, $gt, $gte or $in');
    if (op === '$in') {
      if (!Array.isArray(v) || v.length === 0) throw badField(at, 'must be a non-empty array of 0, 1, 2');
      const set = new Set(v.map((x, i) => seedInt(`${at}[${i}]`, x, STATUSES)));
      keep = keep.filter((s) => set.has(s));
    } else {
      const n = seedInt(at, v, STATUSES);
      keep = keep.filter((s) => COMPARE[op](s, n));
    }
  }
  if (keep.length === STATUSES.length) return undefined;
  // No status is null, so `$eq: null` selects nothing: the honest answer to e.g. {$lt: 0}.
  return keep.length === 0 ? { $eq: null } : { $in: nativeStatuses(new Set(keep)) };
}

function timeCondition(field: string, raw: unknown): Condition {
  const c: Record<string, QueryValue | QueryValue[]> = {};
  for (const [op, v] of conditionOf(field, raw)) {
    const at = `${field}.${op}`;
    if (op === '$like') throw badField(at, 'time is a time; use $eq, $ne, $lt, $lte, $gt, $gte or $in');
    if (op === '$in') {
      if (!Array.isArray(v) || v.length === 0) throw badField(at, 'must be a non-empty array of times');
      c.$in = v.map((x, i) => parseSeedTime(`${at}[${i}]`, x));
    } else c[op] = parseSeedTime(at, v);
  }
  return c as Condition;
}

/** The seed's list body (offset, limit, filter, query, order) as a native task query. */
export function listQueryFromSeed(body: unknown): MappedListQuery {
  const b = bodyObject(body);
  let fields: readonly SeedTaskField[] = SEED_TASK_FIELDS;
  if (b.filter !== undefined && b.filter !== null) {
    if (!Array.isArray(b.filter) || b.filter.length === 0)
      throw badField('filter', 'must be a non-empty array of field names');
    fields = b.filter.map((f, i) => {
      if (!(SEED_TASK_FIELDS as readonly unknown[]).includes(f))
        throw badField(`filter[${i}]`, `is not one of ${SEED_TASK_FIELDS.join(', ')}`);
      return f as SeedTaskField;
    });
  }
  const where: Record<string, Condition> = {};
  if (b.query !== undefined && b.query !== null) {
    if (typeof b.query !== 'object' || Array.isArray(b.query)) throw badField('query', 'must be an object');
    for (const [name, raw] of Object.entries(b.query as JsonObject)) {
      const at = `query.${name}`;
      const native = QUERYABLE[name as SeedTaskField];
      if (!native) {
        throw badField(
          at,
          `${(SEED_TASK_FIELDS as readonly string[]).includes(name) ? 'cannot be queried' : 'is not a task field'}; query ${Object.keys(QUERYABLE).join(', ')}`,
        );
      }
      if (name === 'status') {
        const c = statusCondition(at, raw);
        if (c) where.status = c;
      } else if (name === 'time') where.createdAt = timeCondition(at, raw);
      // id and title are the same text natively; their values are checked by the native query.
      else where[native] = raw as Condition;
    }
  }
  let order: Record<string, 'asc' | 'desc'> | undefined;
  if (b.order !== undefined && b.order !== null) {
    if (typeof b.order !== 'object' || Array.isArray(b.order))
      throw badField('order', 'must be an object of field: "asc" | "desc"');
    order = {};
    for (const [name, dir] of Object.entries(b.order as JsonObject)) {
      const native = SORTABLE[name as SeedTaskField];
      if (!native)
        throw badField(`order.${name}`, `cannot be sorted on; sort on ${Object.keys(SORTABLE).join(', ')}`);
      if (dir !== 'asc' && dir !== 'desc') throw badField(`order.${name}`, 'must be "asc" or "desc"');
      order[native] = dir;
    }
  }
  return {
    native: {
      offset: integer(b.offset ?? 0),
      limit: integer(b.limit ?? DEFAULT_LIST_LIMIT),
      fields: ['id'],
      ...(Object.keys(where).length > 0 ? { where } : {}),
      ...(order && Object.keys(order).length > 0 ? { order } : {}),
    },
    fields,
  };
}
