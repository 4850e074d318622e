import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from '../support/backends.js';
import { connectDevice, type TestDevice } from '../support/device.js';
import { call, createApp, type RunningHerald, startHerald } from '../support/herald-harness.js';
import {
  appServer,
  assertRefused,
  assertSuccess,
  deliveredTo,
  spyOnPush,
  type UmsAuth,
  ums,
  umsRegister,
  userToken,
} from './ums-support.js';

/**
 * Every request example of seed 000, copied verbatim from its "请求样例" blocks. unRegister's example
 * appears twice in the seed, identically. The examples are valid as they stand: none needed correcting.
 */
const SEED = {
  deviceReg: {
    clientId: '********',
    pushId: 'pushId',
    deviceType: '01',
    appPackage: 'com.a.b',
    collab3th: 0,
  },
  userReg: { clientId: '******', pushId: 'pushId', deviceType: '01', appPackage: 'com.a.b', collab3th: 0 },
  unRegister: { clientId: '****', appPackage: 'com.a.b' },
  deviceList: { appPackage: 'com.a.b' },
  pushByDev: {
    isTry: 1,
    priority: 0,
    expires: 3600,
    isLong: 0,
    message: {},
    deviceIds: ['dev001', 'dev002'],
    deviceTypes: ['01'],
    appPackages: ['com.a.b'],
  },
  pushByDevType: { isTry: 1, priority: 0, expires: 3600, isLong: 0, message: {}, deviceTypes: ['01'] },
  pushMsgByApp: { isTry: 1, priority: 0, expires: 3600, isLong: 0, message: {}, appPackages: ['com.a.b'] },
} as const;

/** A phone of com.a.b, registered as the seed's examples register one. */
const phone = (clientId: string, extra: Record<string, unknown> = {}) => ({
  clientId,
  pushId: `jpush-${clientId}`,
  deviceType: '01',
  appPackage: 'com.a.b',
  collab3th: 1,
  ...extra,
});

