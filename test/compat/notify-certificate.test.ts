import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { throwAwayKey } from '../../mocks/apns/keys.js';
import { newServiceAccount } from '../../mocks/fcm/service-account.js';
import { maskSecrets } from '../../src/domain/credential.js';
import { forEachBackend } from '../support/backends.js';
import { call, type RunningHerald, startHerald } from '../support/herald-harness.js';
import { assertOk, assertRefused, type SeedApp, seed, seedApp } from './notify-kit.js';

interface Cert {
  app_id: string | null;
  app_key: string | null;
  app_secret: string | null;
  certificate: string | null;
  name: string | null;
}
const CERT_KEYS = ['app_id', 'app_key', 'app_secret', 'certificate', 'name'];
const mask = (s: string) => maskSecrets(s) as string;

forEachBackend('seed 004 /push/certificate', (backend) => {
  let h: RunningHerald;
  let app: SeedApp;
  const apnsKey = throwAwayKey('TEAM123456');
  const account = newServiceAccount('herald-test');

  /** An upload per provider code, in the seed's fields, and what GET must answer for it (masked as natively). */
  const uploads: ReadonlyArray<{ provider: number; body: Partial<Cert>; expect: Cert }> = [
    {
      provider: 1,
      body: {
        app_id: 'TEAM123456',
        app_key: apnsKey.keyId,
        certificate: apnsKey.privateKeyPem,
        name: 'com.example.app',
      },
      expect: {
        app_id: 'TEAM123456',
        app_key: apnsKey.keyId,
        app_secret: null,
        certificate: mask(apnsKey.privateKeyPem),
        name: 'com.example.app',
      },
    },
    {
      provider: 2,
      body: { app_id: '10086', app_secret: 'hms-client-secret-abcd' },
      expect: { app_id: '10086', app_key: null, app_secret: '****abcd', certificate: null, name: null },
    },
    {
      provider: 3,
      body: { app_secret: 'xiaomi-app-secret-wxyz', name: 'com.example.app' },
      expect: {
        app_id: null,
        app_key: null,
        app_secret: '****wxyz',
        certificate: null,
        name: 'com.example.app',
      },
    },
    {
      provider: 4,
      body: { app_id: '123456', app_secret: 'meizu-secret-9876' },
      expect: { app_id: '123456', app_key: null, app_secret: '****9876', certificate: null, name: null },
    },
    {
      provider: 5,
      body: { app_id: '10001', app_key: 'vivo-app-key', app_secret: 'vivo-secret-5555' },
      expect: {
        app_id: '10001',
        app_key: 'vivo-app-key',
        app_secret: '****5555',
        certificate: null,
        name: null,
      },
    },
    {
      provider: 6,
      body: { app_key: 'oppo-app-key', app_secret: 'oppo-master-secret-0000' },
      expect: {
        app_id: null,
        app_key: 'oppo-app-key',
        app_secret: '****0000',
        certificate: null,
        name: null,
      },
    },
    {
      provider: 7,
      body: { certificate: JSON.stringify(account.credential) },
      expect: {
        app_id: 'herald-test',
        app_key: null,
        app_secret: null,
        certificate: JSON.stringify(maskSecrets(account.credential)),
        name: account.credential.client_email,
      },
    },
  ];

  before(async () => {
    h = await startHerald(backend);
    app = await seedApp(h, 'certificates');
  });
  after(() => h.close());

  const get = (query: string, a: SeedApp = app) =>
    seed<Cert>(h, 'GET', `/push/certificate${query}`, { app: a });
  const upload = (body: unknown) => seed<Cert>(h, 'POST', '/push/certificate', { app, body });

  test('each provider 1..7 uploads in the seed fields and reads back masked, per environment', async () => {
    for (const u of uploads) {
      const put = assertOk(await upload({ provider: u.provider, environment: 0, ...u.body }));
      assert.deepEqual(put, u.expect, `provider ${u.provider}`);
      const got = assertOk(await get(`?provider=${u.provider}&environment=0`));
      assert.deepEqual(Object.keys(got).sort(), CERT_KEYS);
      assert.deepEqual(got, u.expect, `provider ${u.provider}`);
      // Filed under dev only: production (the default environment) has none yet.
      assertRefused(await get(`?provider=${u.provider}`), 404);
    }
    // APNs takes its host from the environment it is filed under.
    const stored = (await h.herald.services.credentials.open(app.id, 'apns', 'dev')) as {
      environment: string;
    };
    assert.equal(stored.environment, 'development');
  });

  test('environment defaults to 1 (production); what GET shows is what the native API shows', async () => {
    assertOk(await upload({ provider: 2, app_id: '20002', app_secret: 'prod-secret-7777' }));
    const seedView = assertOk(await get('?provider=2'));
    assert.equal(seedView.app_id, '20002');
    const native = await call<{ credential: Record<string, string> }>(
      h,
      'GET',
      `/v1/apps/${app.id}/credentials/huawei/prod`,
      {
        auth: app.auth,
      },
    );
    assert.equal(seedView.app_secret, native.body.credential.clientSecret);
    assert.equal(assertOk(await get('?provider=2&environment=1')).app_id, '20002');
  });

  test('a credential put through the native API reads through the facade', async () => {
    const put = await call(h, 'PUT', `/v1/apps/${app.id}/credentials/vivo/prod`, {
      auth: app.auth,
      body: { appId: '30003', appKey: 'native-key', appSecret: 'native-secret-1234' },
    });
    assert.equal(put.status, 200);
    assert.deepEqual(assertOk(await get('?provider=5&environment=1')), {
      app_id: '30003',
      app_key: 'native-key',
      app_secret: '****1234',
      certificate: null,
      name: null,
    });
  });

  test('a bad upload names the seed field and leaves the stored certificate as it was', async () => {
    const before = assertOk(await get('?provider=2'));
    assertRefused(await upload({ provider: 2, app_id: 'not-numeric', app_secret: 's' }), 400, 'app_id');
    assertRefused(await upload({ provider: 2, app_id: '1', app_key: 'k', app_secret: 's' }), 400, 'app_key');
    assertRefused(await upload({ provider: 2, app_id: '1' }), 400, 'app_secret');
    assertRefused(
      await upload({
        provider: 1,
        app_id: 'TEAM123456',
        app_key: 'ABCDE12345',
        certificate: 'not a key',
        name: 'com.x.y',
      }),
      400,
      'certificate',
    );
    assertRefused(
      await upload({ provider: 7, certificate: '{"type":"service_account"}' }),
      400,
      'certificate.project_id',
    );
    assertRefused(await upload({ provider: 7, certificate: 'not json' }), 400, 'certificate');
    // FCM's app_id and name are read from the service account; a different one would be a lie.
    assertRefused(
      await upload({
        provider: 7,
        certificate: JSON.stringify(account.credential),
        app_id: 'another-project',
      }),
      400,
      'app_id',
    );
    assert.deepEqual(assertOk(await get('?provider=2')), before);
  });

  test('provider and environment outside the seed codes are refused naming them', async () => {
    assertRefused(await get(''), 400, 'provider');
    assertRefused(await get('?provider=8'), 400, 'provider');
    assertRefused(await get('?provider=apns'), 400, 'provider');
    assertRefused(await get('?provider=1&environment=2'), 400, 'environment');
    assertRefused(await upload({ provider: 0 }), 400, 'provider');
  });

  test("another app's token sees none of this app's certificates", async () => {
    const other = await seedApp(h, 'someone else');
    assertRefused(await get('?provider=2', other), 404);
  });
});
