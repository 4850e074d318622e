import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from './support/backends.js';
import { connectDevice, type TestDevice } from './support/device.js';
import { FakeClock } from './support/fake-clock.js';
import {
  call,
  createApp,
  type RunningHerald,
  registerDevice,
  startHerald,
  type TestApp,
} from './support/herald-harness.js';

const HOUR = 3600_000;

interface TaskBody {
  status: string;
  sendAt: number | null;
  counts: Record<string, number>;
}

/** Per-device frequency cap and delivery at each device's local time, on an injected clock. */
forEachBackend('delivery rules: frequency cap and local time', (backend) => {
  let h: RunningHerald;
  const clock = new FakeClock(Date.UTC(2026, 10, 23, 0, 0, 0));
  const devices: TestDevice[] = [];

  const settle = async () => {
    h.herald.dispatcher.kick();
    await new Promise((r) => setTimeout(r, 60));
    await h.herald.dispatcher.idle();
    await new Promise((r) => setTimeout(r, 150));
  };
  const advanceTo = async (t: number) => {
    clock.t = t;
    await settle();
  };
  const online = async (app: TestApp, fields: Record<string, unknown> = {}) => {
    const reg = await registerDevice(h, app, fields);
    const d = connectDevice(h, reg.deviceToken);
    devices.push(d);
    await d.opened();
    return { ...reg, device: d };
  };
  const push = async (app: TestApp, deviceIds: string[], options: Record<string, unknown> = {}) => {
    const r = await call<{ taskId: string }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { deviceIds }, message: { title: 'Hi', body: `at ${clock.t}` }, options },
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return r.body.taskId;
  };
  const task = async (app: TestApp, id: string) =>
    (await call<TaskBody>(h, 'GET', `/v1/tasks/${id}`, { auth: app.auth })).body;

  before(async () => {
    h = await startHerald(backend, {}, { clock });
  });
  after(async () => {
    for (const d of devices) d.close();
    await h.close();
  });

  test('frequency cap: the third message in the window is held back and counted; high priority passes; a new window opens', async () => {
    const app = await createApp(h, 'capped');
    const set = await call(h, 'PATCH', `/v1/apps/${app.id}`, {
      headers: { authorization: `Bearer ${h.adminToken}` },
      body: { frequencyCap: { max: 2, hours: 24 } },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual((set.body as { frequencyCap: unknown }).frequencyCap, { max: 2, hours: 24 });
    const { deviceId, device } = await online(app);
    await push(app, [deviceId]);
    await push(app, [deviceId]);
    const third = await push(app, [deviceId]);
    await settle();
    assert.equal(device.messages.length, 2);
    const t3 = await task(app, third);
    assert.equal(t3.status, 'sent');
    assert.equal(t3.counts.capped, 1);
    assert.equal((t3.counts.queued ?? 0) + (t3.counts.sent ?? 0) + (t3.counts.received ?? 0), 0);
    await push(app, [deviceId], { priority: 'high' });
    await settle();
    assert.equal(device.messages.length, 3, 'high priority is not capped');
    await advanceTo(clock.t + 24 * HOUR);
    await push(app, [deviceId]);
    await settle();
    assert.equal(device.messages.length, 4, 'a new window opened');
  });

  test('a frequency cap out of range names the field', async () => {
    const app = await createApp(h, 'bad cap');
    const r = await call<{ error: { field: string } }>(h, 'PATCH', `/v1/apps/${app.id}`, {
      headers: { authorization: `Bearer ${h.adminToken}` },
      body: { frequencyCap: { max: 0, hours: 24 } },
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.field, 'frequencyCap.max');
  });

  test('local time: each device gets it when its own clock shows 09:00, one wave per moment', async () => {
    const app = await createApp(h, 'local time');
    const start = Date.UTC(2026, 10, 24, 0, 0, 0);
    await advanceTo(start);
    const shanghai = await online(app, { timezone: 'Asia/Shanghai' }); // 09:00 = 01:00Z
    const london = await online(app, { timezone: 'Europe/London' }); // 09:00 = 09:00Z (GMT in November)
    const newYork = await online(app, { timezone: 'America/New_York' }); // 09:00 = 14:00Z (EST)
    const unzoned = await online(app); // the app has no quiet-hours zone: UTC, 09:00Z
    const all = [shanghai, london, newYork, unzoned];
    const id = await call<{ taskId: string }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: 'all', message: { title: 'Good morning' }, options: { localTime: '09:00' } },
    });
    assert.equal(id.status, 202, JSON.stringify(id.body));
    const taskId = id.body.taskId;
    await settle();
    const got = () => all.map((d) => d.device.messages.length);
    assert.deepEqual(got(), [0, 0, 0, 0]);
    assert.equal((await task(app, taskId)).sendAt, start + 1 * HOUR, 'the first wave is Shanghai at 01:00Z');
    await advanceTo(start + 1 * HOUR - 1000);
    assert.deepEqual(got(), [0, 0, 0, 0]);
    await advanceTo(start + 1 * HOUR);
    assert.deepEqual(got(), [1, 0, 0, 0]);
    await advanceTo(start + 9 * HOUR);
    assert.deepEqual(got(), [1, 1, 0, 1]);
    assert.notEqual((await task(app, taskId)).status, 'sent');
    await advanceTo(start + 14 * HOUR);
    assert.deepEqual(got(), [1, 1, 1, 1]);
    const done = await task(app, taskId);
    assert.equal(done.status, 'sent');
    assert.equal(
      Object.values(done.counts).reduce((a, b) => a + b, 0),
      4,
    );
  });

  test('localTime is checked and cannot be combined with sendAt', async () => {
    const app = await createApp(h, 'local time checks');
    for (const [options, field] of [
      [{ localTime: '9am' }, 'options.localTime'],
      [{ localTime: '25:00' }, 'options.localTime'],
      [{ localTime: '09:00', sendAt: clock.t + HOUR }, 'options.localTime'],
    ] as const) {
      const r = await call<{ error: { field: string } }>(h, 'POST', '/v1/push', {
        auth: app.auth,
        body: { audience: 'all', message: { title: 'x' }, options },
      });
      assert.equal(r.status, 400, JSON.stringify(options));
      assert.equal(r.body.error.field, field);
    }
  });
});