forEachBackend('UMS v3 (seed 000): the seed’s own examples', (backend) => {
  let h: RunningHerald;
  const devices: TestDevice[] = [];
  const online = async (token: string) => {
    const d = connectDevice(h, token);
    devices.push(d);
    await d.opened();
    return d;
  };

  before(async () => {
    h = await startHerald(backend);
  });
  after(async () => {
    for (const d of devices) d.close();
    await h.close();
  });

  test('deviceReg: the example registers the device; the answer adds its channel token for the app server', async () => {
    const app = await createApp(h, 'ums deviceReg');
    const r = await ums(h, '/deviceReg', SEED.deviceReg, appServer(app));
    assertSuccess(r, ['deviceId', 'deviceToken']);
    const native = await call<{ items: Array<Record<string, unknown>> }>(h, 'GET', '/v1/devices', {
      auth: app.auth,
    });
    assert.equal(native.body.items.length, 1);
    const d = native.body.items[0]!;
    assert.equal(d.deviceId, r.body.deviceId);
    assert.equal(d.clientId, '********');
    assert.equal(d.appPackage, 'com.a.b');
    assert.equal(d.deviceType, '01');
    assert.equal(d.pushId, 'pushId');
    assert.equal(d.status, 1);
    // collab3th 0 is JPush: the JPush id is the device's jpush token.
    assert.deepEqual(d.vendorTokens, { jpush: 'pushId' });
    assert.equal(d.userId, null);
    // Registering again is an update (seed: 1 -> 3), same device and token.
    const again = await ums(h, '/deviceReg', SEED.deviceReg, appServer(app));
    assert.equal(again.body.deviceId, r.body.deviceId);
    assert.equal(again.body.deviceToken, r.body.deviceToken);
    const after = await call<{ status: number }>(h, 'GET', `/v1/devices/${String(r.body.deviceId)}`, {
      auth: app.auth,
    });
    assert.equal(after.body.status, 3);
  });

  test('userReg: the example binds the device to the logged-in user; deviceList then lists it field by field', async () => {
    const app = await createApp(h, 'ums userReg');
    const alice = await userToken(h, app, 'alice');
    const before = Date.now();
    const r = await ums(h, '/userReg', SEED.userReg, alice);
    // A terminal holding only its user's token is not shown the channel token: exactly the seed's answer.
    assert.deepEqual(r.body, { retCode: '00000', retInfo: 'success' });
    assert.equal(r.status, 200);
    const list = await ums(h, '/deviceList', SEED.deviceList, alice);
    assertSuccess(list, ['deviceList']);
    const entries = list.body.deviceList as Array<Record<string, unknown>>;
    assert.equal(entries.length, 1);
    const e = entries[0]!;
    assert.deepEqual(Object.keys(e).sort(), [
      'appPackage',
      'clientId',
      'collab3th',
      'deviceName',
      'deviceType',
      'pushId',
      'regTime',
      'status',
      'typeId',
      'userId',
    ]);
    assert.equal(e.userId, 'alice');
    assert.equal(e.clientId, '******');
    assert.equal(e.deviceName, '');
    assert.equal(e.pushId, 'pushId');
    assert.equal(e.deviceType, '01');
    assert.equal(e.typeId, '');
    assert.equal(e.appPackage, 'com.a.b');
    assert.equal(e.status, 1);
    assert.equal(e.collab3th, 0);
    const regTime = Date.parse(String(e.regTime));
    assert.ok(regTime >= before - 1000 && regTime <= Date.now() + 1000, String(e.regTime));
    assert.equal(new Date(regTime).toISOString(), e.regTime);
  });

  test('deviceList: the example answers an empty list for a user with no devices', async () => {
    const app = await createApp(h, 'ums deviceList');
    const r = await ums(h, '/deviceList', SEED.deviceList, await userToken(h, app, 'nobody'));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { retCode: '00000', retInfo: 'success', deviceList: [] });
  });

  test('unRegister: the example unregisters; the device leaves deviceList, its connection closes, and pushes skip it', async () => {
    const app = await createApp(h, 'ums unRegister');
    const bob = await userToken(h, app, 'bob');
    const { deviceToken } = await umsRegister(h, app, phone('****'));
    assertSuccess(await ums(h, '/userReg', phone('****'), bob));
    assertSuccess(await ums(h, '/userReg', phone('other-of-bob'), bob));
    const d = await online(deviceToken);
    const before = await ums(h, '/deviceList', {}, bob);
    assert.equal((before.body.deviceList as unknown[]).length, 2);

    // The connection is ended, and reconnecting with the token is refused (fatal for the SDK).
    const refused = new Promise<void>((resolve) =>
      d.client.on('error', (e) => {
        if (e.code === 'unauthorized') resolve();
      }),
    );
    const r = await ums(h, '/unRegister', SEED.unRegister, bob);
    assert.deepEqual(r.body, { retCode: '00000', retInfo: 'success' });
    const list = await ums(h, '/deviceList', {}, bob);
    assert.deepEqual(
      (list.body.deviceList as Array<{ clientId: string }>).map((x) => x.clientId),
      ['other-of-bob'],
    );
    await refused;
    // A push to it names no registered device.
    assertRefused(
      await ums(h, '/msg/pushByDev', { message: {}, deviceIds: ['****'] }, appServer(app)),
      '30001',
      404,
      'deviceIds',
    );
    // Registering again brings it back (seed: 2 -> 1).
    assertSuccess(await ums(h, '/userReg', phone('****'), bob));
    const back = await ums(h, '/deviceList', { appPackages: ['com.a.b'] }, bob);
    const entry = (back.body.deviceList as Array<{ clientId: string; status: number }>).find(
      (x) => x.clientId === '****',
    );
    assert.equal(entry?.status, 1);
  });

  test('msg/pushByDev: the example reaches dev001 and dev002 over the own channel, and nothing else', async () => {
    const app = await createApp(h, 'ums pushByDev');
    const dev1 = await umsRegister(h, app, phone('dev001'));
    const dev2 = await umsRegister(h, app, phone('dev002'));
    // Named, but another package: the example's appPackages leaves it out. And a device not named at all.
    const dev1Other = await umsRegister(h, app, phone('dev001', { appPackage: 'com.other' }));
    const dev3 = await umsRegister(h, app, phone('dev003'));
    const [d1, d2] = [await online(dev1.deviceToken), await online(dev2.deviceToken)];
    const sent = Date.now();
    const r = await ums(h, '/msg/pushByDev', SEED.pushByDev, appServer(app));
    assertSuccess(r, ['msgId']);
    const msgId = String(r.body.msgId);
    for (const d of [d1, d2]) {
      const [m] = await d.waitForMessages(1);
      assert.equal(m?.id, msgId);
      assert.equal(m?.kind, 'message');
      assert.deepEqual(m?.data, {});
      assert.equal(m?.priority, 'normal');
      // expires 3600 s.
      assert.ok(Math.abs(Number(m?.expiresAt) - (sent + 3600_000)) < 5000);
    }
    const to = await deliveredTo(h, app, msgId);
    assert.deepEqual(to, [dev1.deviceId, dev2.deviceId].sort());
    assert.ok(!to.includes(dev1Other.deviceId) && !to.includes(dev3.deviceId));
  });

  test('msg/pushByDevType: the example with a user token reaches that user’s phones only', async () => {
    const app = await createApp(h, 'ums pushByDevType');
    const carol = await userToken(h, app, 'carol');
    const dave = await userToken(h, app, 'dave');
    const carolPhone = await umsRegister(h, app, phone('carol-phone'));
    assertSuccess(await ums(h, '/userReg', phone('carol-phone'), carol));
    await umsRegister(h, app, phone('carol-fridge', { deviceType: '04' }));
    assertSuccess(await ums(h, '/userReg', phone('carol-fridge', { deviceType: '04' }), carol));
    const davePhone = await umsRegister(h, app, phone('dave-phone'));
    assertSuccess(await ums(h, '/userReg', phone('dave-phone'), dave));
    const d = await online(carolPhone.deviceToken);
    const r = await ums(h, '/msg/pushByDevType', SEED.pushByDevType, carol);
    assertSuccess(r, ['msgId']);
    const [m] = await d.waitForMessages(1);
    assert.equal(m?.id, r.body.msgId);
    assert.deepEqual(await deliveredTo(h, app, String(r.body.msgId)), [carolPhone.deviceId]);
    // From the app server (no user), the same body reaches every phone of the app.
    const all = await ums(h, '/msg/pushByDevType', SEED.pushByDevType, appServer(app));
    assertSuccess(all, ['msgId']);
    assert.deepEqual(
      await deliveredTo(h, app, String(all.body.msgId)),
      [carolPhone.deviceId, davePhone.deviceId].sort(),
    );
  });

  for (const path of ['/msg/pushMsgByApp', '/msg/pushByApp']) {
    test(`${path}: the example (its path is pushMsgByApp, its heading pushByApp) reaches the package’s devices`, async () => {
      const app = await createApp(h, `ums ${path}`);
      const a = await umsRegister(h, app, phone('fridge-1', { deviceType: '04' }));
      const b = await umsRegister(h, app, phone('tv-1', { deviceType: '03' }));
      const other = await umsRegister(h, app, phone('tv-1', { appPackage: 'com.other', deviceType: '03' }));
      const [da, db] = [await online(a.deviceToken), await online(b.deviceToken)];
      const r = await ums(h, path, SEED.pushMsgByApp, appServer(app));
      assertSuccess(r, ['msgId']);
      for (const d of [da, db]) assert.equal((await d.waitForMessages(1))[0]?.id, r.body.msgId);
      const to = await deliveredTo(h, app, String(r.body.msgId));
      assert.deepEqual(to, [a.deviceId, b.deviceId].sort());
      assert.ok(!to.includes(other.deviceId));
    });
  }

  test('collab3th 1 on a push goes over the own channel: a connected device receives it', async () => {
    const app = await createApp(h, 'ums own channel');
    const seen = spyOnPush(h);
    const dev = await umsRegister(h, app, phone('own-1'));
    const d = await online(dev.deviceToken);
    const r = await ums(
      h,
      '/msg/pushByDev',
      { ...SEED.pushByDev, deviceIds: ['own-1'], collab3th: 1, message: { recipe: 'dumplings' } },
      appServer(app),
    );
    assertSuccess(r, ['msgId']);
    const [m] = await d.waitForMessages(1);
    assert.equal(m?.id, r.body.msgId);
    assert.deepEqual(m?.data, { recipe: 'dumplings' });
    assert.equal(seen.at(-1)?.options?.strategy, 'own_only');
  });

  test('collab3th 0 on a push is accepted and routed to JPush only', async () => {
    const app = await createApp(h, 'ums jpush');
    const seen = spyOnPush(h);
    await umsRegister(h, app, phone('jp-1', { collab3th: 0 }));
    const r = await ums(
      h,
      '/msg/pushByDev',
      { ...SEED.pushByDev, deviceIds: ['jp-1'], collab3th: 0 },
      appServer(app),
    );
    assertSuccess(r, ['msgId']);
    const req = seen.at(-1);
    assert.equal(req?.options?.strategy, 'vendor_only');
    assert.deepEqual(req?.options?.vendors, ['jpush']);
    // Left out, a push names no routing: the native default (own channel first, then the device's token).
    await ums(h, '/msg/pushByDev', { ...SEED.pushByDev, deviceIds: ['jp-1'] }, appServer(app));
    assert.equal(seen.at(-1)?.options?.strategy, undefined);
  });

  test('priority 1 is high and expires sets the message lifetime', async () => {
    const app = await createApp(h, 'ums priority');
    const dev = await umsRegister(h, app, phone('prio-1'));
    const d = await online(dev.deviceToken);
    const sent = Date.now();
    const r = await ums(
      h,
      '/msg/pushByDev',
      { ...SEED.pushByDev, deviceIds: ['prio-1'], priority: 1, expires: 60 },
      appServer(app),
    );
    assertSuccess(r, ['msgId']);
    const [m] = await d.waitForMessages(1);
    assert.equal(m?.priority, 'high');
    assert.ok(Math.abs(Number(m?.expiresAt) - (sent + 60_000)) < 5000);
  });

  test('the app server lists a user’s devices by userId; a user token cannot name another user', async () => {
    const app = await createApp(h, 'ums app-server list');
    const erin = await userToken(h, app, 'erin');
    assertSuccess(
      await ums(h, '/userReg', phone('erin-tv', { deviceType: '03', deviceName: 'Living room' }), erin),
    );
    const r = await ums(h, '/deviceList', { userId: 'erin' }, appServer(app));
    assertSuccess(r, ['deviceList']);
    const list = r.body.deviceList as Array<{ clientId: string; deviceName: string; collab3th: number }>;
    assert.deepEqual(
      list.map((x) => [x.clientId, x.deviceName, x.collab3th]),
      [['erin-tv', 'Living room', 1]],
    );
    assertRefused(await ums(h, '/deviceList', { userId: 'frank' }, erin), '20003', 403, 'userId');
    // appPackages filters.
    const none = await ums(h, '/deviceList', { userId: 'erin', appPackages: ['com.other'] }, appServer(app));
    assert.deepEqual(none.body.deviceList, []);
  });

  test('a user token only touches its own devices', async () => {
    const app = await createApp(h, 'ums isolation');
    const gina = await userToken(h, app, 'gina');
    const hank: UmsAuth = await userToken(h, app, 'hank');
    assertSuccess(await ums(h, '/userReg', phone('gina-phone'), gina));
    // Hank can neither take Gina's live registration nor unregister it, nor push to it.
    assertRefused(await ums(h, '/userReg', phone('gina-phone'), hank), '20003', 403);
    assertRefused(await ums(h, '/deviceReg', phone('gina-phone'), hank), '20003', 403);
    assertRefused(
      await ums(h, '/unRegister', { clientId: 'gina-phone', appPackage: 'com.a.b' }, hank),
      '30001',
      404,
    );
    assertRefused(
      await ums(h, '/msg/pushByDev', { message: {}, deviceIds: ['gina-phone'] }, hank),
      '30001',
      404,
      'deviceIds',
    );
    const list = await ums(h, '/deviceList', {}, gina);
    assert.equal((list.body.deviceList as Array<{ userId: string }>)[0]?.userId, 'gina');
    // Once Gina unregisters it, the terminal may be handed over to Hank.
    assertSuccess(await ums(h, '/unRegister', { clientId: 'gina-phone', appPackage: 'com.a.b' }, gina));
    assertSuccess(await ums(h, '/userReg', phone('gina-phone'), hank));
    const hanks = await ums(h, '/deviceList', {}, hank);
    assert.deepEqual(
      (hanks.body.deviceList as Array<{ clientId: string; status: number }>).map((x) => [
        x.clientId,
        x.status,
      ]),
      [['gina-phone', 1]],
    );
  });
});
