import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from './support/backends.js';
import { connectDevice, type TestDevice } from './support/device.js';
import {
  call,
  createApp,
  eventually,
  type RunningHerald,
  registerDevice,
  startHerald,
  type TestApp,
} from './support/herald-harness.js';

interface TaskBody {
  status: string;
  targeted: number;
  counts: Record<string, number>;
}

forEachBackend('push flow end to end', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  const devices: TestDevice[] = [];
  const online = (token: string) => {
    const d = connectDevice(h, token);
    devices.push(d);
    return d;
  };
  const push = (body: unknown, a: TestApp = app) =>
    call<{ taskId: string; messageId: string; duplicate: boolean }>(h, 'POST', '/v1/push', {
      auth: a.auth,
      body,
    });
  const task = (id: string, a: TestApp = app) =>
    call<TaskBody>(h, 'GET', `/v1/tasks/${id}`, { auth: a.auth });
  const taskWhen = (id: string, ok: (t: TaskBody) => boolean) =>
    eventually(
      async () => {
        const t = (await task(id)).body;
        return ok(t) ? t : undefined;
      },
      5000,
      `task ${id}`,
    );

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h);
  });
  after(async () => {
    for (const d of devices) d.close();
    await h.close();
  });

  test('a connected device receives a push and its receipt reaches "received"', async () => {
    const dev = await registerDevice(h, app);
    const d = online(dev.deviceToken);
    await d.opened();
    const r = await push({
      audience: { deviceIds: [dev.deviceId] },
      message: { title: 'Hello', body: 'World', data: { k: 1 } },
    });
    assert.equal(r.status, 202);
    const [m] = await d.waitForMessages(1);
    assert.equal(m?.id, r.body.messageId);
    assert.equal(m?.title, 'Hello');
    assert.equal(m?.body, 'World');
    assert.deepEqual(m?.data, { k: 1 });
    const t = await taskWhen(r.body.taskId, (t) => t.status === 'sent' && t.counts.received === 1);
    assert.equal(t.targeted, 1);
    d.client.displayed(r.body.messageId);
    d.client.clicked(r.body.messageId);
    const done = await taskWhen(r.body.taskId, (t) => t.counts.clicked === 1);
    assert.equal(done.counts.received, 0);
    const list = await call<{
      items: Array<{ deviceId: string; status: string; statusCode: number; clickedAt: number }>;
    }>(h, 'GET', `/v1/messages/${r.body.messageId}/deliveries`, { auth: app.auth });
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0]?.status, 'clicked');
    assert.equal(list.body.items[0]?.statusCode, 4);
    const one = await call<{
      status: string;
      statusCode: number;
      history: Array<{ status: string; statusCode: number; at: number }>;
    }>(h, 'GET', `/v1/messages/${r.body.messageId}/deliveries/${dev.deviceId}`, { auth: app.auth });
    assert.equal(one.body.statusCode, 4);
    assert.deepEqual(
      one.body.history.map((s) => s.statusCode),
      [1, 2, 3, 4],
    );
    assert.ok(one.body.history.every((s, i, all) => i === 0 || s.at >= all[i - 1]!.at));
  });

  test('an offline device gets every unexpired message it missed, in order, and never an expired one', async () => {
    const dev = await registerDevice(h, app);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await push({ audience: { deviceIds: [dev.deviceId] }, message: { title: `missed ${i}` } });
      ids.push(r.body.messageId);
      if (i === 1) {
        const expiring = await push({
          audience: { deviceIds: [dev.deviceId] },
          message: { title: 'stale' },
          options: { ttl: 1 },
        });
        await taskWhen(expiring.body.taskId, (t) => t.status === 'sent');
      }
    }
    await new Promise((r) => setTimeout(r, 1100));
    const d = online(dev.deviceToken);
    await d.waitForMessages(3);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(
      d.messages.map((m) => m.id),
      ids,
    );
    assert.ok(!d.messages.some((m) => m.title === 'stale'));
  });

  test('a repeated requestId returns the first task and sends nothing more', async () => {
    const dev = await registerDevice(h, app);
    const d = online(dev.deviceToken);
    await d.opened();
    const body = {
      audience: { deviceIds: [dev.deviceId] },
      message: { title: 'once' },
      options: { requestId: `req-${backend}` },
    };
    const first = await push(body);
    const second = await push({ ...body, message: { title: 'twice?' } });
    assert.equal(first.body.duplicate, false);
    assert.equal(second.status, 202);
    assert.equal(second.body.duplicate, true);
    assert.equal(second.body.taskId, first.body.taskId);
    assert.equal(second.body.messageId, first.body.messageId);
    await d.waitForMessages(1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(d.messages.length, 1);
    assert.equal(d.messages[0]?.title, 'once');
  });

  test('audience kinds: users, aliases, tags (any of), device ids; fields combine with AND; production=false reaches test devices only', async () => {
    const a = await createApp(h, 'audience');
    const regs = await Promise.all([
      registerDevice(h, a, { userId: 'u1', alias: 'al-1', tags: ['red', 'big'] }),
      registerDevice(h, a, { userId: 'u1', tags: ['blue'] }),
      registerDevice(h, a, { userId: 'u2', alias: 'al-2', tags: ['red'], isTest: true }),
      registerDevice(h, a, { tags: ['green'] }),
    ]);
    const ds = regs.map((r) => online(r.deviceToken));
    await Promise.all(ds.map((d) => d.opened()));
    const expectReach = async (
      audience: unknown,
      expected: number[],
      options: Record<string, unknown> = {},
    ) => {
      const r = await push({ audience, message: { title: JSON.stringify(audience) }, options }, a);
      assert.equal(r.status, 202, JSON.stringify(r.body));
      const t = await eventually(async () => {
        const t = (await task(r.body.taskId, a)).body;
        return t.status === 'sent' ? t : undefined;
      });
      assert.equal(t.targeted, expected.length, `targeted for ${JSON.stringify(audience)}`);
      for (const i of expected)
        await eventually(() => (ds[i]?.messages.some((m) => m.id === r.body.messageId) ? true : undefined));
      await new Promise((res) => setTimeout(res, 100));
      ds.forEach((d, i) => {
        assert.equal(
          d.messages.some((m) => m.id === r.body.messageId),
          expected.includes(i),
          `device ${i} for ${JSON.stringify(audience)}`,
        );
      });
    };
    await expectReach({ userIds: ['u1'] }, [0, 1]);
    await expectReach({ aliases: ['al-2'] }, [2]);
    await expectReach({ tags: ['red', 'green'] }, [0, 2, 3]);
    await expectReach({ deviceIds: [regs[1]!.deviceId, regs[3]!.deviceId] }, [1, 3]);
    await expectReach({ userIds: ['u1'], tags: ['red'] }, [0]);
    await expectReach('all', [0, 1, 2, 3]);
    await expectReach('all', [2], { production: false });
  });

  test('revoke reaches holders now or when they reconnect, and an undelivered copy is never delivered', async () => {
    const holder = await registerDevice(h, app);
    const later = await registerDevice(h, app);
    const never = await registerDevice(h, app);
    const dHolder = online(holder.deviceToken);
    const dLater = online(later.deviceToken);
    await Promise.all([dHolder.opened(), dLater.opened()]);
    const r = await push({
      audience: { deviceIds: [holder.deviceId, later.deviceId, never.deviceId] },
      message: { title: 'secret' },
    });
    await Promise.all([dHolder.waitForMessages(1), dLater.waitForMessages(1)]);
    await taskWhen(r.body.taskId, (t) => t.counts.received === 2);
    dLater.close();
    const rev = await call<{ status: string; notified: number }>(
      h,
      'POST',
      `/v1/messages/${r.body.messageId}/revoke`,
      { auth: app.auth },
    );
    assert.equal(rev.status, 200);
    assert.equal(rev.body.notified, 2);
    await eventually(() => (dHolder.revokes.length === 1 ? true : undefined));
    assert.equal(dHolder.revokes[0]?.id, r.body.messageId);
    const back = online(later.deviceToken);
    await eventually(() => (back.revokes.length === 1 ? true : undefined));
    const dNever = online(never.deviceToken);
    await dNever.opened();
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(dNever.messages.length, 0);
    const t = (await task(r.body.taskId)).body;
    assert.equal(t.counts.revoked, 3);
  });

  test('replace sends the new version to devices holding the message', async () => {
    const dev = await registerDevice(h, app);
    const d = online(dev.deviceToken);
    await d.opened();
    const r = await push({ audience: { deviceIds: [dev.deviceId] }, message: { title: 'v1' } });
    await d.waitForMessages(1);
    await taskWhen(r.body.taskId, (t) => t.counts.received === 1);
    const rep = await call<{ version: number }>(h, 'POST', `/v1/messages/${r.body.messageId}/replace`, {
      auth: app.auth,
      body: { message: { title: 'v2' } },
    });
    assert.equal(rep.status, 200);
    assert.equal(rep.body.version, 2);
    await eventually(() => (d.replaces.length === 1 ? true : undefined));
    assert.equal(d.replaces[0]?.title, 'v2');
    assert.equal(d.replaces[0]?.version, 2);
    const t = (await task(r.body.taskId)).body;
    assert.equal(t.counts.replaced, 1);
  });

  test("apps are isolated: app B cannot read or target app A's tasks, messages and devices", async () => {
    const b = await createApp(h, 'other tenant');
    const devA = await registerDevice(h, app);
    const dA = online(devA.deviceToken);
    await dA.opened();
    const r = await push({ audience: { deviceIds: [devA.deviceId] }, message: { title: 'for A' } });
    await dA.waitForMessages(1);
    assert.equal((await task(r.body.taskId, b)).status, 404);
    assert.equal((await call(h, 'GET', `/v1/devices/${devA.deviceId}`, { auth: b.auth })).status, 404);
    assert.equal(
      (await call(h, 'GET', `/v1/messages/${r.body.messageId}/deliveries`, { auth: b.auth })).status,
      404,
    );
    assert.equal(
      (await call(h, 'POST', `/v1/messages/${r.body.messageId}/revoke`, { auth: b.auth })).status,
      404,
    );
    assert.equal(
      (await call(h, 'PUT', `/v1/devices/${devA.deviceId}/user`, { auth: b.auth, body: { userId: 'x' } }))
        .status,
      404,
    );
    const fromB = await push({ audience: { deviceIds: [devA.deviceId] }, message: { title: 'from B' } }, b);
    const tb = await eventually(async () => {
      const t = (await task(fromB.body.taskId, b)).body;
      return t.status === 'sent' ? t : undefined;
    });
    assert.equal(tb.targeted, 0);
    await new Promise((res) => setTimeout(res, 200));
    assert.deepEqual(
      dA.messages.map((m) => m.title),
      ['for A'],
    );
    const listB = await call<{ items: unknown[] }>(h, 'GET', '/v1/devices', { auth: b.auth });
    assert.equal(listB.body.items.length, 0);
  });
});
