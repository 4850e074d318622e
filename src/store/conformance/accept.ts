import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { newApp, register, T0, taskFixture } from './fixtures.js';
import type { Harness } from './harness.js';

const LEASE = { owner: 'node-a', until: T0 + 30_000 };

/** TaskRepository.accept (group commit with inline audiences) and finishMany. */
export function acceptTests(h: Harness): void {
  describe('tasks.accept', () => {
    test('stores every item of a batch, in order, with its message', async () => {
      const store = h.store();
      const app = await newApp(store);
      const items = Array.from({ length: 30 }, (_, i) =>
        taskFixture(app.id, { requestId: i % 2 ? `b-${i}` : null }),
      );
      const results = await store.tasks.accept(items, LEASE, T0);
      assert.equal(results.length, 30);
      for (const [i, r] of results.entries()) {
        assert.equal(r.created, true);
        assert.equal(r.deviceIds, null);
        assert.equal(r.task.id, items[i]!.task.id);
        assert.deepEqual(await store.tasks.get(app.id, r.task.id), items[i]!.task);
        assert.deepEqual(await store.tasks.getMessage(app.id, r.message.id), items[i]!.message);
      }
      assert.equal(await store.tasks.count(app.id), 30);
    });

    test('a requestId repeated in the batch or seen before returns the first task; other apps are independent', async () => {
      const store = h.store();
      const app = await newApp(store);
      const other = await newApp(store);
      const earlier = taskFixture(app.id, { requestId: 'seen' });
      await store.tasks.create(earlier.task, earlier.message);
      const items = [
        taskFixture(app.id, { requestId: 'twice' }),
        taskFixture(app.id, { requestId: 'seen' }),
        taskFixture(app.id, { requestId: 'twice' }),
        taskFixture(other.id, { requestId: 'twice' }),
      ];
      const r = await store.tasks.accept(items, LEASE, T0);
      assert.deepEqual(
        r.map((x) => x.created),
        [true, false, false, true],
      );
      assert.equal(r[1]!.task.id, earlier.task.id);
      assert.deepEqual(r[1]!.message, earlier.message);
      assert.equal(r[2]!.task.id, items[0]!.task.id);
      assert.equal(r[2]!.message.id, items[0]!.message.id);
      assert.equal(r[3]!.task.id, items[3]!.task.id);
      assert.equal(await store.tasks.count(app.id), 2);
      assert.equal(await store.tasks.get(app.id, items[2]!.task.id), undefined);
    });

    test('inline audiences queue deliveries for registered devices of the app only, and lease the task', async () => {
      // Its own database: claim spans every app.
      const opened = await h.fresh();
      const store = opened.store;
      const app = await newApp(store);
      const other = await newApp(store);
      const a = (await register(store, app.id)).device;
      const b = (await register(store, app.id, { isTest: true })).device;
      const gone = (await register(store, app.id)).device;
      await store.devices.unregister(app.id, gone.id, T0);
      const foreign = (await register(store, other.id)).device;
      const all = taskFixture(app.id);
      const testOnly = taskFixture(app.id, { testOnly: true });
      const r = await store.tasks.accept(
        [
          { ...all, inlineDeviceIds: [b.id, a.id, gone.id, foreign.id, 'no-such-device', a.id] },
          { ...testOnly, inlineDeviceIds: [a.id, b.id] },
        ],
        LEASE,
        T0,
      );
      assert.deepEqual(r[0]!.deviceIds, [a.id, b.id].sort());
      assert.deepEqual(r[1]!.deviceIds, [b.id]);
      const counts = await store.deliveries.counts(all.message.id);
      assert.equal(counts.queued, 2);
      assert.equal(await store.deliveries.get(all.message.id, foreign.id), undefined);
      const stored = await store.tasks.get(app.id, all.task.id);
      assert.equal(stored?.status, 'sending');
      assert.equal(stored?.startedAt, T0);
      // Leased to node-a until LEASE.until: nobody else may claim it before, anyone after.
      assert.deepEqual(await store.tasks.claim('node-b', LEASE.until - 1, 1000, 100), []);
      assert.equal(await store.tasks.finishMany([all.task.id, testOnly.task.id], 'node-b', 'sent', T0), 0);
      assert.equal(
        await store.tasks.finishMany([all.task.id, testOnly.task.id], 'node-a', 'sent', T0 + 5),
        2,
      );
      const done = await store.tasks.get(app.id, all.task.id);
      assert.equal(done?.status, 'sent');
      assert.equal(done?.finishedAt, T0 + 5);
      assert.deepEqual(await store.tasks.claim('node-b', LEASE.until + 1, 1000, 100), []);
      await h.dispose(opened);
    });

    test('an empty batch stores nothing', async () => {
      const store = h.store();
      assert.deepEqual(await store.tasks.accept([], LEASE, T0), []);
    });
  });
}
