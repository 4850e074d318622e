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

const HOUR = 3600_000;
const METRICS = ['target', 'sent', 'received', 'displayed', 'clicked', 'failed', 'revoked', 'expired'];

/** A clock the test moves by hand: it decides which hour each fact falls in. */
class FakeClock {
  // Ten minutes into an hour, so a step of an hour lands in the next bucket.
  t = Math.floor(Date.now() / HOUR) * HOUR + 10 * 60_000;
  now(): number {
    return this.t;
  }
}

type Item = Record<string, number | string>;
const row = (hour: number, channel: string, counts: Record<string, number>): Item => ({
  hour,
  channel,
  ...Object.fromEntries(METRICS.map((m) => [m, 0])),
  ...counts,
});

forEachBackend('hourly delivery statistics', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  const clock = new FakeClock();
  const h1 = Math.floor(clock.t / HOUR) * HOUR;
  const h2 = h1 + HOUR;
  const online: TestDevice[] = [];
  const onlineIds: string[] = [];
  const offlineIds: string[] = [];
  const stats = (query: string) =>
    call<{ items: Item[]; error?: { code: string; message: string; field?: string } }>(
      h,
      'GET',
      `/v1/stats/hourly?${query}`,
      { auth: app.auth },
    );
  /** Waits until the series reads exactly `expected` (counts reach the store within about a second). */
  const expectSeries = (expected: Item[]) =>
    eventually(
      async () => {
        const r = await stats(`from=${h1}&to=${h2 + HOUR}`);
        return JSON.stringify(r.body.items) === JSON.stringify(expected) ? r.body.items : undefined;
      },
      8000,
      `series ${JSON.stringify(expected)}`,
    ).catch(async (err: unknown) => {
      assert.deepEqual((await stats(`from=${h1}&to=${h2 + HOUR}`)).body.items, expected, String(err));
    });

  before(async () => {
    h = await startHerald(backend, {}, { clock });
    app = await createApp(h, 'statistics');
    for (let i = 0; i < 10; i++) {
      const r = await registerDevice(h, app, { tags: ['stats'] });
      if (i < 7) {
        online.push(connectDevice(h, r.deviceToken, { autoAck: false }));
        onlineIds.push(r.deviceId);
      } else offlineIds.push(r.deviceId);
    }
    await Promise.all(online.map((d) => d.opened()));
  });
  after(async () => {
    for (const d of online) d.close();
    await h.close();
  });

  test('every number of every bucket is exact: stages, repeats, a second hour, a revoke', async () => {
    // Hour 1: a broadcast to 10 devices, 7 connected; 6 receive, 4 of them display, 2 of those click.
    const first = await call<{ messageId: string }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { tags: ['stats'] }, message: { title: 'hour one' } },
    });
    assert.equal(first.status, 202);
    const m1 = first.body.messageId;
    await Promise.all(online.map((d) => d.waitForMessages(1)));
    for (const d of online.slice(0, 6)) d.client.ack(m1, 2);
    for (const d of online.slice(0, 4)) d.client.displayed(m1);
    for (const d of online.slice(0, 2)) d.client.clicked(m1);
    const hourOne = [
      row(h1, 'all', { target: 10 }),
      row(h1, 'own', { sent: 7, received: 6, displayed: 4, clicked: 2 }),
    ];
    await expectSeries(hourOne);

    // Repeats after a redelivery move no row, so they count nowhere.
    for (const d of online.slice(0, 6)) d.client.ack(m1, 2);
    online[0]!.client.displayed(m1);
    online[0]!.client.clicked(m1);
    // Give the repeated acks time to cross the socket, then write whatever they did.
    await new Promise((r) => setTimeout(r, 300));
    await h.herald.receipts.flush();
    await h.herald.services.stats.flush();
    assert.deepEqual((await stats(`from=${h1}&to=${h2 + HOUR}`)).body.items, hourOne);

    // Hour 2: a unicast (resolved inline, in the accept commit) to two connected devices and one offline.
    clock.t += HOUR;
    const second = await call<{ messageId: string }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: {
        audience: { deviceIds: [onlineIds[0], onlineIds[1], offlineIds[0]] },
        message: { title: 'hour two' },
      },
    });
    assert.equal(second.status, 202);
    await online[0]!.waitForMessages(2);
    await online[1]!.waitForMessages(2);
    online[0]!.client.ack(second.body.messageId, 2);
    await expectSeries([...hourOne, row(h2, 'all', { target: 3 }), row(h2, 'own', { sent: 2, received: 1 })]);

    // Revoking the first message changes all 10 of its rows: 7 held ones and the 3 never delivered.
    const revoke = await call(h, 'POST', `/v1/messages/${m1}/revoke`, { auth: app.auth });
    assert.equal(revoke.status, 200);
    assert.equal((await call(h, 'POST', `/v1/messages/${m1}/revoke`, { auth: app.auth })).status, 200);
    const final = [
      ...hourOne,
      row(h2, 'all', { target: 3, revoked: 10 }),
      row(h2, 'own', { sent: 2, received: 1 }),
    ];
    await expectSeries(final);

    // The channel filter and the range bounds.
    assert.deepEqual((await stats(`from=${h1}&to=${h2 + HOUR}&channel=own`)).body.items, [
      final[1],
      final[3],
    ]);
    assert.deepEqual((await stats(`from=${h2}&to=${h2 + 1}`)).body.items, [final[2], final[3]]);
    assert.deepEqual((await stats(`from=${h1}&to=${h2}&channel=huawei`)).body.items, []);

    // Prometheus sees the same counts in total.
    const text = await (await fetch(`${h.url}/metrics`)).text();
    const metric = (labels: string) =>
      Number(text.match(new RegExp(`^herald_delivery_stats_total\\{${labels}\\} (\\d+)$`, 'm'))?.[1] ?? 0);
    assert.equal(metric('metric="target",channel="all"'), 13);
    assert.equal(metric('metric="sent",channel="own"'), 9);
    assert.equal(metric('metric="received",channel="own"'), 7);
    assert.equal(metric('metric="displayed",channel="own"'), 4);
    assert.equal(metric('metric="clicked",channel="own"'), 2);
    assert.equal(metric('metric="revoked",channel="all"'), 10);
  });

  test('a range over 31 days, or backwards, is refused naming the field', async () => {
    const tooLong = await stats(`from=${h1}&to=${h1 + 31 * 24 * HOUR + 1}`);
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.error?.field, 'to');
    assert.match(tooLong.body.error?.message ?? '', /31 days/);
    assert.equal((await stats(`from=${h1}&to=${h1 + 31 * 24 * HOUR}`)).status, 200);
    const backwards = await stats(`from=${h2}&to=${h1}`);
    assert.equal(backwards.status, 400);
    assert.equal(backwards.body.error?.field, 'to');
    const missing = await stats(`to=${h1}`);
    assert.equal(missing.status, 400);
    assert.match(JSON.stringify(missing.body), /from/);
    const unauthenticated = await call(h, 'GET', `/v1/stats/hourly?from=${h1}&to=${h2}`);
    assert.equal(unauthenticated.status, 401);
  });
});
