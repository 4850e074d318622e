import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { App } from '../../domain/app.js';
import { emptyCounts } from '../../domain/delivery.js';
import { newSecret } from '../../domain/ids.js';
import { appFixture, newApp, newTask, register, sorted, T0, taskFixture } from './fixtures.js';
import type { Harness } from './harness.js';

/** AppRepository: insert, get, getByKey, list, update, delete. */
export function appTests(h: Harness): void {
  describe('apps', () => {
    test('insert then get and getByKey return the app; unknown id or key is undefined', async () => {
      const store = h.store();
      const app = await newApp(store);
      assert.deepEqual(await store.apps.get(app.id), app);
      assert.deepEqual(await store.apps.getByKey(app.appKey), app);
      assert.equal(await store.apps.get(appFixture().id), undefined);
      assert.equal(await store.apps.getByKey('no-such-key'), undefined);
    });

    test('insert refuses a second app with the same key', async () => {
      const store = h.store();
      const app = await newApp(store);
      await assert.rejects(store.apps.insert({ ...appFixture(), appKey: app.appKey }));
    });

    test('list pages by id with after and limit', async () => {
      const opened = await h.fresh();
      const { store } = opened;
      const apps: App[] = [];
      for (let i = 0; i < 5; i++) apps.push(await newApp(store));
      const ids = sorted(apps.map((a) => a.id));
      const byId = new Map(apps.map((a) => [a.id, a]));
      assert.deepEqual(
        await store.apps.list({ limit: 2 }),
        ids.slice(0, 2).map((id) => byId.get(id)),
      );
      assert.deepEqual(
        (await store.apps.list({ after: null, limit: 2 })).map((a) => a.id),
        ids.slice(0, 2),
      );
      assert.deepEqual(
        (await store.apps.list({ after: ids[1], limit: 2 })).map((a) => a.id),
        ids.slice(2, 4),
      );
      assert.deepEqual(
        (await store.apps.list({ after: ids[3], limit: 2 })).map((a) => a.id),
        ids.slice(4),
      );
      assert.deepEqual(await store.apps.list({ after: ids[4], limit: 2 }), []);
      assert.deepEqual(
        (await store.apps.list({ limit: 100 })).map((a) => a.id),
        ids,
      );
      await h.dispose(opened);
    });

    test('update changes name and masterSecret, stamps updatedAt, and leaves the rest', async () => {
      const store = h.store();
      const app = await newApp(store);
      const renamed = await store.apps.update(app.id, { name: 'renamed' }, T0 + 1000);
      assert.deepEqual(renamed, { ...app, name: 'renamed', updatedAt: T0 + 1000 });
      const secret = newSecret();
      const rotated = await store.apps.update(app.id, { masterSecret: secret }, T0 + 2000);
      assert.deepEqual(rotated, { ...app, name: 'renamed', masterSecret: secret, updatedAt: T0 + 2000 });
      assert.deepEqual(await store.apps.get(app.id), rotated);
      assert.deepEqual(await store.apps.getByKey(app.appKey), rotated);
      assert.equal(await store.apps.update(appFixture().id, { name: 'x' }, T0), undefined);
    });

    test('delete removes the app and everything it owns, and nothing of another app', async () => {
      const store = h.store();
      const doomed = await newApp(store);
      const kept = await newApp(store);
      const owned = async (appId: string) => {
        const reg = await register(store, appId, { tags: ['t1', 't2'], vendorTokens: { fcm: 'fcm-token' } });
        const { task, message } = await newTask(store, appId, { requestId: 'req-1' });
        assert.equal(await store.deliveries.enqueue(message, [reg.device.id], T0), 1);
        return { reg, task, message };
      };
      const a = await owned(doomed.id);
      const b = await owned(kept.id);

      assert.equal(await store.apps.delete(doomed.id), true);
      assert.equal(await store.apps.get(doomed.id), undefined);
      assert.equal(await store.apps.getByKey(doomed.appKey), undefined);
      assert.equal(await store.devices.get(doomed.id, a.reg.device.id), undefined);
      assert.equal(await store.devices.getByToken(a.reg.deviceToken), undefined);
      assert.deepEqual(await store.devices.list(doomed.id, {}, { limit: 10 }), []);
      assert.equal(await store.tasks.get(doomed.id, a.task.id), undefined);
      assert.equal(await store.tasks.getMessage(doomed.id, a.message.id), undefined);
      assert.equal(await store.deliveries.get(a.message.id, a.reg.device.id), undefined);
      assert.deepEqual(await store.deliveries.counts(a.message.id), emptyCounts());

      // Leftover tag, token or task rows would resurface if the same ids came back.
      await store.apps.insert(doomed);
      const again = await store.devices.register(
        doomed.id,
        { clientId: a.reg.device.clientId, appPackage: a.reg.device.appPackage, deviceType: '01' },
        T0 + 1,
        { id: a.reg.device.id, token: newSecret() },
      );
      assert.equal(again.created, true);
      assert.deepEqual(again.device.tags, []);
      assert.deepEqual(again.device.vendorTokens, {});
      assert.deepEqual(await store.devices.list(doomed.id, { tag: 't1' }, { limit: 10 }), []);
      assert.equal((await newTask(store, doomed.id, { requestId: 'req-1' })).task.requestId, 'req-1');
      assert.equal(await store.deliveries.enqueue(a.message, [a.reg.device.id], T0), 1);

      assert.deepEqual(await store.apps.get(kept.id), kept);
      assert.deepEqual(await store.devices.get(kept.id, b.reg.device.id), b.reg.device);
      assert.deepEqual(b.reg.device.tags, ['t1', 't2']);
      assert.deepEqual(b.reg.device.vendorTokens, { fcm: 'fcm-token' });
      assert.equal((await store.devices.getByToken(b.reg.deviceToken))?.id, b.reg.device.id);
      assert.deepEqual(await store.tasks.get(kept.id, b.task.id), b.task);
      assert.deepEqual(await store.tasks.getMessage(kept.id, b.message.id), b.message);
      assert.equal((await store.deliveries.get(b.message.id, b.reg.device.id))?.status, 'queued');
      const retry = taskFixture(kept.id, { requestId: 'req-1' });
      assert.equal((await store.tasks.create(retry.task, retry.message)).created, false);
    });

    test('delete of an unknown app returns false', async () => {
      assert.equal(await h.store().apps.delete(appFixture().id), false);
    });
  });
}
