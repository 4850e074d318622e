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

interface ErrorBody {
  error: { code: string; field?: string };
}

forEachBackend('audience count, push validation and the extended audience language', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  const devices: TestDevice[] = [];
  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'audience');
    const regs = [
      await registerDevice(h, app, {
        deviceType: '04',
        tags: ['kitchen', 'vip'],
        userId: 'u1',
        province: 'Shandong',
        city: 'Qingdao',
      }),
      await registerDevice(h, app, {
        deviceType: '04',
        tags: ['kitchen'],
        userId: 'u2',
        province: 'Shandong',
        city: 'Jinan',
      }),
      await registerDevice(h, app, { deviceType: '01', tags: ['vip'], userId: 'u2', isTest: true }),
    ];
    for (const r of regs) devices.push(connectDevice(h, r.deviceToken));
    await Promise.all(devices.map((d) => d.opened()));
  });
  after(async () => {
    for (const d of devices) d.close();
    await h.close();
  });

  test('POST /v1/audience/count answers devices and distinct users without sending', async () => {
    const count = (audience: unknown, production?: boolean) =>
      call<{ devices: number; users: number }>(h, 'POST', '/v1/audience/count', {
        auth: app.auth,
        body: { audience, ...(production !== undefined ? { production } : {}) },
      });
    assert.deepEqual((await count('all')).body, { devices: 3, users: 2 });
    assert.deepEqual((await count({ deviceTypes: ['04'], tags: { not: 'vip' } })).body, {
      devices: 1,
      users: 1,
    });
    assert.deepEqual(
      (await count({ area: { provinces: ['Shandong'] }, tags: { and: ['kitchen', 'vip'] } })).body,
      { devices: 1, users: 1 },
    );
    assert.deepEqual((await count('all', false)).body, { devices: 1, users: 1 });
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(devices.every((d) => d.messages.length === 0));
  });

  test('POST /v1/push/validate checks the message and counts the audience, sending nothing', async () => {
    const ok = await call<{ valid: boolean; audience: { devices: number } }>(h, 'POST', '/v1/push/validate', {
      auth: app.auth,
      body: { audience: { tags: ['kitchen'] }, message: { title: 'dry run' } },
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { valid: true, audience: { devices: 2, users: 2 } });
    const bad = await call<ErrorBody>(h, 'POST', '/v1/push/validate', {
      auth: app.auth,
      body: { audience: 'all', message: { title: 'x', data: { blob: 'y'.repeat(5000) } } },
    });
    assert.equal(bad.status, 413);
    assert.equal(await h.herald.store.tasks.count(app.id), 0);
  });

  test('a push with a nested tag expression reaches exactly the matching devices', async () => {
    const r = await call<{ taskId: string; messageId: string }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { tags: { and: ['kitchen', { not: 'vip' }] } }, message: { title: 'kitchen only' } },
    });
    await devices[1]!.waitForMessages(1);
    await eventually(async () => {
      const t = await call<{ status: string; targeted: number }>(h, 'GET', `/v1/tasks/${r.body.taskId}`, {
        auth: app.auth,
      });
      return t.body.status === 'sent' ? t : undefined;
    });
    await new Promise((res) => setTimeout(res, 100));
    assert.deepEqual(
      devices.map((d) => d.messages.length),
      [0, 1, 0],
    );
  });

  test('bad audiences are refused naming the field', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ tags: { xor: ['a'] } }, 'validation_failed', 'audience.tags.xor'],
      [{ tags: { and: [] } }, 'validation_failed', 'audience.tags.and'],
      [{ tags: { and: ['a'], or: ['b'] } }, 'validation_failed', 'audience.tags'],
      [
        { tags: { not: { not: { not: { not: { not: { not: 'a' } } } } } } },
        'validation_failed',
        'audience.tags.not.not.not.not.not.not',
      ],
      [{ deviceTypes: ['09'] }, 'validation_failed', 'audience.deviceTypes[0]'],
      [{ area: { country: ['CN'] } }, 'validation_failed', 'audience.area.country'],
      [
        { activity: { activeBetween: { from: 10, to: 5 } } },
        'validation_failed',
        'audience.activity.activeBetween',
      ],
      [{ galaxies: ['m31'] }, 'unknown_audience', 'audience.galaxies'],
    ];
    for (const [audience, code, field] of cases) {
      const r = await call<ErrorBody>(h, 'POST', '/v1/audience/count', {
        auth: app.auth,
        body: { audience },
      });
      assert.equal(r.status, 400, JSON.stringify(audience));
      assert.equal(r.body.error.code, code, JSON.stringify(audience));
      assert.equal(r.body.error.field, field, JSON.stringify(audience));
    }
  });
});
