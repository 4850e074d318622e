import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from '../support/backends.js';
import { call, createApp, type RunningHerald, startHerald, type TestApp } from '../support/herald-harness.js';
import {
  appServer,
  assertRefused,
  assertSuccess,
  type UmsAuth,
  ums,
  umsRegister,
  userToken,
} from './ums-support.js';

const long = (n: number) => 'x'.repeat(n);
const reg = { clientId: 'bad-1', pushId: 'p-1', deviceType: '01', appPackage: 'com.a.b', collab3th: 1 };
const push = { isTry: 1, priority: 0, expires: 3600, isLong: 0, message: {} };

/** [what, body, field named in retInfo]: each breaks exactly one field of a valid body. */
const REGISTRATION_CASES: Array<[string, Record<string, unknown>, string]> = [
  ['clientId missing', { ...reg, clientId: undefined }, 'clientId'],
  ['clientId empty', { ...reg, clientId: '' }, 'clientId'],
  ['clientId 101 chars', { ...reg, clientId: long(101) }, 'clientId'],
  ['clientId a number', { ...reg, clientId: 7 }, 'clientId'],
  ['pushId missing', { ...reg, pushId: undefined }, 'pushId'],
  ['pushId 101 chars', { ...reg, pushId: long(101) }, 'pushId'],
  ['deviceName empty', { ...reg, deviceName: '' }, 'deviceName'],
  ['deviceName 101 chars', { ...reg, deviceName: long(101) }, 'deviceName'],
  ['deviceType missing', { ...reg, deviceType: undefined }, 'deviceType'],
  ['deviceType 09', { ...reg, deviceType: '09' }, 'deviceType'],
  ['deviceType the number 1', { ...reg, deviceType: 1 }, 'deviceType'],
  ['typeId 65 chars', { ...reg, typeId: long(65) }, 'typeId'],
  ['appPackage missing', { ...reg, appPackage: undefined }, 'appPackage'],
  ['appPackage 101 chars', { ...reg, appPackage: long(101) }, 'appPackage'],
  ['collab3th missing', { ...reg, collab3th: undefined }, 'collab3th'],
  ['collab3th 2', { ...reg, collab3th: 2 }, 'collab3th'],
  ['collab3th the string "0"', { ...reg, collab3th: '0' }, 'collab3th'],
];

const PUSH_CASES: Array<[string, string, Record<string, unknown>, string]> = [
  ['message missing', '/msg/pushByDevType', { ...push, message: undefined }, 'message'],
  ['message an array', '/msg/pushByDevType', { ...push, message: [] }, 'message'],
  ['message a string', '/msg/pushByDevType', { ...push, message: 'hi' }, 'message'],
  ['priority 2', '/msg/pushByDevType', { ...push, priority: 2 }, 'priority'],
  ['priority "0"', '/msg/pushByDevType', { ...push, priority: '0' }, 'priority'],
  ['isTry 2', '/msg/pushByDevType', { ...push, isTry: 2 }, 'isTry'],
  ['isLong "1"', '/msg/pushByDevType', { ...push, isLong: '1' }, 'isLong'],
  ['collab3th 5', '/msg/pushByDevType', { ...push, collab3th: 5 }, 'collab3th'],
  ['expires 0', '/msg/pushByDevType', { ...push, expires: 0 }, 'expires'],
  ['expires 1.5', '/msg/pushByDevType', { ...push, expires: 1.5 }, 'expires'],
  ['expires "3600"', '/msg/pushByDevType', { ...push, expires: '3600' }, 'expires'],
  ['expires over 28 days', '/msg/pushByDevType', { ...push, expires: 28 * 86400 + 1 }, 'expires'],
  ['deviceTypes ["09"]', '/msg/pushByDevType', { ...push, deviceTypes: ['09'] }, 'deviceTypes[0]'],
  ['deviceTypes empty', '/msg/pushByDevType', { ...push, deviceTypes: [] }, 'deviceTypes'],
  ['deviceTypes a number', '/msg/pushByDevType', { ...push, deviceTypes: 1 }, 'deviceTypes'],
  [
    'deviceType and deviceTypes',
    '/msg/pushByDevType',
    { ...push, deviceType: ['01'], deviceTypes: ['01'] },
    'deviceTypes',
  ],
  ['deviceIds missing', '/msg/pushByDev', { ...push }, 'deviceIds'],
  ['deviceIds empty', '/msg/pushByDev', { ...push, deviceIds: [] }, 'deviceIds'],
  ['deviceIds 201 items', '/msg/pushByDev', { ...push, deviceIds: Array(201).fill('bad-1') }, 'deviceIds'],
  ['deviceIds [""]', '/msg/pushByDev', { ...push, deviceIds: [''] }, 'deviceIds[0]'],
  ['deviceId and deviceIds', '/msg/pushByDev', { ...push, deviceId: ['a'], deviceIds: ['a'] }, 'deviceIds'],
  ['deviceId [101 chars]', '/msg/pushByDev', { ...push, deviceId: [long(101)] }, 'deviceId[0]'],
  [
    'appPackages [101 chars]',
    '/msg/pushByDev',
    { ...push, deviceIds: ['bad-1'], appPackages: [long(101)] },
    'appPackages[0]',
  ],
  ['appPackages a string', '/msg/pushByApp', { ...push, appPackages: 'com.a.b' }, 'appPackages'],
  [
    'appPackages 201 items',
    '/msg/pushMsgByApp',
    { ...push, appPackages: Array(201).fill('a') },
    'appPackages',
  ],
];

