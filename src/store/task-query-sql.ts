import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Condition, QueryValue, TaskListItem, TaskQuery, TaskQueryField } from '../domain/task-query.js';
import { TASK_QUERY_FIELDS } from '../domain/task-query.js';
import type { DialectTraits } from './dialect-traits.js';
import type { Database } from './schema.js';

const COLUMN: Record<TaskQueryField, string> = {
  id: 'id',
  status: 'status',
  title: 'title',
  requestId: 'request_id',
  messageId: 'message_id',
  createdAt: 'created_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
};

const COMPARE = { $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' } as const;

function conditions(column: string, c: Condition, traits: DialectTraits): RawBuilder<SqlBool>[] {
  const ref = sql.ref(column);
  const out: RawBuilder<SqlBool>[] = [];
  for (const [op, v] of Object.entries(c) as Array<[keyof Condition, QueryValue | readonly QueryValue[]]>) {
    if (op === '$eq') out.push(v === null ? sql`${ref} is null` : sql`${ref} = ${v}`);
    else if (op === '$ne')
      out.push(v === null ? sql`${ref} is not null` : sql`(${ref} <> ${v} or ${ref} is null)`);
    else if (op === '$in') out.push(sql`${ref} in (${sql.join(v as readonly QueryValue[])})`);
    else if (op === '$like') out.push(sql`${ref} ${sql.raw(traits.caseInsensitiveLike)} ${v}`);
    else out.push(sql`${ref} ${sql.raw(COMPARE[op])} ${v}`);
  }
  return out;
}

/** A page of an app's tasks by the seed-003 style query, and how many match in all. */
export async function queryTasks(
  db: Kysely<Database>,
  traits: DialectTraits,
  appId: string,
  q: TaskQuery,
): Promise<{ total: number; items: TaskListItem[] }> {
  const where: Expression<SqlBool>[] = [sql<SqlBool>`app_id = ${appId}`];
  for (const [f, c] of Object.entries(q.where ?? {}) as Array<[TaskQueryField, Condition]>) {
    where.push(...conditions(COLUMN[f], c, traits));
  }
  const condition = sql<SqlBool>`${sql.join(where, sql` and `)}`;
  const fields = q.fields ?? TASK_QUERY_FIELDS;
  const order = [...(q.order ?? [['createdAt', 'desc'] as const])];
  if (!order.some(([f]) => f === 'id')) order.push(['id', order[0]?.[1] ?? 'desc']);
  const orderBy = sql.join(
    order.map(([f, dir]) => sql`${sql.ref(COLUMN[f])} ${sql.raw(dir)}`),
    sql`, `,
  );
  const select = sql.join(fields.map((f) => sql`${sql.ref(COLUMN[f])} as ${sql.ref(f)}`));
  const [rows, count] = await Promise.all([
    sql<TaskListItem>`select ${select} from tasks where ${condition} order by ${orderBy} limit ${q.limit} offset ${q.offset}`.execute(
      db,
    ),
    sql<{ n: number }>`select count(*) as n from tasks where ${condition}`.execute(db),
  ]);
  return { total: Number(count.rows[0]?.n ?? 0), items: rows.rows };
}
