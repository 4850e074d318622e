import { HeraldError, invalid } from '../../domain/errors.js';
import { type ChannelCounts, emptyChannelCounts, type TaskWithCounts } from '../../domain/task.js';

/** The seed's channel names and the native channel each reports: `own` is Herald's channel, the seed's mxpush. */
export const SEED_CHANNELS = {
  apns: 'apns',
  fcm: 'fcm',
  flyme: 'meizu',
  huawei: 'huawei',
  mxpush: 'own',
  oppo: 'oppo',
  vivo: 'vivo',
  xiaomi: 'xiaomi',
} as const;

/** Each id is a task lookup; 100 keeps one call's cost near a page of the native task list. */
export const MAX_TASK_IDS = 100;

const NONE: ChannelCounts = emptyChannelCounts();

/**
 * `list` → task ids. Herald's task ids are the strings /push/notify answers (not the seed's int32):
 * a number cannot name one, so it is refused here rather than reported as unknown.
 */
export function parseTaskList(body: unknown): string[] {
  const list = typeof body === 'object' && body !== null ? (body as { list?: unknown }).list : undefined;
  if (!Array.isArray(list))
    throw invalid('list', 'is required: an array of task_id values from /push/notify');
  if (list.length > MAX_TASK_IDS) throw invalid('list', `must have at most ${MAX_TASK_IDS} task ids`);
  return list.map((id: unknown, i) => {
    if (typeof id !== 'string' || id.length === 0 || id.length > 64)
      throw invalid(`list[${i}]`, 'must be a task_id string as /push/notify returns it');
    return id;
  });
}

/** An unknown id (or another app's) refuses the whole call, naming which entry. */
export function taskNotFound(index: number): HeraldError {
  return new HeraldError('not_found', `list[${index}]: task not found`, { field: `list[${index}]` });
}

export type SeedTaskDetail = { readonly task_id: string } & Readonly<Record<string, number | string>>;

/** One task's channel figures; a channel the task never used reports zeros. */
export function toTaskDetail(task: TaskWithCounts): SeedTaskDetail {
  const out: Record<string, number | string> = { task_id: task.id };
  for (const [seed, native] of Object.entries(SEED_CHANNELS)) {
    const c = task.channels[native] ?? NONE;
    out[`${seed}_target`] = c.target;
    out[`${seed}_sent`] = c.sent;
    out[`${seed}_received`] = c.received;
  }
  return out as SeedTaskDetail;
}
