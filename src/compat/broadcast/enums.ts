import type { TaskStatus } from '../../domain/task.js';
import { badField } from './errors.js';

/** Appendix 1, open action: 1 url (open a web page), 2 command (run an instruction). */
export const ACTION_TYPE = { url: 1, command: 2 } as const;
/** Appendix 3, scope: 1 every user, 2 directed (by app, product, group, area, tag), 3 given users. */
export const SCOPE_TYPE = { all: 1, directed: 2, users: 3 } as const;
/** Appendix 4, group: 0 anyone, 1 active users, 2 sleeping users. */
export const GROUP_TYPE = { any: 0, active: 1, sleeping: 2 } as const;
/** Appendix 5, area: 0 anywhere, 1 a given province and/or city. */
export const AREA_TYPE = { any: 0, custom: 1 } as const;
/** Appendix 6, tag: 0 any, 1 push to devices with one of the tags, 2 push to devices with none of them. */
export const TAG_TYPE = { any: 0, include: 1, exclude: 2 } as const;

export type SeedStatus = 0 | 1 | 2;

/**
 * Appendix 2, push status: 0 not sent, 1 sending, 2 sent. A cancelled task was never sent (0); a
 * task that stopped because its message expired, or failed, is over like a sent one (2): its counts
 * say how far it got.
 */
export const SEED_STATUS: Readonly<Record<TaskStatus, SeedStatus>> = {
  scheduled: 0,
  pending: 0,
  cancelled: 0,
  sending: 1,
  sent: 2,
  expired: 2,
  failed: 2,
};

/** The native statuses a seed status stands for. */
export function nativeStatuses(seed: ReadonlySet<SeedStatus>): TaskStatus[] {
  return (Object.keys(SEED_STATUS) as TaskStatus[]).filter((s) => seed.has(SEED_STATUS[s]));
}

/**
 * An enum value as the seed's clients send it. The document quotes every value ("type": "…"), so
 * `"1"` is taken as well as `1`.
 */
export function seedInt<T extends number>(field: string, value: unknown, allowed: readonly T[]): T {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !(allowed as readonly number[]).includes(n)) {
    throw badField(field, `must be one of ${allowed.join(', ')}`);
  }
  return n as T;
}
