import type { Transaction } from 'kysely';
import { type InitialLeg, initialLeg } from '../domain/routing.js';
import { fromMessage, fromTask, toMessage, toTask } from './rows.js';
import type { Database, TasksTable } from './schema.js';
import type { AcceptItem, AcceptResult } from './store.js';

const keyOf = (appId: string, requestId: string) => `${appId}\u0000${requestId}`;

/**
 * The group commit behind TaskRepository.accept: a batch of pushes becomes a handful of multi-row
 * statements — look up repeated request ids, insert tasks and messages, resolve the small explicit
 * audiences and queue their deliveries — instead of a transaction per push.
 */
export async function acceptInTransaction(
  tx: Transaction<Database>,
  items: readonly AcceptItem[],
  lease: { owner: string; until: number },
  now: number,
  chunk: number,
): Promise<AcceptResult[]> {
  const results: Array<AcceptResult | undefined> = new Array(items.length);

  // 1. Request ids seen before (in the database, or earlier in this batch) return the first task.
  const requestIds = [...new Set(items.flatMap((i) => (i.task.requestId ? [i.task.requestId] : [])))];
  const existing = new Map<string, TasksTable>();
  for (let i = 0; i < requestIds.length; i += chunk) {
    const rows = await tx
      .selectFrom('tasks')
      .selectAll()
      .where('request_id', 'in', requestIds.slice(i, i + chunk))
      .execute();
    for (const r of rows) if (r.request_id) existing.set(keyOf(r.app_id, r.request_id), r);
  }
  const firstInBatch = new Map<string, number>();
  const fresh: number[] = [];
  for (const [index, item] of items.entries()) {
    const req = item.task.requestId;
    if (req !== null) {
      const key = keyOf(item.task.appId, req);
      if (existing.has(key) || firstInBatch.has(key)) continue;
      firstInBatch.set(key, index);
    }
    fresh.push(index);
  }

  // 2. New tasks and messages. ON CONFLICT covers a concurrent writer on another node (PostgreSQL).
  const inserted = new Set<string>();
  for (let i = 0; i < fresh.length; i += chunk) {
    const rows = fresh.slice(i, i + chunk).map((index) => {
      const item = items[index]!;
      const row = fromTask(item.task, item.message.content.title ?? null);
      return item.inlineDeviceIds
        ? { ...row, status: 'sending', lease_owner: lease.owner, lease_until: lease.until, started_at: now }
        : row;
    });
    const ids = await tx
      .insertInto('tasks')
      .values(rows)
      .onConflict((oc) => oc.columns(['app_id', 'request_id']).doNothing())
      .returning('id')
      .execute();
    for (const r of ids) inserted.add(r.id);
  }
  const created = fresh.filter((index) => inserted.has(items[index]!.task.id));
  for (let i = 0; i < created.length; i += chunk) {
    await tx
      .insertInto('messages')
      .values(created.slice(i, i + chunk).map((index) => fromMessage(items[index]!.message)))
      .execute();
  }

  // 3. Inline audiences: one lookup for the whole batch, then one multi-row insert of deliveries.
  const inline = created.filter((index) => items[index]!.inlineDeviceIds);
  const wanted = [...new Set(inline.flatMap((index) => items[index]!.inlineDeviceIds!))];
  const devices = new Map<string, { appId: string; isTest: boolean }>();
  for (let i = 0; i < wanted.length; i += chunk) {
    const rows = await tx
      .selectFrom('devices')
      .select(['id', 'app_id', 'is_test'])
      .where('id', 'in', wanted.slice(i, i + chunk))
      .where('status', '!=', 2)
      .execute();
    for (const r of rows) devices.set(r.id, { appId: r.app_id, isTest: r.is_test === 1 });
  }
  // A combined push's vendor fallback is only for devices that hold some vendor token.
  const tokenHolders = new Set<string>();
  const fallbacks = inline.some((index) => initialLeg(items[index]!.message.routing, now).onlyWithToken);
  for (let i = 0; fallbacks && i < wanted.length; i += chunk) {
    const rows = await tx
      .selectFrom('device_tokens')
      .select('device_id')
      .distinct()
      .where('device_id', 'in', wanted.slice(i, i + chunk))
      .execute();
    for (const r of rows) tokenHolders.add(r.device_id);
  }
  const deliveries: Database['deliveries'][] = [];
  for (const index of inline) {
    const { task, message, inlineDeviceIds } = items[index]!;
    const ids = [...new Set(inlineDeviceIds)].filter((id) => {
      const d = devices.get(id);
      return d !== undefined && d.appId === task.appId && (!task.testOnly || d.isTest);
    });
    ids.sort();
    const leg = initialLeg(message.routing, now);
    const legDue = (l: InitialLeg, deviceId: string) =>
      l.vendorDueAt !== null && (!l.onlyWithToken || tokenHolders.has(deviceId)) ? l.vendorDueAt : null;
    for (const deviceId of ids) {
      deliveries.push({
        message_id: message.id,
        device_id: deviceId,
        app_id: task.appId,
        channel: leg.channel,
        status: 'queued',
        pending_control: null,
        updated_at: now,
        sent_at: null,
        received_at: null,
        displayed_at: null,
        clicked_at: null,
        vendor: null,
        vendor_state: legDue(leg, deviceId) === null ? null : 'due',
        vendor_due_at: legDue(leg, deviceId),
        vendor_attempts: 0,
        vendor_error: null,
      });
    }
    results[index] = {
      task: { ...task, status: 'sending', startedAt: now },
      message,
      created: true,
      deviceIds: ids,
    };
  }
  for (let i = 0; i < deliveries.length; i += chunk) {
    await tx
      .insertInto('deliveries')
      .values(deliveries.slice(i, i + chunk))
      .onConflict((oc) => oc.columns(['message_id', 'device_id']).doNothing())
      .execute();
  }
  for (const index of created) {
    const { task, message } = items[index]!;
    results[index] ??= { task, message, created: true, deviceIds: null };
  }

  // 4. Everything else is a repeat: answer with the task that holds its request id.
  const missing = items.flatMap((item, index) => (results[index] ? [] : [{ item, index }]));
  if (missing.length > 0) {
    const keys = new Set(missing.map(({ item }) => keyOf(item.task.appId, item.task.requestId!)));
    const rows = await tx
      .selectFrom('tasks')
      .selectAll()
      .where('request_id', 'in', [...new Set(missing.map(({ item }) => item.task.requestId!))])
      .execute();
    const byKey = new Map(
      rows
        .filter((r) => keys.has(keyOf(r.app_id, r.request_id!)))
        .map((r) => [keyOf(r.app_id, r.request_id!), r]),
    );
    const messages = await tx
      .selectFrom('messages')
      .selectAll()
      .where(
        'id',
        'in',
        [...byKey.values()].map((r) => r.message_id),
      )
      .execute();
    const messageById = new Map(messages.map((m) => [m.id, m]));
    for (const { item, index } of missing) {
      const t = byKey.get(keyOf(item.task.appId, item.task.requestId!))!;
      results[index] = {
        task: toTask(t),
        message: toMessage(messageById.get(t.message_id)!),
        created: false,
        deviceIds: null,
      };
    }
  }
  return results as AcceptResult[];
}
