import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from './support/backends.js';
import { connectDevice } from './support/device.js';
import {
  call,
  createApp,
  eventually,
  type RunningHerald,
  registerDevice,
  startHerald,
  type TestApp,
} from './support/herald-harness.js';

/**
 * A revoke right after the message reached a device that has not acknowledged it: the "sent" mark
 * is still buffered (written after 250 ms), so the store says queued. The device must still be told.
 */
forEachBackend('revoke in the instant after delivery', (backend) => {
  let h: RunningHerald;
  let app: TestApp;

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'revoke race');
  });
  after(() => h.close());

  test('a device that just got the message, before its sent mark is stored, gets the revoke frame', async () => {
    const reg = await registerDevice(h, app);
    const device = connectDevice(h, reg.deviceToken, { autoAck: false });
    await device.opened();
    const r = await call<{ messageId: string }>(h, 'POST', '/v1/push', {
      auth: app.auth,
      body: { audience: { deviceIds: [reg.deviceId] }, message: { title: 'Oops' } },
    });
    await device.waitForMessages(1);
    const revoked = await call(h, 'POST', `/v1/messages/${r.body.messageId}/revoke`, { auth: app.auth });
    assert.equal(revoked.status, 200);
    await eventually(() => (device.revokes.length === 1 ? true : undefined), 3000, 'revoke frame');
    assert.equal(device.revokes[0]?.id, r.body.messageId);
    device.close();
  });
});
