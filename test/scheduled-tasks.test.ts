import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from './support/backends.js';
import { connectDevice, countingSocket, type TestDevice } from './support/device.js';
import { FakeClock } from './support/fake-clock.js';
import {
  call,
  createApp,
  eventually,
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

forEachBackend('scheduled tasks on an injected clock', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  let device: TestDevice;
  let deviceId: string;
  const clock = new FakeClock();
  const push = (body: unknown) =>
    call<{ taskId: string; messageId: string; error?: { field: string } }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body,
    });
  const task = (id: string) => call<TaskBody>(h, 'GET', `/v1/tasks/${id}`, { auth: app.auth });
  /** Moves time on and lets the dispatcher look for due tasks at once. */
  const advance = async (ms: number) => {
    clock.t += ms;
    h.herald.dispatcher.kick();
    await new Promise((r) => setTimeout(r, 50));
    await h.herald.dispatcher.idle();
  };

  before(async () => {
    h = await startHerald(backend, {}, { clock });
    app = await createApp(h, 'scheduling');
    const reg = await registerDevice(h, app);
    deviceId = reg.deviceId;
    device = connectDevice(h, reg.deviceToken);
    await device.opened();
  });
  after(async () => {
    device.close();
    await h.close();
  });

  test('a scheduled push waits until its time, then goes out', async () => {
    const r = await push({
      audience: { deviceIds: [deviceId] },
      message: { title: 'at nine' },
      options: { sendAt: clock.t + HOUR },
    });
    assert.equal(r.status, 202);
    assert.equal((await task(r.body.taskId)).body.status, 'scheduled');
    await advance(HOUR - 1000);
    assert.equal((await task(r.body.taskId)).body.status, 'scheduled');
    assert.equal(device.messages.filter((m) => m.id === r.body.messageId).length, 0);
    await advance(2000);
    await eventually(() => (device.messages.some((m) => m.id === r.body.messageId) ? true : undefined));
    await eventually(async () => ((await task(r.body.taskId)).body.status === 'sent' ? true : undefined));
  });

  test('cancel, reschedule and edit while scheduled; not after', async () => {
    const cancelled = await push({
      audience: 'all',
      message: { title: 'never' },
      options: { sendAt: clock.t + HOUR },
    });
    assert.equal(
      (await call<TaskBody>(h, 'POST', `/v1/tasks/${cancelled.body.taskId}/cancel`, { auth: app.auth })).body
        .status,
      'cancelled',
    );
    const moved = await push({
      audience: 'all',
      message: { title: 'draft' },
      options: { sendAt: clock.t + HOUR },
    });
    const patched = await call<TaskBody>(h, 'PATCH', `/v1/tasks/${moved.body.taskId}`, {
      auth: app.auth,
      body: { sendAt: clock.t + 3 * HOUR, message: { title: 'final' } },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.sendAt, clock.t + 3 * HOUR);
    await advance(2 * HOUR);
    assert.equal(
      device.messages.some((m) => m.id === moved.body.messageId),
      false,
    );
    await advance(HOUR + 1000);
    const got = await eventually(() => device.messages.find((m) => m.id === moved.body.messageId));
    assert.equal(got.title, 'final');
    assert.equal(
      device.messages.some((m) => m.id === cancelled.body.messageId),
      false,
    );
    await eventually(async () => ((await task(moved.body.taskId)).body.status === 'sent' ? true : undefined));
    const late = await call<{ error: { code: string } }>(h, 'POST', `/v1/tasks/${moved.body.taskId}/cancel`, {
      auth: app.auth,
    });
    assert.equal(late.status, 409);
    const edit = await call<{ error: { code: string } }>(h, 'PATCH', `/v1/tasks/${moved.body.taskId}`, {
      auth: app.auth,
      body: { sendAt: clock.t + HOUR },
    });
    assert.equal(edit.status, 409);
  });

  test('a scheduled push whose expiry passes before it is due is never delivered, and the task says expired', async () => {
    const r = await push({
      audience: 'all',
      message: { title: 'too late' },
      options: { sendAt: clock.t + HOUR, expiresAt: clock.t + HOUR + 60_000 },
    });
    // The server was "down" past the expiry: the task becomes due only after its message expired.
    await advance(2 * HOUR);
    await eventually(async () => ((await task(r.body.taskId)).body.status === 'expired' ? true : undefined));
    assert.equal(
      device.messages.some((m) => m.id === r.body.messageId),
      false,
    );
  });

  test('quiet hours hold normal pushes until the window ends; high priority goes at once', async () => {
    const quiet = await createApp(h, 'quiet');
    // A window from one hour before to two hours after the fake now, in UTC.
    const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
    const start = hhmm(clock.t - HOUR);
    const end = hhmm(clock.t + 2 * HOUR);
    const set = await call<{ quietHours: unknown }>(h, 'PATCH', `/v1/apps/${quiet.id}`, {
      headers: { authorization: `Bearer ${h.adminToken}` },
      body: { quietHours: { start, end, timezone: 'UTC' } },
    });
    assert.deepEqual(set.body.quietHours, { start, end, timezone: 'UTC' });
    const reg = await registerDevice(h, quiet);
    const d = connectDevice(h, reg.deviceToken);
    await d.opened();
    const held = await call<{ taskId: string; messageId: string; sendAt: number }>(h, 'POST', '/v1/push', {
      auth: quiet.auth,
      body: { audience: { deviceIds: [reg.deviceId] }, message: { title: 'after the quiet' } },
    });
    const windowEnd = Math.floor((clock.t + 2 * HOUR) / 60_000) * 60_000;
    assert.equal(held.body.sendAt, windowEnd);
    const urgent = await call<{ messageId: string }>(h, 'POST', '/v1/push', {
      auth: quiet.auth,
      body: {
        audience: { deviceIds: [reg.deviceId] },
        message: { title: 'urgent' },
        options: { priority: 'high' },
      },
    });
    await eventually(() => d.messages.find((m) => m.id === urgent.body.messageId));
    assert.equal(
      d.messages.some((m) => m.id === held.body.messageId),
      false,
    );
    await advance(2 * HOUR + 60_000);
    await eventually(() => d.messages.find((m) => m.id === held.body.messageId));
    d.close();
  });

  test('delete removes a finished task; bad schedules are refused naming the field', async () => {
    const r = await push({ audience: { deviceIds: [deviceId] }, message: { title: 'to delete' } });
    await eventually(async () => ((await task(r.body.taskId)).body.status === 'sent' ? true : undefined));
    assert.equal((await call(h, 'DELETE', `/v1/tasks/${r.body.taskId}`, { auth: app.auth })).status, 204);
    assert.equal((await task(r.body.taskId)).status, 404);
    const past = await call<{ error: { field: string } }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: 'all', message: { title: 'x' }, options: { sendAt: clock.t - 1 } },
    });
    assert.equal(past.status, 400);
    assert.equal(past.body.error.field, 'options.sendAt');
    const inverted = await call<{ error: { field: string } }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: {
        audience: 'all',
        message: { title: 'x' },
        options: { sendAt: clock.t + 2 * HOUR, expiresAt: clock.t + HOUR },
      },
    });
    assert.equal(inverted.status, 400);
    assert.equal(inverted.body.error.field, 'options.expiresAt');
  });

  test('a node whose own lease runs out mid-dispatch does not start the task a second time beside the run still going', async () => {
    const own = await createApp(h, 'slow page');
    const frames = new Map<string, number>();
    const regs = await Promise.all([1, 2, 3].map(() => registerDevice(h, own)));
    const devices = regs.map((r) => connectDevice(h, r.deviceToken, { webSocket: countingSocket(frames) }));
    await Promise.all(devices.map((d) => d.opened()));
    const r = await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', {
      auth: own.auth,
      body: { audience: 'all', message: { title: 'one a second' }, options: { throttle: 1 } },
    });
    // Page one is out; the run now waits out the rest of its second (wall time, not the injected clock).
    await eventually(() => (frames.get(r.body.messageId) === 1 ? true : undefined));
    // As if that page had taken longer than the lease (15 s): this node's next poll finds the lease run out.
    clock.t += 20_000;
    h.herald.dispatcher.kick();
    await eventually(
      async () =>
        (await call<TaskBody>(h, 'GET', `/v1/tasks/${r.body.taskId}`, { auth: own.auth })).body.status ===
        'sent'
          ? true
          : undefined,
      10_000,
    );
    await h.herald.dispatcher.idle();
    await Promise.all(devices.map((d) => d.waitForMessages(1)));
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(frames.get(r.body.messageId), 3, 'one frame per device: the task ran once');
    for (const d of devices) d.close();
  });
});
