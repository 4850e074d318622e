import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import { validateTaskQuery } from '../../domain/task-query.js';
import type { Store } from '../store.js';
import { newApp, T0, taskFixture } from './fixtures.js';
import type { Harness } from './harness.js';

/** TaskRepository.query: every operator, ordering, projection, paging, and the total. */
export function taskQueryTests(h: Harness): void {
  describe('tasks.query', () => {
    let store: Store;
    let appId: string;
    const ids: string[] = [];
    const q = (raw: Parameters<typeof validateTaskQuery>[0]) =>
      store.tasks.query(appId, validateTaskQuery(raw));

    before(async () => {
      store = h.store();
      appId = (await newApp(store)).id;
      const other = await newApp(store);
      const titles = ['Summer Sale', 'winter sale', 'News 1', 'News 2', null];
      for (const [i, title] of titles.entries()) {
        const f = taskFixture(appId, {
          createdAt: T0 + i * 1000,
          requestId: `req-${i}`,
          content: title === null ? { kind: 'message', data: { i } } : { kind: 'notification', title },
        });
        const [r] = await store.tasks.accept([f], { owner: 'x', until: 0 }, T0);
        ids.push(r!.task.id);
      }
      await store.tasks.accept(
        [taskFixture(other.id, { content: { kind: 'notification', title: 'Summer Sale' } })],
        { owner: 'x', until: 0 },
        T0,
      );
    });

    test('defaults: newest first, every field, total of the app only', async () => {
      const r = await q({});
      assert.equal(r.total, 5);
      assert.deepEqual(
        r.items.map((t) => t.id),
        [...ids].reverse(),
      );
      assert.deepEqual(Object.keys(r.items[0]!).sort(), [
        'createdAt',
        'finishedAt',
        'id',
        'messageId',
        'requestId',
        'startedAt',
        'status',
        'title',
      ]);
      assert.equal(r.items[4]!.title, 'Summer Sale');
      assert.equal(r.items[0]!.title, null);
    });

    test('$like is case-insensitive on both dialects; fields project', async () => {
      const r = await q({
        where: { title: { $like: '%SALE%' } },
        fields: ['title'],
        order: { createdAt: 'asc' },
      });
      assert.equal(r.total, 2);
      assert.deepEqual(r.items, [{ title: 'Summer Sale' }, { title: 'winter sale' }]);
    });

    test('comparisons, $in, $ne, $eq null, and offset/limit with a stable total', async () => {
      assert.equal((await q({ where: { createdAt: { $gte: T0 + 1000, $lt: T0 + 3000 } } })).total, 2);
      assert.equal((await q({ where: { createdAt: { $gt: T0 + 3000 } } })).total, 1);
      assert.equal((await q({ where: { createdAt: { $lte: T0 } } })).total, 1);
      assert.equal((await q({ where: { requestId: { $in: ['req-1', 'req-3', 'nope'] } } })).total, 2);
      assert.equal((await q({ where: { title: { $ne: 'News 1' } } })).total, 4);
      assert.equal((await q({ where: { title: null } })).total, 1);
      assert.equal((await q({ where: { status: 'pending' } })).total, 5);
      const page = await q({ offset: 1, limit: 2, order: { createdAt: 'asc' }, fields: ['id'] });
      assert.equal(page.total, 5);
      assert.deepEqual(page.items, [{ id: ids[1] }, { id: ids[2] }]);
    });

    test('bad queries name the field', () => {
      assert.throws(() => validateTaskQuery({ where: { colour: 'red' } }), /where.colour/);
      assert.throws(() => validateTaskQuery({ where: { title: { $regex: 'x' } } }), /where.title.\$regex/);
      assert.throws(() => validateTaskQuery({ order: { title: 'up' } }), /order.title/);
      assert.throws(() => validateTaskQuery({ limit: 5000 }), /limit/);
      assert.throws(() => validateTaskQuery({ where: { status: 'lost' } }), /where.status/);
    });
  });
}
