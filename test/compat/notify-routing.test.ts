import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PushRequest } from '../../src/app/push.js';
import { forEachBackend } from '../support/backends.js';
import { connectDevice, type TestDevice } from '../support/device.js';
import { eventually, type RunningHerald, registerDevice, startHerald } from '../support/herald-harness.js';
import { assertOk, type SeedApp, seed, seedApp } from './notify-kit.js';

/** Every override block of the seed, with every field it documents. */
const BLOCKS = {
  ios: {
    sound: 'ding.caf',
    content_available: true,
    mutable_content: true,
    category: 'chat',
    thread_id: 'group-7',
    subtitle: 'from Alice',
    apns_collapse_id: 'c-1',
  },
  android: {
    sound: 'ding',
    channel_id: 'im',
    click_action: 'intent',
    intent: 'intent:#Intent;component=com.example/.Main;S.parm1=value1;end',
  },
  huawei: {
    sound: 'hw',
    channel_id: 'hw-im',
    click_action: 'open_app',
    badge_class: 'com.test.badge.MainActivity',
  },
  xiaomi: { channel_id: 'mi-im', click_action: 'open_app' },
  oppo: { channel_id: 'oppo-im' },
  vivo: { click_action: 'open_app', push_mode: 1, classification: 1 },
  flyme: { sound: 'mz' },
  fcm: { channel_id: 'fcm-im', click_action: 'intent', intent: 'intent:#Intent;end' },
};

forEachBackend('seed 004 /push/notify routing options reach the native push', (backend) => {
  let h: RunningHerald;
  let app: SeedApp;
  let device: TestDevice;
  const seen: PushRequest[] = [];
  const notify = (body: unknown) => seed<{ task_id: string }>(h, 'POST', '/push/notify', { app, body });
  /** The native request the facade handed to the push use case for the last call. */
  const lastNative = () => seen.at(-1)?.options ?? assert.fail('no native push');
  /** Earlier pushes of this suite reach the device too; wait for this one by its title. */
  const received = (title: string) =>
    eventually(() => device.messages.find((m) => m.title === title), 5000, `"${title}" on the device`);

  before(async () => {
    h = await startHerald(backend);
    app = await seedApp(h);
    device = connectDevice(h, (await registerDevice(h, app)).deviceToken);
    await device.opened();
    // Vendor dispatch reads strategy and sequence from the push options: watch what the facade passes.
    const push = h.herald.services.push;
    const original = push.push.bind(push);
    push.push = (a, req) => {
      seen.push(req);
      return original(a, req);
    };
  });
  after(async () => {
    device.close();
    await h.close();
  });

  test('no setting: combined, the seed default sequence [ups, fcm] expanded, APNs appended for iPhones', async () => {
    assertOk(await notify({ audience: 'all', message: { title: 'default' } }));
    const o = lastNative();
    assert.equal(o.strategy, 'combined');
    assert.deepEqual(o.vendors, ['huawei', 'xiaomi', 'oppo', 'vivo', 'meizu', 'fcm', 'apns']);
    assert.equal(o.requestId, undefined);
  });

  test('ospush_only with a sequence: vendor_only, groups expanded, flyme is meizu, first place wins', async () => {
    assertOk(
      await notify({
        audience: 'all',
        setting: {
          request_id: 'route-1',
          distribution_strategy: 'ospush_only',
          ospush_sequence: ['vivo', 'ups', 'flyme', 'fcm'],
        },
        message: { title: 'vendors' },
      }),
    );
    const o = lastNative();
    assert.equal(o.strategy, 'vendor_only');
    assert.equal(o.requestId, 'route-1');
    assert.deepEqual(o.vendors, ['vivo', 'huawei', 'xiaomi', 'oppo', 'meizu', 'fcm', 'apns']);
  });

  test('mxpush_only: own_only, and the connected device gets it on the own channel', async () => {
    assertOk(
      await notify({
        audience: 'all',
        setting: { distribution_strategy: 'mxpush_only', ospush_sequence: ['fcm'] },
        message: { title: 'own only' },
      }),
    );
    assert.equal(lastNative().strategy, 'own_only');
    assert.deepEqual(lastNative().vendors, ['fcm', 'apns']);
    await received('own only');
  });

  test('the ios, android and vendor blocks pass through verbatim as native overrides', async () => {
    assertOk(await notify({ audience: 'all', message: { title: 'blocks', ...BLOCKS } }));
    assert.deepEqual(lastNative().overrides, BLOCKS);
  });

  test('show_begin_time ahead schedules the task; show_end_time is the message expiry', async () => {
    const begin = Math.floor(Date.now() / 1000) + 3600;
    const end = begin + 7200;
    const { task_id } = assertOk(
      await notify({
        audience: 'all',
        message: { title: 'later', show_begin_time: begin, show_end_time: end },
      }),
    );
    const task = await h.herald.services.tasks.task(app.id, task_id);
    assert.equal(task.status, 'scheduled');
    assert.equal(task.sendAt, begin * 1000);
    const message = await h.herald.store.tasks.getMessage(app.id, task.messageId);
    assert.equal(message?.expiresAt, end * 1000);
  });

  test('a show_begin_time already passed shows at once', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const { task_id } = assertOk(
      await notify({ audience: 'all', message: { title: 'now', show_begin_time: past } }),
    );
    assert.equal((await h.herald.services.tasks.task(app.id, task_id)).sendAt, null);
    await received('now');
  });
});
