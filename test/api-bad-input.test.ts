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

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

forEachBackend('bad input is refused with a clear error and writes nothing', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  let deviceId: string;

  /** Counts of what the app owns, read through the API, to prove a refused request stored nothing. */
  const snapshot = async () => {
    const devices = await call<{ items: unknown[] }>(h, 'GET', '/v1/devices?limit=1000', { auth: app.auth });
    const dbCounts = await h.herald.store.devices.list(app.id, {}, { limit: 1000 });
    return { devices: devices.body.items.length, stored: dbCounts.length, tasks: await countTasks() };
  };
  const countTasks = () => h.herald.store.tasks.count(app.id);

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'bad input');
    deviceId = (await registerDevice(h, app, { clientId: 'existing' })).deviceId;
  });
  after(() => h.close());

  const devicesCases: Array<[string, unknown, string, string]> = [
    ['missing clientId', { appPackage: 'p', deviceType: '01' }, 'validation_failed', 'clientId'],
    ['wrong type', { clientId: 5, appPackage: 'p', deviceType: '01' }, 'validation_failed', 'clientId'],
    [
      'clientId too long',
      { clientId: 'x'.repeat(101), appPackage: 'p', deviceType: '01' },
      'validation_failed',
      'clientId',
    ],
    [
      'deviceType out of range',
      { clientId: 'c', appPackage: 'p', deviceType: '09' },
      'validation_failed',
      'deviceType',
    ],
    [
      'too many tags',
      {
        clientId: 'c',
        appPackage: 'p',
        deviceType: '01',
        tags: Array.from({ length: 101 }, (_, i) => `t${i}`),
      },
      'validation_failed',
      'tags',
    ],
    [
      'unknown field',
      { clientId: 'c', appPackage: 'p', deviceType: '01', colour: 'red' },
      'validation_failed',
      'colour',
    ],
    [
      'bad timezone',
      { clientId: 'c', appPackage: 'p', deviceType: '01', timezone: 'Mars/Olympus' },
      'validation_failed',
      'timezone',
    ],
    [
      'unknown vendor',
      { clientId: 'c', appPackage: 'p', deviceType: '01', vendorTokens: { nokia: 'x' } },
      'validation_failed',
      'vendorTokens.nokia',
    ],
  ];
  for (const [name, body, code, field] of devicesCases) {
    test(`POST /v1/devices: ${name}`, async () => {
      const before = await snapshot();
      const r = await call<ErrorBody>(h, 'POST', '/v1/devices', { auth: app.auth, body });
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, code);
      assert.equal(r.body.error.field, field);
      assert.match(r.body.error.message, new RegExp(field.split('.')[0]!));
      assert.deepEqual(await snapshot(), before);
    });
  }

  const pushCases: Array<[string, unknown, number, string, string]> = [
    ['no audience', { message: { title: 't' } }, 400, 'validation_failed', 'audience'],
    [
      'unknown audience kind',
      { audience: { planets: ['x'] }, message: { title: 't' } },
      400,
      'unknown_audience',
      'audience.planets',
    ],
    [
      'audience list too long',
      { audience: { deviceIds: Array.from({ length: 501 }, (_, i) => `d${i}`) }, message: { title: 't' } },
      400,
      'validation_failed',
      'audience.deviceIds',
    ],
    [
      'empty audience object',
      { audience: {}, message: { title: 't' } },
      400,
      'validation_failed',
      'audience',
    ],
    [
      'title wrong type',
      { audience: 'all', message: { title: 7 } },
      400,
      'validation_failed',
      'message.title',
    ],
    [
      'notification without text',
      { audience: 'all', message: { kind: 'notification' } },
      400,
      'validation_failed',
      'message.title',
    ],
    [
      'unknown kind',
      { audience: 'all', message: { kind: 'shout', title: 't' } },
      400,
      'validation_failed',
      'message.kind',
    ],
    [
      'payload over 4 KiB',
      { audience: 'all', message: { title: 't', data: { blob: 'x'.repeat(4100) } } },
      413,
      'payload_too_large',
      'message',
    ],
    [
      'ttl negative',
      { audience: 'all', message: { title: 't' }, options: { ttl: -1 } },
      400,
      'validation_failed',
      'options.ttl',
    ],
    [
      'expiresAt in the past',
      { audience: 'all', message: { title: 't' }, options: { expiresAt: 1000 } },
      400,
      'validation_failed',
      'options.expiresAt',
    ],
  ];
  for (const [name, body, status, code, field] of pushCases) {
    test(`POST /v1/push: ${name}`, async () => {
      const before = await snapshot();
      const r = await call<ErrorBody>(h, 'POST', '/v1/push', { auth: app.auth, body });
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.equal(r.body.error.code, code);
      assert.equal(r.body.error.field, field);
      assert.deepEqual(await snapshot(), before);
    });
  }

  test('malformed JSON, a wrong content type and an oversized body get their own codes', async () => {
    const before = await snapshot();
    const bad = await call<ErrorBody>(h, 'POST', '/v1/push', { auth: app.auth, raw: '{"audience": "all", ' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'malformed_json');
    const text = await call<ErrorBody>(h, 'POST', '/v1/push', {
      auth: app.auth,
      raw: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(text.status, 415);
    assert.equal(text.body.error.code, 'unsupported_media_type');
    const huge = await call<ErrorBody>(h, 'POST', '/v1/push', {
      auth: app.auth,
      raw: JSON.stringify({ x: 'y'.repeat(300 * 1024) }),
    });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, 'payload_too_large');
    assert.deepEqual(await snapshot(), before);
  });

  test('unknown ids and routes are 404 with a code; a bad page limit is 400', async () => {
    const t = await call<ErrorBody>(h, 'GET', '/v1/tasks/nope', { auth: app.auth });
    assert.equal(t.status, 404);
    assert.equal(t.body.error.code, 'not_found');
    const r = await call<ErrorBody>(h, 'GET', '/v1/nothing-here', { auth: app.auth });
    assert.equal(r.status, 404);
    const limit = await call<ErrorBody>(h, 'GET', '/v1/devices?limit=5000', { auth: app.auth });
    assert.equal(limit.status, 400);
    assert.equal(limit.body.error.field, 'limit');
  });

  test('a refused re-registration leaves the stored device as it was', async () => {
    const before = await h.herald.store.devices.get(app.id, deviceId);
    const r = await call<ErrorBody>(h, 'POST', '/v1/devices', {
      auth: app.auth,
      body: { clientId: 'existing', appPackage: 'com.example.app', deviceType: '01', alias: 'a'.repeat(101) },
    });
    assert.equal(r.status, 400);
    assert.deepEqual(await h.herald.store.devices.get(app.id, deviceId), before);
  });
});
