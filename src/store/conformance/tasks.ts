import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { newId } from '../../domain/ids.js';
import type { MessageContent } from '../../domain/message.js';
import { newApp, newTask, T0, taskFixture } from './fixtures.js';
import type { Harness } from './harness.js';

/** TaskRepository apart from leasing: create (with dedup), get, getMessage, replaceContent, markRevoked. */
export function taskTests(h: Harness): void {
  describe('tasks', () => {
    test('create stores the task and its message as given', async () => {
      const store = h.store();
      const app = await newApp(store);
      const { task, message } = taskFixture(app.id, {
        requestId: 'r-1',
        audience: { userIds: ['u1'], tags: ['a', 'b'] },
        testOnly: true,
        expiresAt: T0 + 60_000,
        content: {
          kind: 'message',
          data: { nested: { list: [1, 'two', null] } },
          action: { type: 'url', value: 'https://x' },
        },
      });
      const r = await store.tasks.create(task, message);
      assert.deepEqual(r, { task, message, created: true });
      assert.deepEqual(await store.tasks.get(app.id, task.id), task);
      assert.deepEqual(await store.tasks.getMessage(app.id, message.id), message);
    });

    test('the same requestId again returns the first task and message and stores nothing', async () => {
      const store = h.store();
      const app = await newApp(store);
      const first = await newTask(store, app.id, { requestId: 'dup' });
      const retry = taskFixture(app.id, {
        requestId: 'dup',
        content: { kind: 'notification', title: 'other' },
      });
      const r = await store.tasks.create(retry.task, retry.message);
      assert.deepEqual(r, { ...first, created: false });
      assert.equal(await store.tasks.get(app.id, retry.task.id), undefined);
      assert.equal(await store.tasks.getMessage(app.id, retry.message.id), undefined);
      assert.deepEqual(await store.tasks.getMessage(app.id, first.message.id), first.message);
    });

    test('concurrent creates with one requestId store one task', async () => {
      const store = h.store();
      const app = await newApp(store);
      const attempts = Array.from({ length: 5 }, () => taskFixture(app.id, { requestId: 'race' }));
      const results = await Promise.all(attempts.map((a) => store.tasks.create(a.task, a.message)));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.task.id)).size, 1);
      assert.equal(new Set(results.map((r) => r.message.id)).size, 1);
      const stored = attempts.filter((a) => results.some((r) => r.task.id === a.task.id));
      assert.equal(stored.length, 1);
      for (const a of attempts) {
        const kept = a === stored[0];
        assert.equal((await store.tasks.get(app.id, a.task.id)) !== undefined, kept);
        assert.equal((await store.tasks.getMessage(app.id, a.message.id)) !== undefined, kept);
      }
    });

    test('a null requestId never deduplicates', async () => {
      const store = h.store();
      const app = await newApp(store);
      const a = await newTask(store, app.id);
      const b = await newTask(store, app.id);
      assert.deepEqual(await store.tasks.get(app.id, a.task.id), a.task);
      assert.deepEqual(await store.tasks.get(app.id, b.task.id), b.task);
    });

    test('the same requestId in another app is independent', async () => {
      const store = h.store();
      const app = await newApp(store);
      const other = await newApp(store);
      const a = await newTask(store, app.id, { requestId: 'shared' });
      const b = taskFixture(other.id, { requestId: 'shared' });
      assert.deepEqual(await store.tasks.create(b.task, b.message), { ...b, created: true });
      assert.deepEqual(await store.tasks.get(app.id, a.task.id), a.task);
      assert.deepEqual(await store.tasks.get(other.id, b.task.id), b.task);
    });

    test('get and getMessage are scoped to the app', async () => {
      const store = h.store();
      const app = await newApp(store);
      const other = await newApp(store);
      const { task, message } = await newTask(store, app.id);
      assert.equal(await store.tasks.get(other.id, task.id), undefined);
      assert.equal(await store.tasks.getMessage(other.id, message.id), undefined);
      assert.equal(await store.tasks.get(app.id, newId()), undefined);
      assert.equal(await store.tasks.getMessage(app.id, newId()), undefined);
    });

    test('replaceContent changes the content and bumps the version, only within the app', async () => {
      const store = h.store();
      const app = await newApp(store);
      const other = await newApp(store);
      const { message } = await newTask(store, app.id);
      const v2: MessageContent = { kind: 'notification', title: 'v2', body: 'second' };
      const replaced = await store.tasks.replaceContent(app.id, message.id, v2, T0 + 1);
      assert.deepEqual(replaced, { ...message, content: v2, version: 2 });
      assert.deepEqual(await store.tasks.getMessage(app.id, message.id), replaced);
      const v3: MessageContent = { kind: 'config', data: { k: 'v' } };
      assert.deepEqual(await store.tasks.replaceContent(app.id, message.id, v3, T0 + 2), {
        ...message,
        content: v3,
        version: 3,
      });
      assert.equal(await store.tasks.replaceContent(other.id, message.id, v2, T0 + 3), undefined);
      assert.equal((await store.tasks.getMessage(app.id, message.id))?.version, 3);
      assert.equal(await store.tasks.replaceContent(app.id, newId(), v2, T0), undefined);
    });

    test('markRevoked sets revokedAt once, only within the app', async () => {
      const store = h.store();
      const app = await newApp(store);
      const other = await newApp(store);
      const { message } = await newTask(store, app.id);
      assert.equal(await store.tasks.markRevoked(other.id, message.id, T0 + 1), undefined);
      assert.equal((await store.tasks.getMessage(app.id, message.id))?.revokedAt, null);
      assert.deepEqual(await store.tasks.markRevoked(app.id, message.id, T0 + 2), {
        ...message,
        revokedAt: T0 + 2,
      });
      assert.deepEqual(await store.tasks.markRevoked(app.id, message.id, T0 + 3), {
        ...message,
        revokedAt: T0 + 2,
      });
      assert.equal(await store.tasks.markRevoked(app.id, newId(), T0), undefined);
    });
  });
}
