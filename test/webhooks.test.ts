import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { verifyWebhook } from '../src/domain/webhook-signature.js';
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

interface Received {
  body: string;
  signature: string;
  events: Array<{ type: string; data: Record<string, unknown> }>;
}

/** A receiver the test controls: it records calls and answers with whatever status `answer` says. */
async function receiver(
  answer: (n: number) => number,
): Promise<{ url: string; calls: Received[]; close(): Promise<void> }> {
  const calls: Received[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const status = answer(n++);
      if (status === 200) {
        calls.push({
          body,
          signature: String(req.headers['x-herald-signature']),
          events: (JSON.parse(body) as { events: Received['events'] }).events,
        });
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

forEachBackend('webhooks', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  const devices: TestDevice[] = [];
  before(async () => {
    h = await startHerald(backend, { webhookRetryBaseMs: 50, webhookMaxAgeMs: 1500 });
    app = await createApp(h, 'hooks');
  });
  after(async () => {
    for (const d of devices) d.close();
    await h.close();
  });

  test('events are signed, batched, and counted exactly: one received per device and one task.finished', async () => {
    const rx = await receiver(() => 200);
    const hook = await call<{ id: string; secret: string }>(h, 'POST', '/v1/webhooks', {
      auth: app.auth,
      body: { url: rx.url, events: ['delivery.received', 'delivery.clicked', 'task.finished'] },
    });
    assert.equal(hook.status, 201);
    const regs = await Promise.all([1, 2, 3].map(() => registerDevice(h, app, { tags: ['hooked'] })));
    for (const r of regs) devices.push(connectDevice(h, r.deviceToken));
    await Promise.all(devices.map((d) => d.opened()));
    const p = await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { tags: ['hooked'] }, message: { title: 'hooked' } },
    });
    await Promise.all(devices.map((d) => d.waitForMessages(1)));
    devices[0]!.client.clicked(p.body.messageId);
    const events = () =>
      rx.calls.flatMap((c) => c.events).filter((e) => e.data.messageId === p.body.messageId);
    await eventually(() => (events().length >= 5 ? true : undefined), 8000, 'five events');
    await new Promise((r) => setTimeout(r, 1200));
    const got = events();
    assert.equal(got.filter((e) => e.type === 'delivery.received').length, 3);
    assert.equal(got.filter((e) => e.type === 'delivery.clicked').length, 1);
    assert.equal(got.filter((e) => e.type === 'task.finished').length, 1);
    assert.deepEqual(
      new Set(got.filter((e) => e.type === 'delivery.received').map((e) => e.data.deviceId)),
      new Set(regs.map((r) => r.deviceId)),
    );
    assert.ok(rx.calls.length < got.length, 'events are batched into fewer calls');
    for (const c of rx.calls)
      assert.ok(verifyWebhook(hook.body.secret, c.body, c.signature, Math.floor(Date.now() / 1000)));
    assert.equal(
      verifyWebhook('wrong-secret', rx.calls[0]!.body, rx.calls[0]!.signature, Math.floor(Date.now() / 1000)),
      false,
    );
    const state = await call<{ items: Array<{ status: string; attempts: number }> }>(
      h,
      'GET',
      `/v1/webhooks/${hook.body.id}/deliveries`,
      {
        auth: app.auth,
      },
    );
    assert.ok(
      state.body.items.length > 0 &&
        state.body.items.every((d) => d.status === 'delivered' && d.attempts === 1),
    );
    assert.equal((await call(h, 'DELETE', `/v1/webhooks/${hook.body.id}`, { auth: app.auth })).status, 204);
    await rx.close();
  });

  test('a failing receiver is retried with backoff until it answers; one that never does is given up and says so', async () => {
    const flaky = await receiver((n) => (n < 2 ? 500 : 200));
    const dead = await receiver(() => 503);
    const a = await call<{ id: string }>(h, 'POST', '/v1/webhooks', {
      auth: app.auth,
      body: { url: flaky.url, events: ['task.finished'] },
    });
    const b = await call<{ id: string }>(h, 'POST', '/v1/webhooks', {
      auth: app.auth,
      body: { url: dead.url, events: ['task.finished'] },
    });
    await call(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { aliases: ['nobody'] }, message: { title: 'retry me' } },
    });
    const state = (id: string) =>
      call<{ items: Array<{ status: string; attempts: number; lastError: string | null }> }>(
        h,
        'GET',
        `/v1/webhooks/${id}/deliveries`,
        {
          auth: app.auth,
        },
      );
    const ok = await eventually(
      async () => {
        const s = (await state(a.body.id)).body.items[0];
        return s?.status === 'delivered' ? s : undefined;
      },
      8000,
      'flaky delivered',
    );
    assert.equal(ok.attempts, 3);
    assert.equal(flaky.calls.length, 1);
    const failed = await eventually(
      async () => {
        const s = (await state(b.body.id)).body.items[0];
        return s?.status === 'failed' ? s : undefined;
      },
      8000,
      'dead given up',
    );
    assert.ok(failed.attempts >= 2);
    assert.equal(failed.lastError, 'HTTP 503');
    await flaky.close();
    await dead.close();
  });

  test('bad webhook input is refused naming the field', async () => {
    const bad = await call<{ error: { field: string } }>(h, 'POST', '/v1/webhooks', {
      auth: app.auth,
      body: { url: 'ftp://x', events: ['task.finished'] },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'url');
    const ev = await call<{ error: { field: string } }>(h, 'POST', '/v1/webhooks', {
      auth: app.auth,
      body: { url: 'https://x.test', events: ['nope'] },
    });
    assert.equal(ev.status, 400);
    assert.match(ev.body.error.field, /^events/);
  });
});
