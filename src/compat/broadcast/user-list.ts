import type { ApiServices } from '../../api/services.js';
import { badField, missingField } from './errors.js';

/** The native audience page size at its maximum: fewest round trips for the count. */
const PAGE = 1000;
/**
 * The seed's get_users has no paging, so by default the whole list is returned, up to this many
 * ids (about 400 KB of JSON); `count` is always the full total, so a client sees when it got less
 * and can ask for the rest with `offset`.
 */
export const MAX_USER_LIST = 10_000;

function int(field: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw badField(field, `must be an integer ${min}..${max}`);
  return n;
}

/**
 * get_users?id=: the distinct user ids bound to the devices the task targeted, in id order.
 * They exist once the task has been dispatched: a task still scheduled has targeted nobody yet.
 */
export async function userPage(
  services: ApiServices,
  appId: string,
  q: Readonly<Record<string, string | undefined>>,
): Promise<{ count: number; list: string[] }> {
  const id = q.id;
  if (!id) throw missingField('id');
  const offset = int('offset', q.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = int('limit', q.limit, MAX_USER_LIST, 1, MAX_USER_LIST);
  const list: string[] = [];
  let count = 0;
  let after: string | null = null;
  for (;;) {
    const users = await services.tasks.audience(appId, id, 'users', { after, limit: PAGE });
    for (const user of users) {
      if (count >= offset && list.length < limit) list.push(user);
      count++;
    }
    if (users.length < PAGE) break;
    after = users[users.length - 1] ?? null;
  }
  return { count, list };
}
