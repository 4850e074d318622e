import { type Kysely, sql } from 'kysely';
import type { Audience } from '../domain/audience.js';
import type { Message, MessageContent } from '../domain/message.js';
import type { Task, TaskStatus } from '../domain/task.js';
import type { TaskListItem, TaskQuery } from '../domain/task-query.js';
import { acceptInTransaction } from './accept-batch.js';
import type { DialectTraits } from './dialect-traits.js';
import { toMessage, toTask } from './rows.js';
import type { Database } from './schema.js';
import type { AcceptItem, AcceptResult, ClaimedTask, CreateTaskResult, TaskRepository } from './store.js';
import { queryTasks } from './task-query-sql.js';

export class KyselyTaskRepository implements TaskRepository {
  readonly #db: Kysely<Database>;
  readonly #traits: DialectTraits;

  constructor(db: Kysely<Database>, traits: DialectTraits) {
    this.#db = db;
    this.#traits = traits;
  }

  async create(task: Task, message: Message): Promise<CreateTaskResult> {
    const [r] = await this.accept([{ task, message }], { owner: '', until: 0 }, task.createdAt);
    return { task: r!.task, message: r!.message, created: r!.created };
  }

  async accept(
    items: readonly AcceptItem[],
    lease: { owner: string; until: number },
    now: number,
    finish: readonly string[] = [],
  ): Promise<AcceptResult[]> {
    if (items.length === 0 && finish.length === 0) return [];
    return this.#db.transaction().execute(async (tx) => {
      for (let i = 0; i < finish.length; i += 500) {
        await tx
          .updateTable('tasks')
          .set({ status: 'sent', finished_at: now, lease_owner: null, lease_until: null })
          .where('id', 'in', finish.slice(i, i + 500))
          .where('lease_owner', '=', lease.owner)
          .execute();
      }
      return acceptInTransaction(tx, items, lease, now, this.#traits.insertChunk);
    });
  }

  async finishMany(ids: readonly string[], owner: string, status: TaskStatus, now: number): Promise<number> {
    let n = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const r = await this.#db
        .updateTable('tasks')
        .set({ status, finished_at: now, lease_owner: null, lease_until: null })
        .where('id', 'in', ids.slice(i, i + 500))
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  }

  async get(appId: string, id: string): Promise<Task | undefined> {
    const r = await this.#db
      .selectFrom('tasks')
      .selectAll()
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toTask(r);
  }

  async cancel(appId: string, id: string, now: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('tasks')
      .set({ status: 'cancelled', finished_at: now, lease_owner: null, lease_until: null })
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .where('status', 'in', ['scheduled', 'pending'])
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async reschedule(
    appId: string,
    id: string,
    patch: { sendAt?: number; content?: MessageContent; expiresAt?: number | null; audience?: Audience },
  ): Promise<boolean> {
    return this.#db.transaction().execute(async (tx) => {
      const task = await tx
        .selectFrom('tasks')
        .select(['message_id'])
        .where('app_id', '=', appId)
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      if (!task) return false;
      if (patch.sendAt !== undefined || patch.content?.title !== undefined || patch.audience !== undefined) {
        await tx
          .updateTable('tasks')
          .set({
            ...(patch.sendAt !== undefined ? { send_at: patch.sendAt } : {}),
            ...(patch.content !== undefined ? { title: patch.content.title ?? null } : {}),
            ...(patch.audience !== undefined ? { audience: JSON.stringify(patch.audience) } : {}),
          })
          .where('id', '=', id)
          .execute();
      }
      if (patch.content !== undefined || patch.expiresAt !== undefined) {
        await tx
          .updateTable('messages')
          .set({
            ...(patch.content !== undefined ? { content: JSON.stringify(patch.content) } : {}),
            ...(patch.expiresAt !== undefined ? { expires_at: patch.expiresAt } : {}),
          })
          .where('id', '=', task.message_id)
          .execute();
      }
      return true;
    });
  }

  async delete(appId: string, id: string): Promise<boolean> {
    return this.#db.transaction().execute(async (tx) => {
      const task = await tx
        .selectFrom('tasks')
        .select(['message_id', 'status'])
        .where('app_id', '=', appId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!task || task.status === 'sending') return false;
      await tx.deleteFrom('deliveries').where('message_id', '=', task.message_id).execute();
      await tx.deleteFrom('messages').where('id', '=', task.message_id).execute();
      await tx.deleteFrom('tasks').where('id', '=', id).execute();
      return true;
    });
  }

  async count(appId: string): Promise<number> {
    const r = await this.#db
      .selectFrom('tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('app_id', '=', appId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  query(appId: string, q: TaskQuery): Promise<{ total: number; items: TaskListItem[] }> {
    return queryTasks(this.#db, this.#traits, appId, q);
  }

  async getMessage(appId: string, messageId: string): Promise<Message | undefined> {
    const r = await this.#db
      .selectFrom('messages')
      .selectAll()
      .where('app_id', '=', appId)
      .where('id', '=', messageId)
      .executeTakeFirst();
    return r && toMessage(r);
  }

  async claim(owner: string, now: number, leaseMs: number, limit: number): Promise<ClaimedTask[]> {
    return this.#db.transaction().execute(async (tx) => {
      let q = tx
        .selectFrom('tasks')
        .select('id')
        // Literal, as in the partial index tasks_open: SQLite only uses it for an identical term.
        .where(sql<boolean>`status in ('scheduled', 'pending', 'sending')`)
        .where((eb) => eb.or([eb('send_at', 'is', null), eb('send_at', '<=', now)]))
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('id')
        .limit(limit);
      // Several nodes may poll at once: on PostgreSQL each takes different rows without waiting.
      if (this.#traits.skipLocked) q = q.forUpdate().skipLocked();
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      await tx
        .updateTable('tasks')
        .set((eb) => ({
          status: 'sending',
          lease_owner: owner,
          lease_until: now + leaseMs,
          started_at: eb.fn.coalesce('started_at', eb.val(now)),
        }))
        .where('id', 'in', ids)
        .execute();
      const rows = await tx
        .selectFrom('tasks')
        .innerJoin('messages', 'messages.id', 'tasks.message_id')
        .selectAll('messages')
        .select([
          'tasks.id as t_id',
          'tasks.request_id as t_request_id',
          'tasks.audience as t_audience',
          'tasks.test_only as t_test_only',
          'tasks.status as t_status',
          'tasks.targeted as t_targeted',
          'tasks.send_at as t_send_at',
          'tasks.throttle as t_throttle',
          'tasks.cursor as t_cursor',
          'tasks.lease_owner as t_lease_owner',
          'tasks.lease_until as t_lease_until',
          'tasks.created_at as t_created_at',
          'tasks.started_at as t_started_at',
          'tasks.finished_at as t_finished_at',
          'tasks.local_time as t_local_time',
        ])
        .where('tasks.id', 'in', ids)
        .orderBy('tasks.id')
        .execute();
      return rows.map((r) => ({
        task: toTask({
          id: r.t_id,
          app_id: r.app_id,
          message_id: r.id,
          request_id: r.t_request_id,
          audience: r.t_audience,
          test_only: r.t_test_only,
          status: r.t_status,
          targeted: r.t_targeted,
          send_at: r.t_send_at,
          throttle: r.t_throttle,
          cursor: r.t_cursor,
          lease_owner: r.t_lease_owner,
          lease_until: r.t_lease_until,
          created_at: r.t_created_at,
          started_at: r.t_started_at,
          finished_at: r.t_finished_at,
          local_time: r.t_local_time,
        }),
        message: toMessage(r),
        cursor: r.t_cursor,
      }));
    });
  }

  async nextWave(id: string, owner: string, sendAt: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('tasks')
      .set({ send_at: sendAt, cursor: null, lease_until: 0 })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async progress(
    id: string,
    owner: string,
    p: { cursor: string | null; targetedDelta: number; leaseUntil: number },
  ): Promise<boolean> {
    const r = await this.#db
      .updateTable('tasks')
      .set((eb) => ({
        cursor: p.cursor,
        targeted: eb('targeted', '+', p.targetedDelta),
        lease_until: p.leaseUntil,
      }))
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async finish(id: string, owner: string, status: TaskStatus, now: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('tasks')
      .set({ status, finished_at: now, lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async replaceContent(
    appId: string,
    messageId: string,
    content: MessageContent,
    _now: number,
  ): Promise<Message | undefined> {
    await this.#db
      .updateTable('messages')
      .set((eb) => ({ content: JSON.stringify(content), version: eb('version', '+', 1) }))
      .where('app_id', '=', appId)
      .where('id', '=', messageId)
      .execute();
    return this.getMessage(appId, messageId);
  }

  async markRevoked(appId: string, messageId: string, now: number): Promise<Message | undefined> {
    await this.#db
      .updateTable('messages')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
      .where('app_id', '=', appId)
      .where('id', '=', messageId)
      .execute();
    return this.getMessage(appId, messageId);
  }
}
