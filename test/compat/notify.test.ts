import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from '../support/backends.js';
import { connectDevice, type TestDevice } from '../support/device.js';
import { eventually, type RunningHerald, registerDevice, startHerald } from '../support/herald-harness.js';
import { assertOk, DETAIL_KEYS, type SeedApp, seed, seedApp } from './notify-kit.js';

type Detail = Record<string, number | string>;

forEachBackend('seed 004 /push/notify and /push/task/detail: the seed examples, end to end', (backend) => {
  let h: RunningHerald;
  const devices: TestDevice[] = [];
  const online = async (token: string) => {
    const d = connectDevice(h, token);
    devices.push(d);
    await d.opened();
    return d;
  };
  const notify = (app: SeedApp, body: unknown) =>
    seed<{ task_id: string }>(h, 'POST', '/push/notify', { app, body });
  const detail = (app: SeedApp, list: unknown[]) =>
    seed<Detail[]>(h, 'POST', '/push/task/detail', { app, body: { list } });
  /** task/detail until its mxpush figures reach `received` (the device acks asynchronously). */
  const detailWhen = (app: SeedApp, taskId: string, received: number) =>
    eventually(
      async () => {
        const d = assertOk(await detail(app, [taskId]))[0];
        return d && d.mxpush_received === received ? d : undefined;
      },
      5000,
      `task ${taskId} mxpush_received=${received}`,
    );

  before(async () => {
    h = await startHerald(backend);
  });
  after(async () => {
    for (const d of devices) d.close();
    await h.close();
  });

  test('example 1 (text to all devices): every device gets it, and task/detail counts it on mxpush only', async () => {
    const app = await seedApp(h, 'example 1');
    const a = await online((await registerDevice(h, app)).deviceToken);
    const b = await online((await registerDevice(h, app, { userId: 'bob' })).deviceToken);
    // Verbatim from the seed, "常用请求格式" 1.
    const r = await notify(app, {
      audience: 'all',
      message: { type: 'text', title: 'this is push title', body: 'this is push body' },
    });
    const data = assertOk(r);
    assert.deepEqual(Object.keys(data), ['task_id']);
    assert.equal(typeof data.task_id, 'string');
    for (const d of [a, b]) {
      const [m] = await d.waitForMessages(1);
      assert.equal(m?.kind, 'notification');
      assert.equal(m?.title, 'this is push title');
      assert.equal(m?.body, 'this is push body');
      // No badge given: the seed's default "+1", which Herald carries for the device (no native relative badge).
      assert.deepEqual(m?.data, { mxpush: { type: 'text', badge: '+1' } });
      assert.equal(m?.badge, undefined);
    }
    const figures = await detailWhen(app, data.task_id, 2);
    assert.deepEqual(Object.keys(figures).sort(), DETAIL_KEYS);
    const expected: Detail = Object.fromEntries(DETAIL_KEYS.map((k) => [k, 0]));
    Object.assign(expected, { task_id: data.task_id, mxpush_target: 2, mxpush_sent: 2, mxpush_received: 2 });
    assert.deepEqual(figures, expected);
  });

  test('example 2 (image to push tokens): only devices holding token1 or token2 get it, with the image', async () => {
    const app = await seedApp(h, 'example 2');
    const holder1 = await online(
      (await registerDevice(h, app, { vendorTokens: { huawei: 'token1' } })).deviceToken,
    );
    const holder2 = await online(
      (await registerDevice(h, app, { vendorTokens: { fcm: 'token2' } })).deviceToken,
    );
    const other = await online(
      (await registerDevice(h, app, { vendorTokens: { xiaomi: 'token3' } })).deviceToken,
    );
    // Verbatim from the seed, "常用请求格式" 2.
    const r = await notify(app, {
      audience: { push_token: ['token1', 'token2'] },
      message: {
        type: 'image',
        title: 'this is push title',
        body: 'this is push body',
        attachment_url: 'https://xxx.com/images/1.jpg',
      },
    });
    const { task_id } = assertOk(r);
    for (const d of [holder1, holder2]) {
      const [m] = await d.waitForMessages(1);
      assert.equal(m?.kind, 'notification');
      assert.deepEqual(m?.data, {
        mxpush: { type: 'image', attachment_url: 'https://xxx.com/images/1.jpg', badge: '+1' },
      });
    }
    const figures = await detailWhen(app, task_id, 2);
    assert.equal(figures.mxpush_target, 2);
    assert.equal(figures.mxpush_sent, 2);
    assert.equal(other.messages.length, 0, 'a device without either token is not targeted');
  });

  test('example 3 (cmd to tags): a pass-through message with ext reaches beijing and shanghai devices only', async () => {
    const app = await seedApp(h, 'example 3');
    const bj = await online((await registerDevice(h, app, { tags: ['beijing'] })).deviceToken);
    const sh = await online((await registerDevice(h, app, { tags: ['shanghai', 'vip'] })).deviceToken);
    const gz = await online((await registerDevice(h, app, { tags: ['guangzhou'] })).deviceToken);
    // Verbatim from the seed, "常用请求格式" 3.
    const r = await notify(app, {
      audience: { tag: ['beijing', 'shanghai'] },
      message: {
        type: 'cmd',
        title: 'this is push title',
        body: 'this is push body',
        ext: { key1: 12345, key2: 'xxx' },
      },
    });
    const { task_id } = assertOk(r);
    for (const d of [bj, sh]) {
      const [m] = await d.waitForMessages(1);
      // cmd is the native pass-through kind: handed to the app, not shown.
      assert.equal(m?.kind, 'message');
      // ext keys sit at the top of data, where the app reads them; cmd gets no default badge.
      assert.deepEqual(m?.data, { key1: 12345, key2: 'xxx', mxpush: { type: 'cmd' } });
    }
    await detailWhen(app, task_id, 2);
    assert.equal(gz.messages.length, 0);
  });

  test('audience alias and user_id (numbers, as the seed writes them) reach the named devices only', async () => {
    const app = await seedApp(h, 'alias and user');
    const u111 = await online((await registerDevice(h, app, { userId: '111' })).deviceToken);
    const u222 = await online((await registerDevice(h, app, { userId: '222' })).deviceToken);
    const al = await online((await registerDevice(h, app, { alias: 'alias1' })).deviceToken);
    const none = await online((await registerDevice(h, app, { userId: '333', alias: 'alias3' })).deviceToken);
    assertOk(await notify(app, { audience: { user_id: [111, 222] }, message: { body: 'to users' } }));
    assertOk(
      await notify(app, { audience: { alias: ['alias1', 'alias2'] }, message: { body: 'to aliases' } }),
    );
    assert.equal((await u111.waitForMessages(1))[0]?.body, 'to users');
    assert.equal((await u222.waitForMessages(1))[0]?.body, 'to users');
    assert.equal((await al.waitForMessages(1))[0]?.body, 'to aliases');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(none.messages.length, 0);
  });

  test('a repeated request_id answers the first task_id and sends nothing more; an empty one does not deduplicate', async () => {
    const app = await seedApp(h, 'dedup');
    const d = await online((await registerDevice(h, app)).deviceToken);
    const body = { audience: 'all', setting: { request_id: 'req-1' }, message: { title: 'once' } };
    const first = assertOk(await notify(app, body));
    const again = assertOk(await notify(app, body));
    assert.equal(again.task_id, first.task_id);
    const blank = { audience: 'all', setting: { request_id: '' }, message: { title: 'twice' } };
    const b1 = assertOk(await notify(app, blank));
    const b2 = assertOk(await notify(app, blank));
    assert.notEqual(b1.task_id, b2.task_id);
    await d.waitForMessages(3);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(
      d.messages.map((m) => m.title),
      ['once', 'twice', 'twice'],
    );
  });

  test('badge: a number sets the native badge; "+n" travels to the device as given', async () => {
    const app = await seedApp(h, 'badge');
    const d = await online((await registerDevice(h, app)).deviceToken);
    assertOk(await notify(app, { audience: 'all', message: { title: 'set', badge: '5' } }));
    assertOk(
      await notify(app, { audience: 'all', message: { title: 'add', badge: '+3', big_text: 'long text' } }),
    );
    const [set, add] = await d.waitForMessages(2);
    assert.equal(set?.badge, 5);
    assert.deepEqual(set?.data, { mxpush: { type: 'text' } });
    assert.equal(add?.badge, undefined);
    assert.deepEqual(add?.data, { mxpush: { type: 'text', big_text: 'long text', badge: '+3' } });
  });

  test('task/detail answers several tasks in the order asked, zeros for a task nobody received yet', async () => {
    const app = await seedApp(h, 'detail order');
    const d = await online((await registerDevice(h, app, { tags: ['on'] })).deviceToken);
    const reached = assertOk(
      await notify(app, { audience: { tag: ['on'] }, message: { title: 'x' } }),
    ).task_id;
    const nobody = assertOk(
      await notify(app, { audience: { tag: ['nobody'] }, message: { title: 'y' } }),
    ).task_id;
    await d.waitForMessages(1);
    await detailWhen(app, reached, 1);
    const rows = assertOk(await detail(app, [nobody, reached]));
    assert.deepEqual(
      rows.map((r) => r.task_id),
      [nobody, reached],
    );
    for (const k of DETAIL_KEYS.filter((k) => k !== 'task_id')) assert.equal(rows[0]?.[k], 0, k);
    assert.equal(rows[1]?.mxpush_received, 1);
    assert.deepEqual(assertOk(await detail(app, [])), []);
  });
});
