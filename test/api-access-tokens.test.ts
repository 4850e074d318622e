import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachBackend } from './support/backends.js';
import { call, createApp, type RunningHerald, startHerald, type TestApp } from './support/herald-harness.js';

forEachBackend('access tokens', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  let other: TestApp;

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'tokens');
    other = await createApp(h, 'other');
  });
  after(() => h.close());

  const issue = (auth: string, body: unknown = {}) =>
    call<{ accessToken: string; expiresAt: number; expiresIn: number }>(h, 'POST', '/v1/access-tokens', {
      auth,
      body,
    });

  test('a token issued for the app key and secret authenticates app calls as that app', async () => {
    const t = await issue(app.auth, { ttl: 600 });
    assert.equal(t.status, 201);
    assert.equal(t.body.expiresIn, 600);
    assert.ok(Math.abs(t.body.expiresAt - (Date.now() + 600_000)) < 5000);
    const reg = await call<{ deviceId: string }>(h, 'POST', '/v1/devices', {
      auth: `Bearer ${t.body.accessToken}`,
      body: { clientId: 'c-token', appPackage: 'com.example', deviceType: '01' },
    });
    assert.equal(reg.status, 201);
    // The device belongs to the app the token speaks for, not to another one.
    const mine = await call<{ items: unknown[] }>(h, 'GET', '/v1/devices', { auth: app.auth });
    const theirs = await call<{ items: unknown[] }>(h, 'GET', '/v1/devices', { auth: other.auth });
    assert.equal(mine.body.items.length, 1);
    assert.equal(theirs.body.items.length, 0);
  });

  test('forged, tampered and garbage tokens are refused with 401', async () => {
    const t = await issue(app.auth);
    const [head, payload, sig] = t.body.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const otherSub = Buffer.from(JSON.stringify({ ...claims, sub: other.id })).toString('base64url');
    for (const bad of [`${head}.${otherSub}.${sig}`, `${t.body.accessToken}x`, 'not-a-jwt', 'a.b.c']) {
      const r = await call<{ error: { code: string } }>(h, 'GET', '/v1/devices', { auth: `Bearer ${bad}` });
      assert.equal(r.status, 401, bad);
      assert.equal(r.body.error.code, 'unauthorized');
    }
  });

  test('rotating the master secret revokes every token of the app', async () => {
    const victim = await createApp(h, 'rotating');
    const t = await issue(victim.auth);
    assert.equal((await call(h, 'GET', '/v1/devices', { auth: `Bearer ${t.body.accessToken}` })).status, 200);
    const rotated = await call(h, 'POST', `/v1/apps/${victim.id}/rotate-secret`, {
      headers: { authorization: `Bearer ${h.adminToken}` },
    });
    assert.equal(rotated.status, 200);
    assert.equal((await call(h, 'GET', '/v1/devices', { auth: `Bearer ${t.body.accessToken}` })).status, 401);
  });

  test('a ttl out of range names the field; a user token carries the user', async () => {
    const bad = await call<{ error: { field?: string; message: string } }>(h, 'POST', '/v1/access-tokens', {
      auth: app.auth,
      body: { ttl: 5 },
    });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /ttl/);
    const u = await issue(app.auth, { userId: 'alice' });
    const verified = await h.herald.services.accessTokens.verify(u.body.accessToken);
    assert.equal(verified.userId, 'alice');
    assert.equal(verified.app.id, app.id);
  });
});
