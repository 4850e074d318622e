import type { Message } from '../../domain/message.js';
import type { TaskWithCounts } from '../../domain/task.js';
import { ACTION_TYPE, SEED_STATUS } from './enums.js';
import { audienceToScope } from './scope-mapping.js';
import type { SeedAction, SeedTask, SeedTaskField } from './seed-types.js';
import { formatSeedTime } from './time-format.js';

/**
 * The seed's three counts, from the task's deliveries (one per targeted device):
 * - user_num: devices targeted;
 * - arrive_num: devices that acknowledged the message (received, displayed or clicked: each later
 *   receipt implies the earlier one);
 * - read_num: devices on which the user opened it (clicked). "Displayed" only means it was shown.
 * A delivery later revoked or replaced leaves these counts, since only its last status is kept.
 */
export function seedCounts(t: TaskWithCounts): Pick<SeedTask, 'user_num' | 'arrive_num' | 'read_num'> {
  const c = t.counts;
  return {
    user_num: t.targeted,
    arrive_num: c.received + c.displayed + c.clicked,
    read_num: c.clicked,
  };
}

function actionOf(m: Message): SeedAction | null {
  const a = m.content.action;
  if (a?.type === 'url') return { type: ACTION_TYPE.url, url: a.value };
  if (a?.type === 'command') return { type: ACTION_TYPE.command, command: a.value };
  // A task made through the native API may open an intent or the app: the seed has no such action.
  return null;
}

/** A native task and its message as the seed's task. */
export function seedTask(t: TaskWithCounts, m: Message): SeedTask {
  return {
    id: t.id,
    title: m.content.title ?? '',
    content: m.content.body ?? '',
    // When it goes out: the scheduled time, or when it was accepted for an immediate push.
    time: formatSeedTime(t.sendAt ?? t.createdAt),
    expire: m.expiresAt === null ? null : formatSeedTime(m.expiresAt),
    action: actionOf(m),
    status: SEED_STATUS[t.status],
    ...seedCounts(t),
    scope: audienceToScope(t.audience),
  };
}

/** Only the fields a list's `filter` asked for, in the seed's order. */
export function pick(task: SeedTask, fields: readonly SeedTaskField[]): Partial<SeedTask> {
  return Object.fromEntries(fields.map((f) => [f, task[f]]));
}
