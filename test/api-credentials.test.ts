import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, test } from 'node:test';
import { forEachBackend } from './support/backends.js';
import { call, createApp, type RunningHerald, startHerald, type TestApp } from './support/herald-harness.js';

const p8 = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
const apns = (key = p8()) => ({
  keyId: 'ABCDE12345',
  teamId: 'TEAM123456',
  privateKeyPem: key,
  topic: 'com.example.app',
  environment: 'production',
});

interface View {
  vendor: string;
  environment: string;
  status: string;
  credential: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

forEachBackend('vendor credentials', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  const admin = () => ({ authorization: `Bearer ${h.adminToken}` });
  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'creds');
  });
  after(() => h.close());

  test('an APNs key is validated, sealed at rest, shown masked, and rotated by uploading again', async () => {
    const key = p8();
    const put = await call<View>(h, 'PUT', `/v1/apps/${app.id}/credentials/apns/prod`, {
      auth: app.auth,
      body: apns(key),
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.credential.keyId, 'ABCDE12345');
    assert.equal(put.body.credential.topic, 'com.example.app');
    assert.match(put.body.credential.privateKeyPem!, /^-----BEGIN PRIVATE KEY----- …\(\d+ chars\)$/);
    const stored = await h.herald.store.credentials.get(app.id, 'apns', 'prod');
    const body = key.split('\n')[1]!;
    assert.ok(
      stored && !stored.sealed.includes(body) && !stored.sealed.includes('ABCDE12345'),
      'nothing readable at rest',
    );
    await new Promise((r) => setTimeout(r, 5));
    const rotated = await call<View>(h, 'PUT', `/v1/apps/${app.id}/credentials/apns/prod`, {
      headers: admin(),
      body: apns(),
    });
    assert.equal(rotated.body.createdAt, put.body.createdAt);
    assert.ok(rotated.body.updatedAt > put.body.updatedAt);
    assert.notEqual((await h.herald.store.credentials.get(app.id, 'apns', 'prod'))?.sealed, stored.sealed);
    const list = await call<{ items: View[] }>(h, 'GET', `/v1/apps/${app.id}/credentials`, {
      auth: app.auth,
    });
    assert.deepEqual(
      list.body.items.map((c) => `${c.vendor}/${c.environment}/${c.status}`),
      ['apns/prod/ok'],
    );
  });

  test('bad uploads are refused naming the field, and store nothing', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['apns/dev', { ...apns(), privateKeyPem: 'not a key' }, 'credential.privateKeyPem'],
      ['apns/dev', { ...apns(), keyId: 'short' }, 'credential.keyId'],
      ['fcm/prod', { type: 'service_account', project_id: 'p' }, 'credential.'],
      ['xiaomi/prod', {}, 'credential'],
    ];
    for (const [path, body, field] of cases) {
      const r = await call<{ error: { code: string; field: string } }>(
        h,
        'PUT',
        `/v1/apps/${app.id}/credentials/${path}`,
        { auth: app.auth, body },
      );
      assert.equal(r.status, 400, path);
      assert.equal(r.body.error.code, 'validation_failed');
      assert.ok(r.body.error.field.startsWith(field), `${path}: ${r.body.error.field}`);
    }
    const unknownVendor = await call(h, 'PUT', `/v1/apps/${app.id}/credentials/nokia/prod`, {
      auth: app.auth,
      body: {},
    });
    assert.equal(unknownVendor.status, 400);
    assert.equal(
      (await h.herald.store.credentials.list(app.id)).filter(
        (c) => c.environment === 'dev' || c.vendor !== 'apns',
      ).length,
      0,
    );
  });

  test("another app cannot read or write an app's credentials; delete removes them; deleting the app removes them too", async () => {
    const other = await createApp(h, 'other');
    assert.equal((await call(h, 'GET', `/v1/apps/${app.id}/credentials`, { auth: other.auth })).status, 404);
    assert.equal(
      (await call(h, 'PUT', `/v1/apps/${app.id}/credentials/apns/dev`, { auth: other.auth, body: apns() }))
        .status,
      404,
    );
    assert.equal(
      (await call(h, 'DELETE', `/v1/apps/${app.id}/credentials/apns/prod`, { auth: app.auth })).status,
      204,
    );
    assert.equal(
      (await call(h, 'GET', `/v1/apps/${app.id}/credentials/apns/prod`, { auth: app.auth })).status,
      404,
    );
    await call(h, 'PUT', `/v1/apps/${other.id}/credentials/apns/prod`, { auth: other.auth, body: apns() });
    assert.equal((await call(h, 'DELETE', `/v1/apps/${other.id}`, { headers: admin() })).status, 204);
    assert.equal((await h.herald.store.credentials.list(other.id)).length, 0);
  });
});