forEachBackend('UMS v3 (seed 000): bad input and auth', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  let deviceId: string;
  const nativeDevice = async () =>
    (await call<Record<string, unknown>>(h, 'GET', `/v1/devices/${deviceId}`, { auth: app.auth })).body;

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'ums bad input');
    deviceId = (await umsRegister(h, app, { ...reg, deviceName: 'Kitchen', typeId: 't-1' })).deviceId;
  });
  after(() => h.close());

  for (const path of ['/deviceReg', '/userReg']) {
    test(`${path}: each bad field is refused with 10001 naming it, and the stored device is untouched`, async () => {
      const auth: UmsAuth = { ...appServer(app), ...(await userToken(h, app, 'kim')) };
      const before = await nativeDevice();
      for (const [what, body, field] of REGISTRATION_CASES) {
        const r = await ums(h, path, body, auth);
        assertRefused(r, '10001', 400, field);
        assert.ok(r.body.retInfo.length > field.length + 2, what);
      }
      // The registration the bad bodies aimed at (clientId bad-1) is as it was.
      assert.deepEqual(await nativeDevice(), before);
      const all = await call<{ items: unknown[] }>(h, 'GET', '/v1/devices', { auth: app.auth });
      assert.equal(all.body.items.length, 1);
    });
  }

  test('unRegister: missing or overlong fields, and an unknown device', async () => {
    const auth = appServer(app);
    assertRefused(await ums(h, '/unRegister', { appPackage: 'com.a.b' }, auth), '10001', 400, 'clientId');
    assertRefused(await ums(h, '/unRegister', { clientId: 'bad-1' }, auth), '10001', 400, 'appPackage');
    assertRefused(
      await ums(h, '/unRegister', { clientId: 'bad-1', appPackage: long(101) }, auth),
      '10001',
      400,
      'appPackage',
    );
    assertRefused(
      await ums(h, '/unRegister', { clientId: 'nobody', appPackage: 'com.a.b' }, auth),
      '30001',
      404,
    );
    assert.equal((await nativeDevice()).status, 1);
  });

  test('deviceList: appPackages type and size, and a user is needed', async () => {
    const kim = await userToken(h, app, 'kim');
    assertRefused(await ums(h, '/deviceList', { appPackages: 'com.a.b' }, kim), '10001', 400, 'appPackages');
    assertRefused(
      await ums(h, '/deviceList', { appPackages: Array(201).fill('a') }, kim),
      '10001',
      400,
      'appPackages',
    );
    assertRefused(
      await ums(h, '/deviceList', { appPackages: [long(101)] }, kim),
      '10001',
      400,
      'appPackages[0]',
    );
    assertRefused(
      await ums(h, '/deviceList', { appPackage: 'a', appPackages: ['a'] }, kim),
      '10001',
      400,
      'appPackages',
    );
    assertRefused(await ums(h, '/deviceList', {}, appServer(app)), '10001', 400, 'userId');
    assertRefused(await ums(h, '/deviceList', { userId: long(101) }, appServer(app)), '10001', 400, 'userId');
  });

  test('pushes: each bad field is refused with 10001 naming it, and nothing is sent', async () => {
    const auth = appServer(app);
    for (const [what, path, body, field] of PUSH_CASES) {
      const r = await ums(h, path, body, auth);
      assertRefused(r, '10001', 400, field);
      assert.ok(r.body.retInfo.length > 0, what);
    }
    const tasks = await call<{ total: number }>(h, 'POST', '/v1/tasks/query', { auth: app.auth, body: {} });
    assert.equal(tasks.body.total, 0);
    // A message over the native 4 KiB limit is too large, not malformed.
    assertRefused(
      await ums(h, '/msg/pushByDevType', { ...push, message: { text: long(5000) } }, auth),
      '10003',
      413,
    );
    // Naming only unknown devices is "not registered".
    assertRefused(
      await ums(h, '/msg/pushByDev', { ...push, deviceIds: ['ghost'] }, auth),
      '30001',
      404,
      'deviceIds',
    );
  });

  test('bodies that are not JSON objects, other media types, unknown endpoints and methods', async () => {
    const auth = appServer(app);
    assertRefused(await ums(h, '/deviceReg', undefined, auth, { raw: '{"clientId":' }), '10002', 400);
    assertRefused(await ums(h, '/deviceReg', [reg], auth), '10002', 400, 'body');
    assertRefused(await ums(h, '/deviceReg', undefined, auth, { raw: '' }), '10002', 400);
    assertRefused(
      await ums(h, '/deviceReg', undefined, auth, { raw: 'clientId=1', contentType: 'text/plain' }),
      '10004',
      415,
    );
    assertRefused(await ums(h, '/msg/pushToMars', push, auth), '30003', 404);
    assertRefused(await ums(h, '/deviceList', undefined, auth, { method: 'GET' }), '30003', 404);
  });

  test('auth: missing, wrong or mismatched credentials and tokens', async () => {
    const other = await createApp(h, 'ums other app');
    const kim = await userToken(h, app, 'kim');
    const appLevel = await userToken(h, app);
    const cases: Array<[string, string, UmsAuth, string, number]> = [
      ['no credentials', '/deviceReg', {}, '20001', 401],
      ['wrong appKey', '/deviceReg', { appId: app.appKey, appKey: 'wrong' }, '20001', 401],
      ['unknown appId', '/deviceReg', { appId: 'nope', appKey: app.masterSecret }, '20001', 401],
      ['appId without appKey', '/deviceReg', { appId: app.appKey }, '20001', 401],
      ['another app’s secret', '/deviceReg', { appId: app.appKey, appKey: other.masterSecret }, '20001', 401],
      ['garbage token', '/deviceReg', { accessToken: 'not-a-jwt' }, '20002', 401],
      ['userReg with app credentials only', '/userReg', appServer(app), '20002', 401],
      ['userReg with an app-level token', '/userReg', appLevel, '20003', 403],
      [
        'token of this app with another app’s credentials',
        '/deviceReg',
        { ...appServer(other), ...kim },
        '20003',
        403,
      ],
    ];
    for (const [what, path, auth, code, status] of cases) {
      const r = await ums(h, path, { ...reg, clientId: 'auth-1' }, auth);
      assert.equal(r.body.retCode, code, what);
      assertRefused(r, code, status);
    }
    const all = await call<{ items: Array<{ clientId: string }> }>(h, 'GET', '/v1/devices', {
      auth: app.auth,
    });
    assert.ok(!all.body.items.some((d) => d.clientId === 'auth-1'));
    // An app-level token alone proves the app: it may register and is shown the channel token.
    assertSuccess(await ums(h, '/deviceReg', { ...reg, clientId: 'auth-1' }, appLevel), [
      'deviceId',
      'deviceToken',
    ]);
  });
});
