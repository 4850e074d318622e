import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sign } from '../src/app/app-auth.js';
import { forEachBackend } from './support/backends.js';
import { call, createApp, type RunningHerald, startHerald, type TestApp } from './support/herald-harness.js';

forEachBackend('admin API and app authentication', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  const admin = () => ({ authorization: `Bearer ${h.adminToken}` });

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'auth');
  });
  after(() => h.close());

  test('apps: create, get, list, rename, rotate, delete; the secret is shown only on create and rotate', async () => {
    const c = await call<{ id: string; appKey: string; masterSecret: string; name: string }>(
      h,
      'POST',
      '/v1/apps',
      {
        headers: admin(),
        body: { name: 'lifecycle' },
      },
    );
    assert.equal(c.status, 201);
    assert.match(c.body.appKey, /^[0-9a-f]{24}$/);
    assert.ok(c.body.masterSecret.length >= 40);
    const got = await call<Record<string, unknown>>(h, 'GET', `/v1/apps/${c.body.id}`, { headers: admin() });
    assert.equal(got.body.name, 'lifecycle');
    assert.equal(got.body.masterSecret, undefined);
    const list = await call<{ items: Array<Record<string, unknown>> }>(h, 'GET', '/v1/apps?limit=1000', {
      headers: admin(),
    });
    assert.ok(list.body.items.some((a) => a.id === c.body.id));
    assert.ok(list.body.items.every((a) => a.masterSecret === undefined));
    const renamed = await call<{ name: string }>(h, 'PATCH', `/v1/apps/${c.body.id}`, {
      headers: admin(),
      body: { name: 'renamed' },
    });
    assert.equal(renamed.body.name, 'renamed');
    const basic = (secret: string) => `Basic ${Buffer.from(`${c.body.appKey}:${secret}`).toString('base64')}`;
    assert.equal((await call(h, 'GET', '/v1/devices', { auth: basic(c.body.masterSecret) })).status, 200);
    const rotated = await call<{ masterSecret: string }>(h, 'POST', `/v1/apps/${c.body.id}/rotate-secret`, {
      headers: admin(),
    });
    assert.notEqual(rotated.body.masterSecret, c.body.masterSecret);
    assert.equal((await call(h, 'GET', '/v1/devices', { auth: basic(c.body.masterSecret) })).status, 401);
    assert.equal(
      (await call(h, 'GET', '/v1/devices', { auth: basic(rotated.body.masterSecret) })).status,
      200,
    );
    assert.equal((await call(h, 'DELETE', `/v1/apps/${c.body.id}`, { headers: admin() })).status, 204);
    assert.equal((await call(h, 'GET', `/v1/apps/${c.body.id}`, { headers: admin() })).status, 404);
    assert.equal(
      (await call(h, 'GET', '/v1/devices', { auth: basic(rotated.body.masterSecret) })).status,
      401,
    );
  });

  test('admin routes refuse a missing or wrong admin token, and app credentials', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: app.auth }] as Array<
      Record<string, string>
    >) {
      const r = await call<{ error: { code: string } }>(h, 'POST', '/v1/apps', {
        headers,
        body: { name: 'x' },
      });
      assert.equal(r.status, 401);
      assert.equal(r.body.error.code, 'unauthorized');
    }
  });

  test('app routes refuse missing, malformed and wrong Basic credentials', async () => {
    const wrong = `Basic ${Buffer.from(`${app.appKey}:wrong`).toString('base64')}`;
    for (const auth of [undefined, 'Basic !!!', wrong, `Bearer ${h.adminToken}`]) {
      const r = await call<{ error: { code: string } }>(h, 'GET', '/v1/devices', auth ? { auth } : {});
      assert.equal(r.status, 401, String(auth));
      assert.equal(r.body.error.code, 'unauthorized');
    }
  });

  test('HMAC-signed requests: accepted once, refused when replayed, stale, or tampered', async () => {
    const body = JSON.stringify({ clientId: 'signed-1', appPackage: 'com.signed', deviceType: '02' });
    const signed = (
      opts: { ts?: number; nonce?: string; body?: string; path?: string; secret?: string } = {},
    ) => {
      const timestamp = String(opts.ts ?? Math.floor(Date.now() / 1000));
      const nonce = opts.nonce ?? randomBytes(8).toString('hex');
      const signature = sign(opts.secret ?? app.masterSecret, {
        method: 'POST',
        path: opts.path ?? '/v1/devices',
        timestamp,
        nonce,
        body,
      });
      return {
        'x-herald-key': app.appKey,
        'x-herald-timestamp': timestamp,
        'x-herald-nonce': nonce,
        'x-herald-signature': signature,
      };
    };
    const ok = signed({ nonce: 'nonce-once-1' });
    const first = await call(h, 'POST', '/v1/devices', { raw: body, headers: ok });
    assert.equal(first.status, 201);
    const replay = await call<{ error: { code: string } }>(h, 'POST', '/v1/devices', {
      raw: body,
      headers: ok,
    });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error.code, 'replayed_request');
    const stale = await call<{ error: { code: string } }>(h, 'POST', '/v1/devices', {
      raw: body,
      headers: signed({ ts: Math.floor(Date.now() / 1000) - 3600 }),
    });
    assert.equal(stale.body.error.code, 'signature_expired');
    const tampered = await call<{ error: { code: string } }>(h, 'POST', '/v1/devices', {
      raw: body.replace('02', '03'),
      headers: signed(),
    });
    assert.equal(tampered.status, 401);
    assert.equal(tampered.body.error.code, 'unauthorized');
    const wrongKey = await call(h, 'POST', '/v1/devices', {
      raw: body,
      headers: signed({ secret: 'not-the-secret' }),
    });
    assert.equal(wrongKey.status, 401);
  });
});
