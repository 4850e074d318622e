import { invalid } from './errors.js';
import { TASK_STATUSES } from './task.js';

/** Fields a task list can be filtered, sorted and projected on (seed 003's task list; native names). */
export const TASK_QUERY_FIELDS = [
  'id',
  'status',
  'title',
  'requestId',
  'messageId',
  'createdAt',
  'startedAt',
  'finishedAt',
] as const;
export type TaskQueryField = (typeof TASK_QUERY_FIELDS)[number];

export const QUERY_OPERATORS = ['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$like'] as const;
export type QueryOperator = (typeof QUERY_OPERATORS)[number];

export type QueryValue = string | number | null;
export type Condition = Partial<Record<QueryOperator, QueryValue | readonly QueryValue[]>>;

export interface TaskQuery {
  readonly offset: number;
  readonly limit: number;
  /** Fields to return; all when absent. */
  readonly fields?: readonly TaskQueryField[];
  /** Conditions, ANDed: `{ title: { $like: '%sale%' }, createdAt: { $gte: 1700000000000 } }`. A bare value means $eq. */
  readonly where?: Readonly<Partial<Record<TaskQueryField, Condition>>>;
  /** Sort keys in order; `id` breaks ties so pages are stable. */
  readonly order?: ReadonlyArray<readonly [TaskQueryField, 'asc' | 'desc']>;
}

/** One row of a task list: the requested fields only. */
export type TaskListItem = Partial<Record<TaskQueryField, string | number | null>>;

/** 1000 rows per page: the most a client usefully renders, and bounded memory per request. */
export const MAX_QUERY_LIMIT = 1000;

function field(name: string, where: string): TaskQueryField {
  if (!(TASK_QUERY_FIELDS as readonly string[]).includes(name)) {
    throw invalid(where, `${name} is not one of ${TASK_QUERY_FIELDS.join(', ')}`);
  }
  return name as TaskQueryField;
}

function scalar(where: string, v: unknown): QueryValue {
  if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
  throw invalid(where, 'must be a string, a number or null');
}

/** Checks a task query from any entry point (native API, seed 003 facade). */
export function validateTaskQuery(q: {
  offset?: unknown;
  limit?: unknown;
  fields?: unknown;
  where?: unknown;
  order?: unknown;
}): TaskQuery {
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 20;
  if (!Number.isInteger(offset) || (offset as number) < 0) throw invalid('offset', 'must be an integer ≥ 0');
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_QUERY_LIMIT) {
    throw invalid('limit', `must be an integer 1..${MAX_QUERY_LIMIT}`);
  }
  let fields: TaskQueryField[] | undefined;
  if (q.fields !== undefined) {
    if (!Array.isArray(q.fields) || q.fields.length === 0)
      throw invalid('fields', 'must be a non-empty array of field names');
    fields = q.fields.map((f, i) => field(String(f), `fields[${i}]`));
  }
  const where: Partial<Record<TaskQueryField, Condition>> = {};
  if (q.where !== undefined) {
    if (typeof q.where !== 'object' || q.where === null || Array.isArray(q.where))
      throw invalid('where', 'must be an object');
    for (const [name, raw] of Object.entries(q.where)) {
      const f = field(name, `where.${name}`);
      const cond: Condition = {};
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
        cond.$eq = scalar(`where.${name}`, raw);
      else {
        for (const [op, v] of Object.entries(raw as Record<string, unknown>)) {
          if (!(QUERY_OPERATORS as readonly string[]).includes(op)) {
            throw invalid(`where.${name}.${op}`, `is not one of ${QUERY_OPERATORS.join(' ')}`);
          }
          if (op === '$in') {
            if (!Array.isArray(v) || v.length === 0 || v.length > 500)
              throw invalid(`where.${name}.$in`, 'must be an array of 1..500 values');
            cond.$in = v.map((x, i) => scalar(`where.${name}.$in[${i}]`, x));
          } else if (op === '$like') {
            if (typeof v !== 'string' || v.length > 200)
              throw invalid(`where.${name}.$like`, 'must be a pattern string (% and _ wildcards)');
            cond.$like = v;
          } else cond[op as Exclude<QueryOperator, '$in' | '$like'>] = scalar(`where.${name}.${op}`, v);
        }
      }
      if (
        f === 'status' &&
        typeof cond.$eq === 'string' &&
        !(TASK_STATUSES as readonly string[]).includes(cond.$eq)
      ) {
        throw invalid('where.status', `must be one of ${TASK_STATUSES.join(', ')}`);
      }
      where[f] = cond;
    }
  }
  let order: Array<[TaskQueryField, 'asc' | 'desc']> | undefined;
  if (q.order !== undefined) {
    if (typeof q.order !== 'object' || q.order === null || Array.isArray(q.order)) {
      throw invalid('order', 'must be an object of field: "asc" | "desc"');
    }
    order = Object.entries(q.order).map(([name, dir]) => {
      if (dir !== 'asc' && dir !== 'desc') throw invalid(`order.${name}`, 'must be "asc" or "desc"');
      return [field(name, `order.${name}`), dir];
    });
  }
  return {
    offset: offset as number,
    limit: limit as number,
    ...(fields ? { fields } : {}),
    ...(Object.keys(where).length > 0 ? { where } : {}),
    ...(order ? { order } : {}),
  };
}
