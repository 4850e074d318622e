import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startWebPushMock, type WebPushMock } from '../../../mocks/webpush/server.js';
import { newVapidCredential } from '../../../mocks/webpush/vapid-keys.js';
import type { VendorMessage } from '../channel.js';
import { WebPushChannel } from './webpush-channel.js';

const message = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: 'm-w',
  content: { kind: 'notification', title: 'T' },
  priority: 'normal',
  collapseId: null,
  expiresAt: null,
  ...over,
});
const to = (...tokens: string[]) => tokens.map((token, i) => ({ deviceId: `d${i}`, token }));

describe('Web Push channel on the wire', { timeout: 30_000 }, () => {
  const clock = {
    t: Date.now(),
    now() {
      return this.t;
    },
  };
  const vapid = newVapidCredential();
  let mock: WebPushMock;
  let channel: WebPushChannel;
  const subscribe = () => mock.createSubscription({ applicationServerKey: vapid.publicKey });

  before(async () => {
    mock = await startWebPushMock({ clock });
    channel = new WebPushChannel({ vapid: JSON.stringify(vapid), clock, allowHttpEndpoints: true });
  });
  after(async () => {
    await channel.close();
    await mock.close();
  });
  beforeEach(() => mock.clear());

  test('TTL from expiresAt (4 weeks without), Urgency from priority, long collapse ids hashed into a Topic', async () => {
    const longId = 'order:42/status — a collapse id far longer than thirty-two characters';
    await channel.send(
      message({ expiresAt: clock.t + 90_500, priority: 'high', collapseId: longId }),
      to(subscribe()),
    );
    await channel.send(message({ collapseId: 'short_ok-1' }), to(subscribe()));
    const [a, b] = mock.requests();
    assert.deepEqual(a?.headers.ttl, '91');
    assert.equal(a?.headers.urgency, 'high');
    assert.match(a?.headers.topic ?? '', /^[A-Za-z0-9_-]{32}$/);
    assert.deepEqual(b?.headers, { ttl: '2419200', urgency: 'normal', topic: 'short_ok-1' });
    assert.ok(mock.requests().every((r) => r.status === 201));
  });

  test('push service statuses map to outcomes', async () => {
    const subs = [subscribe(), subscribe(), subscribe(), subscribe()];
    mock.inject(subs[0] as string, { kind: 'not_found' });
    mock.inject(subs[1] as string, { kind: 'too_large' });
    mock.inject(subs[2] as string, { kind: 'unauthorized' });
    mock.unsubscribe(subs[3] as string);
    const out = await channel.send(message(), to(...subs));
    assert.deepEqual(
      out.map((o) => o.kind),
      ['invalid_token', 'rejected', 'credential_error', 'invalid_token'],
    );
  });

  test('a token that is not a usable subscription is rejected as bad_subscription without a request', async () => {
    const good = JSON.parse(subscribe()) as { endpoint: string; keys: { p256dh: string; auth: string } };
    const offCurve = Buffer.alloc(65, 7);
    offCurve[0] = 4;
    const tokens = [
      'not json',
      JSON.stringify({ endpoint: good.endpoint }),
      JSON.stringify({ ...good, keys: { ...good.keys, auth: 'c2hvcnQ' } }),
      JSON.stringify({ ...good, keys: { ...good.keys, p256dh: offCurve.toString('base64url') } }),
      JSON.stringify({ ...good, endpoint: 'ftp://push.example/x' }),
    ];
    const out = await channel.send(message(), to(...tokens));
    assert.ok(
      out.every((o) => o.kind === 'rejected' && o.code === 'bad_subscription'),
      JSON.stringify(out),
    );
    assert.equal(mock.requests().length, 0);
  });

  test('plain-http endpoints are refused unless allowed, and the host filter applies', async () => {
    const strict = new WebPushChannel({ vapid, clock });
    const fenced = new WebPushChannel({
      vapid,
      clock,
      allowHttpEndpoints: true,
      endpointAllowed: (url) => url.hostname === 'fcm.googleapis.com',
    });
    try {
      for (const ch of [strict, fenced]) {
        const [out] = await ch.send(message(), to(subscribe()));
        assert.ok(out?.kind === 'rejected' && out.code === 'bad_subscription', JSON.stringify(out));
      }
      assert.equal(mock.requests().length, 0);
    } finally {
      await strict.close();
      await fenced.close();
    }
  });

  test('one VAPID JWT per origin is reused, and re-minted after half its 12 h life', async () => {
    await channel.send(message(), to(subscribe(), subscribe()));
    clock.t += 5 * 3600_000;
    await channel.send(message(), to(subscribe()));
    clock.t += 2 * 3600_000;
    await channel.send(message(), to(subscribe()));
    const auth = mock.requests().map((r) => r.authorization);
    assert.equal(new Set(auth.slice(0, 3)).size, 1);
    assert.notEqual(auth[3], auth[0]);
    assert.ok(
      mock.requests().every((r) => r.status === 201),
      'the mock accepted each JWT on the shared clock',
    );
  });
});
