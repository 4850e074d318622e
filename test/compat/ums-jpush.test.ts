import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type JpushMock, startJpushMock } from '../../mocks/jpush/server.js';
import { forEachBackend } from '../support/backends.js';
import { call, createApp, eventually, type RunningHerald, startHerald } from '../support/herald-harness.js';
import { appServer, assertSuccess, ums, umsRegister } from './ums-support.js';

const JPUSH_KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2';
const JPUSH_SECRET = '0f1e2d3c4b5a69788796a5b4';

/** Seed 000's third-party channel for real: collab3th 0 reaches the JPush mock, not the own channel. */
forEachBackend('seed 000 collab3th 0 reaches JPush', (backend) => {
  let h: RunningHerald;
  let jpush: JpushMock;

  before(async () => {
    jpush = await startJpushMock();
    jpush.registerApp(JPUSH_KEY, JPUSH_SECRET);
    h = await startHerald(backend, { vendorEndpoints: { jpush: jpush.url } });
  });
  after(async () => {
    await h.close();
    await jpush.close();
  });

  test('a push with collab3th 0 goes to the device JPush registration id, and only there', async () => {
    const app = await createApp(h, 'ums third party');
    const put = await call(h, 'PUT', `/v1/apps/${app.id}/credentials/jpush/prod`, {
      auth: app.auth,
      body: { appKey: JPUSH_KEY, masterSecret: JPUSH_SECRET },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const registrationId = jpush.okToken();
    await umsRegister(h, app, {
      clientId: 'jp-real-1',
      pushId: registrationId,
      deviceType: '01',
      appPackage: 'com.a.b',
      collab3th: 0,
    });
    const r = await ums(
      h,
      '/msg/pushByDev',
      {
        deviceIds: ['jp-real-1'],
        isTry: 0,
        priority: 1,
        expires: 3600,
        isLong: 0,
        collab3th: 0,
        message: { title: 'third party', text: 'via JPush' },
      },
      appServer(app),
    );
    assertSuccess(r, ['msgId']);
    const sent = await eventually(
      () => jpush.requests().find((q) => q.tokens.includes(registrationId)),
      5000,
      'JPush push',
    );
    assert.equal(sent.status, 200);
    assert.match(JSON.stringify(sent.body), /via JPush/);
    const [device] = await h.herald.store.devices.list(app.id, {}, { after: null, limit: 1 });
    // The vendor's acceptance is recorded just after the request: wait for it, then check it.
    await eventually(async () => {
      const d = await call<{ status: string }>(
        h,
        'GET',
        `/v1/messages/${String(r.body.msgId)}/deliveries/${device?.id}`,
        { auth: app.auth },
      );
      return d.body.status === 'sent' ? true : undefined;
    });
  });
});
