import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Store } from '../store.js';
import { newApp, newTask, sorted, T0 } from './fixtures.js';
import type { Harness, OpenedStore } from './harness.js';

const LEASE = 30_000;

/** Claims span every app, so each test gets a database of its own. */
export function claimTests(h: Harness): void {
  describe('tasks.claim, progress, finish', () => {
    let opened: OpenedStore;
    let store: Store;
    let appId: string;

    beforeEach(async () => {
      opened = await h.fresh();
      store = opened.store;
      appId = (await newApp(store)).id;
    });
    afterEach(() => h.dispose(opened));

    test('claim leases pending tasks to the owner in id order, up to the limit', async () => {
      const created = [await newTask(store, appId), await newTask(store, appId), await newTask(store, appId)];
      const order = sorted(created.map((c) => c.task.id));
      const claimed = await store.tasks.claim('node-a', T0 + 10, LEASE, 2);
      assert.deepEqual(
        claimed.map((c) => c.task.id),
        order.slice(0, 2),
      );
      for (const c of claimed) {
        const source = created.find((x) => x.task.id === c.task.id);
        assert.ok(source);
        assert.deepEqual(c, {
          task: { ...source.task, status: 'sending', startedAt: T0 + 10 },
          message: source.message,
          cursor: null,
        });
        assert.deepEqual(await store.tasks.get(appId, c.task.id), c.task);
      }
      const rest = await store.tasks.claim('node-a', T0 + 10, LEASE, 2);
      assert.deepEqual(
        rest.map((c) => c.task.id),
        order.slice(2),
      );
      assert.deepEqual(await store.tasks.claim('node-a', T0 + 10, LEASE, 2), []);
    });

    test('a leased task goes to another owner only once its lease has expired', async () => {
      const { task } = await newTask(store, appId);
      assert.equal((await store.tasks.claim('node-a', T0, 1000, 10)).length, 1);
      assert.deepEqual(await store.tasks.claim('node-b', T0 + 500, 1000, 10), []);
      assert.deepEqual(await store.tasks.claim('node-b', T0 + 1000, 1000, 10), []);
      const taken = await store.tasks.claim('node-b', T0 + 1001, 1000, 10);
      assert.deepEqual(
        taken.map((c) => c.task.id),
        [task.id],
      );
      assert.equal(taken[0]?.task.startedAt, T0, 'startedAt is the first start');
      assert.equal(taken[0]?.task.status, 'sending');
    });

    test('progress saves the cursor and targeted count; a superseded owner is told to stop', async () => {
      const { task } = await newTask(store, appId);
      await store.tasks.claim('node-a', T0, 1000, 10);
      assert.equal(
        await store.tasks.progress(task.id, 'node-a', {
          cursor: 'dev-5',
          targetedDelta: 5,
          leaseUntil: T0 + 2000,
        }),
        true,
      );
      assert.equal(
        await store.tasks.progress(task.id, 'node-a', {
          cursor: 'dev-8',
          targetedDelta: 3,
          leaseUntil: T0 + 3000,
        }),
        true,
      );
      assert.equal((await store.tasks.get(appId, task.id))?.targeted, 8);
      // The lease was extended to T0+3000: not up for grabs at T0+2500.
      assert.deepEqual(await store.tasks.claim('node-b', T0 + 2500, 1000, 10), []);
      const [taken] = await store.tasks.claim('node-b', T0 + 3001, 1000, 10);
      assert.ok(taken);
      assert.equal(taken.cursor, 'dev-8');
      assert.equal(taken.task.targeted, 8);
      assert.equal(
        await store.tasks.progress(task.id, 'node-a', {
          cursor: 'dev-9',
          targetedDelta: 1,
          leaseUntil: T0 + 9000,
        }),
        false,
      );
      assert.equal(await store.tasks.finish(task.id, 'node-a', 'sent', T0 + 3002), false);
      assert.equal((await store.tasks.get(appId, task.id))?.targeted, 8);
      assert.equal(
        await store.tasks.progress(task.id, 'node-b', {
          cursor: null,
          targetedDelta: 2,
          leaseUntil: T0 + 5000,
        }),
        true,
      );
      assert.equal((await store.tasks.get(appId, task.id))?.targeted, 10);
      // A null cursor is saved too: the next taker starts from the beginning.
      const [again] = await store.tasks.claim('node-c', T0 + 5001, 1000, 10);
      assert.equal(again?.cursor, null);
      assert.equal(
        await store.tasks.progress(task.id, 'nobody', { cursor: 'x', targetedDelta: 1, leaseUntil: T0 }),
        false,
      );
    });

    test('finish records the final status and the task is never claimed again', async () => {
      const { task } = await newTask(store, appId);
      await store.tasks.claim('node-a', T0, 1000, 10);
      assert.equal(await store.tasks.finish(task.id, 'node-b', 'failed', T0 + 1), false);
      assert.equal(await store.tasks.finish(task.id, 'node-a', 'sent', T0 + 2), true);
      const done = await store.tasks.get(appId, task.id);
      assert.deepEqual(done, { ...task, status: 'sent', startedAt: T0, finishedAt: T0 + 2 });
      assert.deepEqual(await store.tasks.claim('node-b', T0 + 10_000_000, 1000, 10), []);
      assert.equal(await store.tasks.finish(task.id, 'node-a', 'failed', T0 + 3), false);
      assert.equal((await store.tasks.get(appId, task.id))?.status, 'sent');
    });

    test('concurrent claims never hand one task to two owners', async () => {
      for (let round = 0; round < 5; round++) {
        const created: string[] = [];
        for (let i = 0; i < 20; i++) created.push((await newTask(store, appId)).task.id);
        const [a, b] = await Promise.all([
          store.tasks.claim(`a${round}`, T0, LEASE, 20),
          store.tasks.claim(`b${round}`, T0, LEASE, 20),
        ]);
        const got = [...a, ...b].map((c) => c.task.id);
        assert.equal(new Set(got).size, got.length, `round ${round}: a task went to both owners`);
        assert.deepEqual(sorted(got), sorted(created), `round ${round}: every task claimed once`);
      }
      const created: string[] = [];
      for (let i = 0; i < 20; i++) created.push((await newTask(store, appId)).task.id);
      const many = await Promise.all(['w', 'x', 'y', 'z'].map((o) => store.tasks.claim(o, T0, LEASE, 5)));
      const got = many.flat().map((c) => c.task.id);
      assert.equal(new Set(got).size, got.length);
      assert.deepEqual(sorted(got), sorted(created));
      for (const [i, claims] of many.entries()) {
        for (const c of claims) assert.equal(c.task.status, 'sending', `owner ${i}`);
      }
    });
  });
}
