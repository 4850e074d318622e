import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { emptyChannelCounts } from '../src/domain/task.js';
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
  channels: Record<string, { target: number; sent: number; received: number }>;
}

/**
 * Large audiences go out as a broadcast: no delivery row per offline device up front. Here the
 * threshold is 5 devices, so a handful shows what a million would do.
 */
forEachBackend('broadcast without a row per offline device', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  const open: TestDevice[] = [];

  before(async () => {
    h = await startHerald(backend, { broadcastThreshold: 5 });
    app = await createApp(h, 'broadcast');
  });
  after(async () => {
    for (const d of open) d.close();
    await h.close();
  });

  const rows = async (messageId: string) =>
    (
      await call<{ items: unknown[] }>(h, 'GET', `/v1/messages/${messageId}/deliveries?limit=1000`, {
        auth: app.auth,
      })
    ).body.items.length;
  const task = async (id: string) =>
    (await call<TaskBody>(h, 'GET', `/v1/tasks/${id}`, { auth: app.auth })).body;

  test('connected devices get it at once, offline ones on connect, devices registered later never; counts are exact', async () => {
    const regs = [];
    for (let i = 0; i < 8; i++)
      regs.push(await registerDevice(h, app, { tags: i % 2 === 0 ? ['even'] : ['odd'] }));
    const online = regs.slice(0, 3).map((r) => connectDevice(h, r.deviceToken));
    open.push(...online);
    await Promise.all(online.map((d) => d.opened()));
    const r = await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: 'all', message: { title: 'Everyone' }, options: { strategy: 'own_only' } },
    });
    assert.equal(r.status, 202);
    await Promise.all(online.map((d) => d.waitForMessages(1)));
    const sent = await eventually(async () => {
      const t = await task(r.body.taskId);
      return t.status === 'sent' && t.counts.received === 3 ? t : undefined;
    });
    assert.equal(sent.targeted, 8);
    assert.equal(sent.counts.queued, 5, 'five offline devices are owed it without a row each');
    assert.equal(await rows(r.body.messageId), 3, 'rows only for the devices reached');
    assert.deepEqual(sent.channels.own, { ...emptyChannelCounts(), target: 8, sent: 3, received: 3 });

    const late = await registerDevice(h, app, { tags: ['even'] });
    const lateDevice = connectDevice(h, late.deviceToken);
    open.push(lateDevice);
    const back = connectDevice(h, regs[5]!.deviceToken);
    open.push(back);
    const [m] = await back.waitForMessages(1);
    assert.equal(m?.id, r.body.messageId);
    await lateDevice.opened();
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(lateDevice.messages.length, 0, 'registered after the broadcast went out');
    const after1 = await eventually(async () => {
      const t = await task(r.body.taskId);
      return t.counts.received === 4 ? t : undefined;
    });
    assert.equal(after1.counts.queued, 4);
    assert.equal(after1.targeted, 8);
    // The task's audience is the devices it went out to, reached or not, and not the late one.
    const audience = await call<{ items: string[] }>(
      h,
      'GET',
      `/v1/tasks/${r.body.taskId}/audience?kind=devices&limit=100`,
      {
        auth: app.auth,
      },
    );
    assert.deepEqual([...audience.body.items].sort(), regs.map((x) => x.deviceId).sort());
    // Reconnecting does not deliver it again.
    back.close();
    const again = connectDevice(h, regs[5]!.deviceToken);
    open.push(again);
    await again.opened();
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(again.messages.length, 0);
  });

  test('a filtered broadcast reaches only its audience, connected or not', async () => {
    const other = await createApp(h, 'filtered broadcast');
    const regs = [];
    for (let i = 0; i < 10; i++)
      regs.push(await registerDevice(h, other, { tags: i < 6 ? ['vip'] : ['basic'] }));
    const online = [regs[0]!, regs[7]!].map((x) => connectDevice(h, x.deviceToken));
    open.push(...online);
    await Promise.all(online.map((d) => d.opened()));
    const r = await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', {
      auth: other.auth,
      body: {
        audience: { tags: ['vip'] },
        message: { title: 'VIP only' },
        options: { strategy: 'own_only' },
      },
    });
    await online[0]!.waitForMessages(1);
    const t = await eventually(async () => {
      const v = (await call<TaskBody>(h, 'GET', `/v1/tasks/${r.body.taskId}`, { auth: other.auth })).body;
      return v.status === 'sent' ? v : undefined;
    });
    assert.equal(t.targeted, 6);
    const basicLater = connectDevice(h, regs[8]!.deviceToken);
    const vipLater = connectDevice(h, regs[4]!.deviceToken);
    open.push(basicLater, vipLater);
    await vipLater.waitForMessages(1);
    await basicLater.opened();
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(online[1]!.messages.length, 0, 'a connected basic device is not in the audience');
    assert.equal(basicLater.messages.length, 0);
  });

  test('a revoked broadcast is not delivered to devices that connect later, and its unreached count moves to revoked', async () => {
    const other = await createApp(h, 'revoked broadcast');
    const regs = [];
    for (let i = 0; i < 6; i++) regs.push(await registerDevice(h, other));
    const r = await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', {
      auth: other.auth,
      body: { audience: 'all', message: { title: 'Oops' }, options: { strategy: 'own_only' } },
    });
    await eventually(async () => {
      const v = (await call<TaskBody>(h, 'GET', `/v1/tasks/${r.body.taskId}`, { auth: other.auth })).body;
      return v.status === 'sent' ? v : undefined;
    });
    await call(h, 'POST', `/v1/messages/${r.body.messageId}/revoke`, { auth: other.auth });
    const d = connectDevice(h, regs[2]!.deviceToken);
    open.push(d);
    await d.opened();
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(d.messages.length, 0);
    const v = (await call<TaskBody>(h, 'GET', `/v1/tasks/${r.body.taskId}`, { auth: other.auth })).body;
    assert.equal(v.counts.revoked, 6);
    assert.equal(v.counts.queued, 0);
  });
});
