import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FcmMock, startFcmMock } from '../../mocks/fcm/server.js';
import { newServiceAccount } from '../../mocks/fcm/service-account.js';
import type { Config } from '../../src/config/schema.js';
import { forEachBackend } from '../support/backends.js';
import { eventually, type RunningHerald, registerDevice, startHerald } from '../support/herald-harness.js';
import { assertOk, seed, seedApp } from './notify-kit.js';

/** Herald pointed at the FCM mock for messages and for its OAuth token exchange. */
const vendorEndpoints = (fcm: FcmMock): Partial<Config> => ({
  vendorEndpoints: { fcm: fcm.url, fcmToken: fcm.tokenUri },
});

forEachBackend('seed 004 ospush_only reaches a vendor', (backend) => {
  let h: RunningHerald;
  let fcm: FcmMock;

  before(async () => {
    fcm = await startFcmMock();
    h = await startHerald(backend, vendorEndpoints(fcm));
  });
  after(async () => {
    await h.close();
    await fcm.close();
  });

  test('a device with only an FCM token, offline on the own channel, gets an ospush_only push through FCM', async () => {
    const app = await seedApp(h, 'vendor');
    const account = newServiceAccount('herald-vendor-test');
    fcm.registerServiceAccount(account.credential.client_email, account.publicKeyPem, 'herald-vendor-test');
    assertOk(
      await seed(h, 'POST', '/push/certificate', {
        app,
        body: {
          provider: 7,
          certificate: JSON.stringify({ ...account.credential, token_uri: fcm.tokenUri }),
        },
      }),
    );
    // Registered, never connected: the own channel cannot reach it.
    await registerDevice(h, app, { vendorTokens: { fcm: 'fcm-token-1' } });
    const { task_id } = assertOk(
      await seed<{ task_id: string }>(h, 'POST', '/push/notify', {
        app,
        body: {
          audience: { push_token: ['fcm-token-1'] },
          setting: { distribution_strategy: 'ospush_only', ospush_sequence: ['fcm'] },
          message: { type: 'text', title: 'via FCM', body: 'hello', android: { channel_id: 'im' } },
        },
      }),
    );
    const sent = await eventually(
      () => fcm.requests().find((r) => r.token === 'fcm-token-1'),
      10_000,
      'FCM send',
    );
    assert.equal(sent.status, 200);
    assert.equal(sent.projectId, 'herald-vendor-test');
    assert.match(JSON.stringify(sent.body), /via FCM/);
    const figures = await eventually(async () => {
      const r = await seed<Record<string, number>[]>(h, 'POST', '/push/task/detail', {
        app,
        body: { list: [task_id] },
      });
      const d = r.body.data[0];
      return d && d.fcm_sent === 1 ? d : undefined;
    });
    assert.equal(figures.fcm_target, 1);
    assert.equal(figures.mxpush_target, 0, 'ospush_only never tries the own channel');
  });
});
