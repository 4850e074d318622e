import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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

let h: RunningHerald;
let app: TestApp;
const devices: TestDevice[] = [];
const offline: string[] = [];

before(async () => {
  h = await startHerald('sqlite');
  app = await createApp(h, 'counting');
  for (let i = 0; i < 10; i++) {
    const r = await registerDevice(h, app, { tags: ['counted'], userId: i % 2 ? 'counter-a' : 'counter-b' });
    if (i < 7) devices.push(connectDevice(h, r.deviceToken, { autoAck: false }));
    else offline.push(r.deviceId);
  }
  await Promise.all(devices.map((d) => d.opened()));
});
after(async () => {
  for (const d of devices) d.close();
  await h.close();
});

test('counting is exact: 10 targeted, 3 offline, receipts from a known subset at each stage', async () => {
  const r = await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', {
    auth: app.auth,
    body: { audience: { tags: ['counted'] }, message: { title: 'count me' } },
  });
  await Promise.all(devices.map((d) => d.waitForMessages(1)));
  // Stages: devices 0–5 received (6), of those 0–3 displayed (4), of those 0–1 clicked (2); device 6 never acks.
  for (const d of devices.slice(0, 6)) d.client.ack(r.body.messageId, 2);
  for (const d of devices.slice(0, 4)) d.client.displayed(r.body.messageId);
  for (const d of devices.slice(0, 2)) d.client.clicked(r.body.messageId);
  const expected = {
    queued: 3,
    sent: 1,
    received: 2,
    displayed: 2,
    clicked: 2,
    failed: 0,
    expired: 0,
    revoked: 0,
    replaced: 0,
    capped: 0,
  };
  const t = await eventually(
    async () => {
      const t = (
        await call<{
          status: string;
          targeted: number;
          counts: Record<string, number>;
          channels: Record<string, Record<string, number>>;
        }>(h, 'GET', `/v1/tasks/${r.body.taskId}`, { auth: app.auth })
      ).body;
      return JSON.stringify(t.counts) === JSON.stringify(expected) ? t : undefined;
    },
    5000,
    'exact counts',
  );
  assert.equal(t.targeted, 10);
  assert.equal(t.status, 'sent');
  // The same stages per channel: all of it went over the own channel.
  assert.deepEqual(t.channels.own, {
    target: 10,
    sent: 7,
    received: 6,
    displayed: 4,
    clicked: 2,
    failed: 0,
    revoked: 0,
    expired: 0,
    pending: 0,
  });
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : '';
    const page = await call<{ items: string[]; nextCursor: string | null }>(
      h,
      'GET',
      `/v1/tasks/${r.body.taskId}/audience?kind=devices&limit=4${q}`,
      {
        auth: app.auth,
      },
    );
    seen.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.equal(new Set(seen).size, 10);
  assert.ok(offline.every((id) => seen.includes(id)));
  const users = await call<{ items: string[] }>(h, 'GET', `/v1/tasks/${r.body.taskId}/audience?kind=users`, {
    auth: app.auth,
  });
  assert.deepEqual(users.body.items, ['counter-a', 'counter-b']);
});

test('a throttled broadcast goes out no faster than its rate', async () => {
  const started = Date.now();
  const r = await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', {
    auth: app.auth,
    body: { audience: { tags: ['counted'] }, message: { title: 'slowly' }, options: { throttle: 4 } },
  });
  const done = await eventually(
    async () => {
      const t = (
        await call<{ status: string; startedAt: number; finishedAt: number }>(
          h,
          'GET',
          `/v1/tasks/${r.body.taskId}`,
          { auth: app.auth },
        )
      ).body;
      return t.status === 'sent' ? t : undefined;
    },
    10_000,
    'task sent',
  );
  // 10 devices at 4 per second: pages of 4, 4 and 2, a second apart — the last cannot start before 2 s.
  assert.ok(done.finishedAt - done.startedAt >= 1900, `dispatch took ${done.finishedAt - done.startedAt} ms`);
  assert.ok(Date.now() - started >= 1900);
  await eventually(() =>
    devices.every((d) => d.messages.some((m) => m.id === r.body.messageId)) ? true : undefined,
  );
  const bad = await call<{ error: { field: string } }>(h, 'POST', '/v1/push', {
    auth: app.auth,
    body: { audience: 'all', message: { title: 'x' }, options: { throttle: 0 } },
  });
  assert.equal(bad.status, 400);
});
