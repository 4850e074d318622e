import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from '../support/backends.js';
import { connectDevice, type TestDevice } from '../support/device.js';
import {
  call,
  createApp,
  eventually,
  type RunningHerald,
  startHerald,
  type TestApp,
} from '../support/herald-harness.js';
import {
  appServer,
  assertRefused,
  assertSuccess,
  type UmsAuth,
  ums,
  umsRegister,
  userToken,
} from './ums-support.js';

interface MessageInfo {
  mesgId: string;
  userId: string;
  revTime: string;
  pushTime: string;
  status: number;
}

/**
 * Seed 000's MessageInfo.status, 0..6, reached for real: a push to an offline terminal (0), one a
 * terminal got but did not ack (1), its receipts (2 received, 3 displayed, 4 clicked), and the native
 * revoke (5, burn after reading) and replace with an empty message (6), all read through msg/status.
 */
forEachBackend('UMS v3 (seed 000): message status 0..6 through msg/status', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  let ivy: UmsAuth;
  const devices: TestDevice[] = [];

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'ums status');
    ivy = await userToken(h, app, 'ivy');
  });
  after(async () => {
    for (const d of devices) d.close();
    await h.close();
  });

  const reg = async (clientId: string) => {
    const body = { clientId, pushId: `p-${clientId}`, deviceType: '04', appPackage: 'com.a.b', collab3th: 1 };
    const dev = await umsRegister(h, app, body);
    assertSuccess(await ums(h, '/userReg', body, ivy));
    return dev;
  };
  const pushTo = async (clientId: string) => {
    const r = await ums(
      h,
      '/msg/pushByDev',
      {
        isTry: 1,
        priority: 0,
        expires: 3600,
        isLong: 0,
        message: { n: 1 },
        deviceIds: [clientId],
        collab3th: 1,
      },
      ivy,
    );
    assertSuccess(r, ['msgId']);
    return String(r.body.msgId);
  };
  const status = (clientId: string, msgId: string, auth: UmsAuth = ivy) =>
    ums(h, '/msg/status', { msgId, clientId, appPackage: 'com.a.b' }, auth);
  const statusBecomes = (clientId: string, msgId: string, code: number) =>
    eventually(
      async () => {
        const r = await status(clientId, msgId);
        const info = r.body.messageInfo as MessageInfo | undefined;
        return info?.status === code ? r : undefined;
      },
      5000,
      `status ${code}`,
    );

  test('0: a push to an offline terminal is not sent yet; pushTime is empty', async () => {
    await reg('offline-1');
    const t0 = Date.now();
    const msgId = await pushTo('offline-1');
    const r = await status('offline-1', msgId);
    assertSuccess(r, ['messageInfo']);
    const info = r.body.messageInfo as MessageInfo;
    assert.deepEqual(Object.keys(info).sort(), ['mesgId', 'pushTime', 'revTime', 'status', 'userId']);
    assert.equal(info.mesgId, msgId);
    assert.equal(info.userId, 'ivy');
    assert.equal(info.status, 0);
    assert.equal(info.pushTime, '');
    const rev = Date.parse(info.revTime);
    assert.ok(rev >= t0 - 1000 && rev <= Date.now() + 1000, info.revTime);
  });

  test('1 to 6: sent, received, displayed, clicked, revoked, replaced', async () => {
    const silent = await reg('silent-1');
    const s = connectDevice(h, silent.deviceToken, { autoAck: false });
    devices.push(s);
    await s.opened();
    const m1 = await pushTo('silent-1');
    await s.waitForMessages(1);
    const sent = await statusBecomes('silent-1', m1, 1);
    const info = sent.body.messageInfo as MessageInfo;
    assert.ok(Date.parse(info.pushTime) >= Date.parse(info.revTime), `${info.pushTime} >= ${info.revTime}`);

    const dev = await reg('acking-1');
    const d = connectDevice(h, dev.deviceToken);
    devices.push(d);
    await d.opened();
    const m2 = await pushTo('acking-1');
    await d.waitForMessages(1);
    await statusBecomes('acking-1', m2, 2);
    d.client.displayed(m2);
    await statusBecomes('acking-1', m2, 3);
    d.client.clicked(m2);
    await statusBecomes('acking-1', m2, 4);

    // 5: burn after reading, the native revoke of the msgId the push answered.
    const revoked = await call(h, 'POST', `/v1/messages/${m2}/revoke`, { auth: app.auth });
    assert.equal(revoked.status, 200);
    await eventually(() => (d.revokes.length > 0 ? true : undefined), 5000, 'revoke frame');
    await statusBecomes('acking-1', m2, 5);

    // 6: the message replaced by an empty one (a pass-through message with no data).
    const m3 = await pushTo('acking-1');
    await d.waitForMessages(2);
    // Once received it is held, so the replacement travels as a replace frame (before, it is still owed).
    await statusBecomes('acking-1', m3, 2);
    const replaced = await call(h, 'POST', `/v1/messages/${m3}/replace`, {
      auth: app.auth,
      body: { message: { kind: 'message' } },
    });
    assert.equal(replaced.status, 200);
    await eventually(() => (d.replaces.length > 0 ? true : undefined), 5000, 'replace frame');
    await statusBecomes('acking-1', m3, 6);
  });

  test('the terminal may name itself by its clientId header; mesgId is read as msgId', async () => {
    await reg('header-1');
    const msgId = await pushTo('header-1');
    const r = await ums(
      h,
      '/msg/status',
      { mesgId: msgId, appPackage: 'com.a.b' },
      { ...ivy, clientId: 'header-1' },
    );
    assertSuccess(r, ['messageInfo']);
    assert.equal((r.body.messageInfo as MessageInfo).mesgId, msgId);
    // The app server may ask about any device of the app.
    assertSuccess(
      await ums(h, '/msg/status', { msgId, clientId: 'header-1', appPackage: 'com.a.b' }, appServer(app)),
      ['messageInfo'],
    );
  });

  test('unknown message, a message not sent to the device, an unknown device, another user’s device', async () => {
    await reg('q-1');
    await reg('q-2');
    const msgId = await pushTo('q-1');
    assertRefused(await status('q-1', 'no-such-message'), '30002', 404);
    assertRefused(await status('q-2', msgId), '30002', 404);
    assertRefused(await status('no-such-client', msgId), '30001', 404);
    const jack = await userToken(h, app, 'jack');
    assertRefused(await status('q-1', msgId, jack), '30001', 404);
    assertRefused(
      await ums(h, '/msg/status', { clientId: 'q-1', appPackage: 'com.a.b' }, ivy),
      '10001',
      400,
      'msgId',
    );
    assertRefused(
      await ums(h, '/msg/status', { msgId, appPackage: 'com.a.b' }, ivy),
      '10001',
      400,
      'clientId',
    );
    assertRefused(await ums(h, '/msg/status', { msgId, clientId: 'q-1' }, ivy), '10001', 400, 'appPackage');
    // Another app's message is unknown to this one.
    const other = await createApp(h, 'ums status other');
    const otherDev = { clientId: 'q-1', pushId: 'p', deviceType: '04', appPackage: 'com.a.b', collab3th: 1 };
    await umsRegister(h, other, otherDev);
    assertRefused(
      await ums(h, '/msg/status', { msgId, clientId: 'q-1', appPackage: 'com.a.b' }, appServer(other)),
      '30002',
      404,
    );
  });
});
