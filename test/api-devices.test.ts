import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from './support/backends.js';
import {
  call,
  createApp,
  type RunningHerald,
  registerDevice,
  startHerald,
  type TestApp,
} from './support/herald-harness.js';

interface DeviceOut {
  deviceId: string;
  clientId: string;
  userId: string | null;
  alias: string | null;
  tags: string[];
  status: number;
  vendorTokens: Record<string, string>;
}

forEachBackend('devices API', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'devices');
  });
  after(() => h.close());

  test('registration is idempotent on (clientId, appPackage): 201 then 200 with the same id and token, status 1 then 3', async () => {
    const body = {
      clientId: 'mac-01',
      appPackage: 'com.a.b',
      deviceType: '04',
      tags: ['kitchen'],
      vendorTokens: { fcm: 'tok-1' },
    };
    const first = await call<{ deviceId: string; deviceToken: string; device: DeviceOut }>(
      h,
      'POST',
      '/v1/devices',
      { auth: app.auth, body },
    );
    assert.equal(first.status, 201);
    assert.equal(first.body.device.status, 1);
    const again = await call<{ deviceId: string; deviceToken: string; device: DeviceOut }>(
      h,
      'POST',
      '/v1/devices',
      {
        auth: app.auth,
        body: { ...body, alias: 'fridge', vendorTokens: { fcm: 'tok-2', huawei: 'hw-1' } },
      },
    );
    assert.equal(again.status, 200);
    assert.equal(again.body.deviceId, first.body.deviceId);
    assert.equal(again.body.deviceToken, first.body.deviceToken);
    assert.equal(again.body.device.status, 3);
    assert.equal(again.body.device.alias, 'fridge');
    assert.deepEqual(again.body.device.tags, ['kitchen']);
    assert.deepEqual(again.body.device.vendorTokens, { fcm: 'tok-2', huawei: 'hw-1' });
    const other = await call<{ deviceId: string }>(h, 'POST', '/v1/devices', {
      auth: app.auth,
      body: { ...body, appPackage: 'com.a.c' },
    });
    assert.equal(other.status, 201);
    assert.notEqual(other.body.deviceId, first.body.deviceId);
  });

  test('bind and unbind a user; unregister sets status 2 and a new registration brings it back as 1', async () => {
    const { deviceId } = await registerDevice(h, app, { clientId: 'bind-me' });
    const bound = await call<DeviceOut>(h, 'PUT', `/v1/devices/${deviceId}/user`, {
      auth: app.auth,
      body: { userId: 'alice' },
    });
    assert.equal(bound.body.userId, 'alice');
    const byUser = await call<{ items: DeviceOut[] }>(h, 'GET', '/v1/devices?userId=alice', {
      auth: app.auth,
    });
    assert.deepEqual(
      byUser.body.items.map((d) => d.deviceId),
      [deviceId],
    );
    const unbound = await call<DeviceOut>(h, 'DELETE', `/v1/devices/${deviceId}/user`, { auth: app.auth });
    assert.equal(unbound.body.userId, null);
    const gone = await call<DeviceOut>(h, 'DELETE', `/v1/devices/${deviceId}`, { auth: app.auth });
    assert.equal(gone.body.status, 2);
    const listed = await call<{ items: DeviceOut[] }>(h, 'GET', '/v1/devices?status=2', { auth: app.auth });
    assert.ok(listed.body.items.some((d) => d.deviceId === deviceId));
    const back = await call<{ device: DeviceOut }>(h, 'POST', '/v1/devices', {
      auth: app.auth,
      body: { clientId: 'bind-me', appPackage: 'com.example.app', deviceType: '01' },
    });
    assert.equal(back.body.device.status, 1);
  });

  test('list filters by tag and alias, and pages with nextCursor through every device once', async () => {
    const a = await createApp(h, 'paging');
    const ids = new Set<string>();
    for (let i = 0; i < 25; i++)
      ids.add(
        (
          await registerDevice(h, a, {
            clientId: `p-${i}`,
            tags: i % 5 === 0 ? ['fifth'] : [],
            alias: `al-${i}`,
          })
        ).deviceId,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const r = await call<{ items: DeviceOut[]; nextCursor: string | null }>(
        h,
        'GET',
        `/v1/devices?limit=10${q}`,
        { auth: a.auth },
      );
      assert.ok(r.body.items.length <= 10);
      seen.push(...r.body.items.map((d) => d.deviceId));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(new Set(seen), ids);
    assert.equal(seen.length, 25);
    const fifth = await call<{ items: DeviceOut[] }>(h, 'GET', '/v1/devices?tag=fifth', { auth: a.auth });
    assert.equal(fifth.body.items.length, 5);
    const alias = await call<{ items: DeviceOut[] }>(h, 'GET', '/v1/devices?alias=al-7', { auth: a.auth });
    assert.deepEqual(
      alias.body.items.map((d) => d.clientId),
      ['p-7'],
    );
  });
});
