import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { RedisBus } from '../src/bus/redis-bus.js';
import { connectDevice, type TestDevice } from './support/device.js';
import {
  call,
  createApp,
  eventually,
  type RunningHerald,
  registerDevice,
  startHerald,
} from './support/herald-harness.js';
import { postgresAvailable, REDIS_URL } from './support/services.js';

/**
 * Two Herald nodes on one PostgreSQL database and one Redis: an app server talks to one node, the
 * devices are connected to the other, as behind a load balancer.
 */
const ready = await postgresAvailable();

describe('two nodes sharing PostgreSQL and Redis', {
  skip: ready ? false : 'PostgreSQL not reachable',
}, () => {
  let a: RunningHerald;
  let b: RunningHerald;
  const devices: TestDevice[] = [];
  const prefix = `herald-cluster:${randomBytes(4).toString('hex')}:`;

  before(async () => {
    a = await startHerald('postgres', { nodeId: 'node-a' }, { bus: new RedisBus(REDIS_URL, prefix) });
    b = await startHerald(
      'postgres',
      { nodeId: 'node-b' },
      { bus: new RedisBus(REDIS_URL, prefix), sharedSchema: a.schema! },
    );
  });
  after(async () => {
    for (const d of devices) d.close();
    await b.close();
    await a.close();
  });

  test('a push accepted by node A reaches devices connected to node B, and their receipts are counted', async () => {
    const app = await createApp(a);
    const regs = await Promise.all([
      registerDevice(a, app, { tags: ['x'] }),
      registerDevice(a, app, { tags: ['x'] }),
    ]);
    for (const r of regs) devices.push(connectDevice(b, r.deviceToken));
    await Promise.all(devices.map((d) => d.opened()));
    const unicast = await call<{ taskId: string; messageId: string }>(a, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { deviceIds: [regs[0]!.deviceId] }, message: { title: 'to one on B' } },
    });
    const tagged = await call<{ taskId: string; messageId: string }>(a, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { tags: ['x'] }, message: { title: 'to both on B' } },
    });
    await devices[0]!.waitForMessages(2);
    await devices[1]!.waitForMessages(1);
    assert.deepEqual(
      devices[0]!.messages.map((m) => m.id).sort(),
      [unicast.body.messageId, tagged.body.messageId].sort(),
    );
    assert.deepEqual(
      devices[1]!.messages.map((m) => m.id),
      [tagged.body.messageId],
    );
    const t = await eventually(async () => {
      const r = await call<{ status: string; counts: { received: number } }>(
        b,
        'GET',
        `/v1/tasks/${tagged.body.taskId}`,
        {
          auth: app.auth,
        },
      );
      return r.body.status === 'sent' && r.body.counts.received === 2 ? r.body : undefined;
    });
    assert.equal(t.counts.received, 2);
  });

  test('unregistering on node A disconnects the device from node B', async () => {
    const app = await createApp(a);
    const reg = await registerDevice(a, app);
    const d = connectDevice(b, reg.deviceToken);
    devices.push(d);
    await d.opened();
    let closedWith = 0;
    d.client.on('close', (c) => {
      closedWith = c.code;
    });
    assert.equal((await call(a, 'DELETE', `/v1/devices/${reg.deviceId}`, { auth: app.auth })).status, 200);
    await eventually(() => (closedWith === 4001 ? true : undefined));
  });
});
