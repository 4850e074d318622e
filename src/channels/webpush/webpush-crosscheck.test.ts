import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { request } from 'undici';
import webpush from 'web-push';
import { startWebPushMock, type WebPushMock } from '../../../mocks/webpush/server.js';
import { newVapidCredential } from '../../../mocks/webpush/vapid-keys.js';
import type { VendorMessage } from '../channel.js';
import { VapidSigner } from './vapid.js';
import { WebPushChannel } from './webpush-channel.js';

const message: VendorMessage = {
  id: 'm-x',
  content: { kind: 'notification', title: 'Hi', body: 'cross-checked' },
  priority: 'high',
  collapseId: null,
  expiresAt: null,
};

/** Verifies a `vapid t=…, k=…` header with jose alone, without Herald's or the mock's code. */
async function verifyIndependently(header: string, audience: string) {
  const m = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  assert.ok(m?.[1] && m[2], header);
  const k = Buffer.from(m[2], 'base64url');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: k.subarray(1, 33).toString('base64url'),
    y: k.subarray(33).toString('base64url'),
  };
  assert.deepEqual(decodeProtectedHeader(m[1]), { typ: 'JWT', alg: 'ES256' });
  const { payload } = await jwtVerify(m[1], createPublicKey({ key: jwk, format: 'jwk' }), {
    audience,
    algorithms: ['ES256'],
  });
  return { payload, k: m[2] };
}

describe('Web Push cross-checks with independent implementations', { timeout: 30_000 }, () => {
  let mock: WebPushMock;
  before(async () => {
    mock = await startWebPushMock();
  });
  after(() => mock.close());

  test("Herald's VAPID header verifies with jose: ES256, aud = origin, exp ≤ 24 h, sub", async () => {
    const vapid = newVapidCredential('https://herald.test/contact');
    const header = await new VapidSigner(vapid, { now: () => Date.now() }).authorization(
      'https://push.example.net:8443/p/abc?x=1',
    );
    const { payload, k } = await verifyIndependently(header, 'https://push.example.net:8443');
    assert.equal(k, vapid.publicKey);
    assert.equal(payload.sub, 'https://herald.test/contact');
    const ahead = (payload.exp as number) - Date.now() / 1000;
    assert.ok(ahead > 11 * 3600 && ahead <= 24 * 3600, `exp ${ahead}s ahead`);
  });

  test("web-push's own request is accepted and decrypted by the mock (the mock is not tuned to Herald)", async () => {
    const vapid = newVapidCredential();
    const sub = mock.createSubscription({ applicationServerKey: vapid.publicKey });
    const details = webpush.generateRequestDetails(
      JSON.parse(sub) as webpush.PushSubscription,
      'from web-push',
      {
        vapidDetails: vapid,
        TTL: 60,
        contentEncoding: 'aes128gcm',
      },
    );
    const res = await request(details.endpoint, {
      method: 'POST',
      headers: details.headers,
      body: details.body,
    });
    await res.body.text();
    assert.equal(res.statusCode, 201);
    assert.equal(mock.requests().at(-1)?.plaintext, 'from web-push');
  });

  test("web-push's VAPID header and Herald's carry the same claims", async () => {
    const vapid = newVapidCredential();
    const theirs = webpush.getVapidHeaders(
      mock.origin,
      vapid.subject,
      vapid.publicKey,
      vapid.privateKey,
      'aes128gcm',
    );
    const ours = await new VapidSigner(vapid, { now: () => Date.now() }).authorization(
      `${mock.origin}/push/x`,
    );
    const a = await verifyIndependently(theirs.Authorization, mock.origin);
    const b = await verifyIndependently(ours, mock.origin);
    assert.deepEqual(Object.keys(a.payload).sort(), Object.keys(b.payload).sort());
    assert.equal(a.k, b.k);
  });

  test('what the channel sends decrypts at the mock to the message JSON', async () => {
    const vapid = newVapidCredential();
    const channel = new WebPushChannel({ vapid, allowHttpEndpoints: true });
    try {
      const sub = mock.createSubscription({ applicationServerKey: vapid.publicKey });
      const [out] = await channel.send(message, [{ deviceId: 'd', token: sub }]);
      assert.equal(out?.kind, 'delivered');
      const seen = mock.requests().at(-1);
      assert.deepEqual(JSON.parse(seen?.plaintext ?? 'null'), {
        id: 'm-x',
        kind: 'notification',
        title: 'Hi',
        body: 'cross-checked',
        priority: 'high',
        expiresAt: null,
      });
      await verifyIndependently(seen?.authorization ?? '', mock.origin);
    } finally {
      await channel.close();
    }
  });
});
