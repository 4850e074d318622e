import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { type HmsMock, startHmsMock } from '../../mocks/hms/server.js';
import { startXiaomiMock, type XiaomiMock } from '../../mocks/xiaomi/server.js';
import { emptyChannelCounts, type TaskChannels } from '../../src/domain/task.js';
import { forEachBackend } from '../support/backends.js';
import { connectDevice } from '../support/device.js';
import {
  call,
  createApp,
  eventually,
  type RunningHerald,
  registerDevice,
  startHerald,
  type TestApp,
} from '../support/herald-harness.js';

const HMS_APP = '103456789';
const HMS_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const MI_SECRET = 'Wc5Xn3pD0aA3bFq9Lr+2zQ==';
const MI_PACKAGE = 'com.example.app';

interface TaskView {
  status: string;
  channels: TaskChannels & Record<string, { pending?: number }>;
}

/**
 * The distribution strategies end to end: a real Herald, real devices on the own channel, and
 * the Huawei and Xiaomi mocks as the vendors, which check auth and tokens as the vendors do.
 */
forEachBackend('routing through vendor channels', (backend) => {
  let h: RunningHerald;
  let hms: HmsMock;
  let mi: XiaomiMock;
  let app: TestApp;

  before(async () => {
    hms = await startHmsMock();
    mi = await startXiaomiMock();
    hms.registerApp(HMS_APP, HMS_SECRET);
    mi.registerApp(MI_SECRET, MI_PACKAGE);
    h = await startHerald(backend, {
      vendorEndpoints: { huawei: hms.url, huaweiToken: hms.tokenUrl, xiaomi: mi.url },
    });
    app = await createApp(h, 'routing');
    for (const [vendor, credential] of [
      ['huawei', { appId: HMS_APP, clientSecret: HMS_SECRET }],
      ['xiaomi', { appSecret: MI_SECRET, packageName: MI_PACKAGE }],
    ] as const) {
      const r = await call(h, 'PUT', `/v1/apps/${app.id}/credentials/${vendor}/prod`, {
        auth: app.auth,
        body: credential,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  });
  after(async () => {
    await h.close();
    await hms.close();
    await mi.close();
  });

  const push = async (deviceId: string, options: Record<string, unknown>) => {
    const r = await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { deviceIds: [deviceId] }, message: { title: 'Hi', body: 'there' }, options },
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return r.body;
  };
  const task = async (id: string) =>
    (await call<TaskView>(h, 'GET', `/v1/tasks/${id}`, { auth: app.auth })).body;
  const hmsGot = (token: string) => hms.requests().filter((r) => r.tokens.includes(token)).length;
  const miGot = (token: string) => mi.requests().filter((r) => r.tokens.includes(token)).length;

  test('combined: an offline device gets it through its vendor once the fallback time passes, and not again on connect', async () => {
    const token = hms.okToken();
    const d = await registerDevice(h, app, { vendorTokens: { huawei: token } });
    const { taskId, messageId } = await push(d.deviceId, { fallbackAfterMs: 100 });
    await eventually(() => (hmsGot(token) === 1 ? true : undefined), 5000, 'huawei request');
    const t = await eventually(async () => {
      const v = await task(taskId);
      return v.channels.huawei?.sent === 1 ? v : undefined;
    });
    assert.deepEqual(t.channels.own, { ...emptyChannelCounts(), target: 1 });
    assert.deepEqual(t.channels.huawei, { ...emptyChannelCounts(), target: 1, sent: 1 });
    const status = await call<{ status: string }>(
      h,
      'GET',
      `/v1/messages/${messageId}/deliveries/${d.deviceId}`,
      {
        auth: app.auth,
      },
    );
    assert.equal(status.body.status, 'sent');
    // The phone already shows it from the vendor: connecting must not show it twice.
    const device = connectDevice(h, d.deviceToken);
    await device.opened();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(device.messages.length, 0);
    device.close();
    assert.equal(hmsGot(token), 1);
  });

  test('combined: a connected device that acks in time never costs a vendor send', async () => {
    const token = hms.okToken();
    const d = await registerDevice(h, app, { vendorTokens: { huawei: token } });
    const device = connectDevice(h, d.deviceToken);
    await device.opened();
    const { taskId } = await push(d.deviceId, { fallbackAfterMs: 300 });
    await device.waitForMessages(1);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(hmsGot(token), 0);
    const t = await eventually(async () => {
      const v = await task(taskId);
      return v.channels.own?.received === 1 ? v : undefined;
    });
    assert.equal(t.channels.huawei, undefined);
    device.close();
  });

  test('own_only: an offline device is never sent to a vendor and gets it on connect', async () => {
    const token = hms.okToken();
    const d = await registerDevice(h, app, { vendorTokens: { huawei: token } });
    await push(d.deviceId, { strategy: 'own_only', fallbackAfterMs: 0 });
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(hmsGot(token), 0);
    const device = connectDevice(h, d.deviceToken);
    await device.waitForMessages(1);
    device.close();
  });

  test('vendor sequence: a dead token is cleared and counted, and the next vendor is used at once', async () => {
    const dead = hms.deadToken();
    const ok = mi.okToken();
    const d = await registerDevice(h, app, { vendorTokens: { huawei: dead, xiaomi: ok } });
    const { taskId } = await push(d.deviceId, { strategy: 'vendor_only', vendors: ['huawei', 'xiaomi'] });
    await eventually(() => (miGot(ok) === 1 ? true : undefined), 5000, 'xiaomi request');
    assert.equal(hmsGot(dead), 1, 'huawei was tried first');
    const t = await eventually(async () => {
      const v = await task(taskId);
      return v.channels.xiaomi?.sent === 1 ? v : undefined;
    });
    // The device counts once, on the vendor that reached it; the own channel was not asked.
    assert.deepEqual(t.channels.own, emptyChannelCounts());
    const device = await call<{ vendorTokens: Record<string, string> }>(
      h,
      'GET',
      `/v1/devices/${d.deviceId}`,
      {
        auth: app.auth,
      },
    );
    assert.deepEqual(device.body.vendorTokens, { xiaomi: ok });
    const health = await call<{ vendors: Array<{ vendor: string; invalidated: number }> }>(
      h,
      'GET',
      `/v1/apps/${app.id}/tokens/health`,
      { auth: app.auth },
    );
    assert.equal(health.body.vendors.find((v) => v.vendor === 'huawei')?.invalidated, 1);
  });

  test('vendor_only without any vendor token fails the delivery and says why', async () => {
    const d = await registerDevice(h, app);
    const { taskId, messageId } = await push(d.deviceId, { strategy: 'vendor_only' });
    const row = await eventually(async () => {
      const r = await call<{ status: string }>(
        h,
        'GET',
        `/v1/messages/${messageId}/deliveries/${d.deviceId}`,
        {
          auth: app.auth,
        },
      );
      return r.body.status === 'failed' ? r.body : undefined;
    });
    assert.equal(row.status, 'failed');
    const t = await task(taskId);
    assert.equal(t.channels.own?.target, 0);
  });

  test('a quota answer defers the send and the task shows it pending', async () => {
    const token = mi.okToken();
    mi.injectForToken(token, { kind: 'quota' });
    const d = await registerDevice(h, app, { vendorTokens: { xiaomi: token } });
    const { taskId } = await push(d.deviceId, { strategy: 'vendor_only', vendors: ['xiaomi'] });
    const t = await eventually(async () => {
      const v = await task(taskId);
      return v.channels.xiaomi?.pending === 1 ? v : undefined;
    });
    assert.equal(t.channels.xiaomi?.sent, 0);
    assert.equal(t.channels.xiaomi?.failed, 0);
  });

  test('a credential the vendor refuses is marked failing and the next vendor takes over', async () => {
    const other = await createApp(h, 'bad credential');
    await call(h, 'PUT', `/v1/apps/${other.id}/credentials/huawei/prod`, {
      auth: other.auth,
      body: { appId: HMS_APP, clientSecret: 'wrong-secret-wrong-secret-000000' },
    });
    await call(h, 'PUT', `/v1/apps/${other.id}/credentials/xiaomi/prod`, {
      auth: other.auth,
      body: { appSecret: MI_SECRET, packageName: MI_PACKAGE },
    });
    const hw = hms.okToken();
    const ok = mi.okToken();
    const d = await registerDevice(h, other, { vendorTokens: { huawei: hw, xiaomi: ok } });
    await call(h, 'POST', '/v1/push', {
      auth: other.auth,
      body: {
        audience: { deviceIds: [d.deviceId] },
        message: { title: 'Hi' },
        options: { strategy: 'vendor_only', vendors: ['huawei', 'xiaomi'] },
      },
    });
    await eventually(() => (miGot(ok) === 1 ? true : undefined), 5000, 'xiaomi request');
    const cred = await call<{ status: string; lastError: string | null }>(
      h,
      'GET',
      `/v1/apps/${other.id}/credentials/huawei/prod`,
      { auth: other.auth },
    );
    assert.equal(cred.body.status, 'failing');
    assert.ok(cred.body.lastError);
    assert.equal(hmsGot(hw), 0);
  });

  test('replace re-sends through the vendor that delivered, with the same collapse key; revoke reports what stays shown', async () => {
    const token = hms.okToken();
    const d = await registerDevice(h, app, { vendorTokens: { huawei: token } });
    const { taskId, messageId } = await push(d.deviceId, { strategy: 'vendor_only', vendors: ['huawei'] });
    await eventually(() => (hmsGot(token) === 1 ? true : undefined), 5000, 'first huawei request');
    await eventually(async () => ((await task(taskId)).channels.huawei?.sent === 1 ? true : undefined));
    const replaced = await call<{ vendors: Record<string, { held: number; reached: number; note: string }> }>(
      h,
      'POST',
      `/v1/messages/${messageId}/replace`,
      { auth: app.auth, body: { message: { title: 'Fixed', body: 'new text' } } },
    );
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    assert.equal(replaced.body.vendors.huawei?.held, 1);
    assert.equal(replaced.body.vendors.huawei?.reached, 1);
    await eventually(() => (hmsGot(token) === 2 ? true : undefined), 5000, 'second huawei request');
    const [first, second] = hms.requests().filter((r) => r.tokens.includes(token));
    const tagOf = (b: unknown) => JSON.stringify(b).match(/"tag":"([^"]+)"/)?.[1];
    assert.ok(tagOf(first?.body), 'the first send carries a tag so a later version can replace it');
    assert.equal(tagOf(second?.body), tagOf(first?.body));
    assert.match(JSON.stringify(second?.body), /new text/);
    const revoked = await call<{ vendors: Record<string, { held: number; reached: number; note: string }> }>(
      h,
      'POST',
      `/v1/messages/${messageId}/revoke`,
      { auth: app.auth },
    );
    assert.equal(revoked.status, 200);
    await eventually(async () => {
      const r = await call<{ vendors: Record<string, { held: number; reached: number }> }>(
        h,
        'POST',
        `/v1/messages/${messageId}/revoke`,
        { auth: app.auth },
      );
      return r.body.vendors.huawei?.held === 1 ? true : undefined;
    });
    assert.equal(revoked.body.vendors.huawei?.reached ?? 0, 0);
  });

  test('webhooks hear of vendor outcomes: sent through a vendor, token invalidated, delivery failed', async () => {
    const got: Array<{ type: string; data: Record<string, unknown> }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        got.push(...(JSON.parse(body) as { events: typeof got }).events);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const hooked = await createApp(h, 'vendor webhooks');
      await call(h, 'PUT', `/v1/apps/${hooked.id}/credentials/huawei/prod`, {
        auth: hooked.auth,
        body: { appId: HMS_APP, clientSecret: HMS_SECRET },
      });
      const hook = await call(h, 'POST', '/v1/webhooks', {
        auth: hooked.auth,
        body: {
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
          events: ['delivery.sent', 'delivery.failed', 'token.invalidated'],
        },
      });
      assert.equal(hook.status, 201, JSON.stringify(hook.body));
      const good = hms.okToken();
      const dead = hms.deadToken();
      const ok = await registerDevice(h, hooked, { vendorTokens: { huawei: good } });
      const gone = await registerDevice(h, hooked, { vendorTokens: { huawei: dead } });
      const body = (deviceId: string) => ({
        audience: { deviceIds: [deviceId] },
        message: { title: 'hooked' },
        options: { strategy: 'vendor_only', vendors: ['huawei'] },
      });
      await call(h, 'POST', '/v1/push', { auth: hooked.auth, body: body(ok.deviceId) });
      await call(h, 'POST', '/v1/push', { auth: hooked.auth, body: body(gone.deviceId) });
      const byType = (type: string) => got.filter((e) => e.type === type);
      await eventually(
        () =>
          byType('delivery.sent').length >= 1 &&
          byType('token.invalidated').length >= 1 &&
          byType('delivery.failed').length >= 1
            ? true
            : undefined,
        10_000,
        'vendor webhook events',
      );
      assert.deepEqual(
        byType('delivery.sent').map((e) => [e.data.deviceId, e.data.channel]),
        [[ok.deviceId, 'huawei']],
      );
      assert.equal(byType('token.invalidated')[0]?.data.deviceId, gone.deviceId);
      assert.equal(byType('token.invalidated')[0]?.data.vendor, 'huawei');
      assert.equal(byType('delivery.failed')[0]?.data.deviceId, gone.deviceId);
      assert.match(String(byType('delivery.failed')[0]?.data.reason), /invalid token/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
