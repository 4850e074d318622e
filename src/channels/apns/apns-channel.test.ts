import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deviceToken, type ThrowAwayKey, throwAwayKey } from '../../../mocks/apns/keys.js';
import {
  type ApnsFault,
  type ApnsMock,
  type ApnsMockOptions,
  apnsFaults,
  startApnsMock,
} from '../../../mocks/apns/server.js';
import type { Clock } from '../../domain/clock.js';
import type { SendOutcome, SendTarget, VendorMessage } from '../channel.js';
import { type ChannelFixture, channelConformance } from '../channel-conformance.js';
import { ApnsChannel, type ApnsChannelOptions } from './apns-channel.js';
import type { ApnsCredential } from './credential.js';

const TOPIC = 'com.example.herald';
const MIN = 60_000;

const credential = (key: ThrowAwayKey, topic = TOPIC): ApnsCredential => ({
  keyId: key.keyId,
  teamId: key.teamId,
  privateKeyPem: key.privateKeyPem,
  topic,
  environment: 'development',
});

/** A key registered at the mock, and a channel signing with it. */
function channelFor(
  mock: ApnsMock,
  opts: Partial<ApnsChannelOptions> = {},
  key = throwAwayKey(),
): ApnsChannel {
  mock.registerKey(key.teamId, key.keyId, key.publicKeyPem, TOPIC);
  return new ApnsChannel({ credential: credential(key), baseUrl: mock.url, ca: mock.ca, ...opts });
}

const message = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: '0190a0b0-0000-7000-8000-00000000abcd',
  content: { kind: 'notification', title: 'Hi', body: 'there' },
  priority: 'high',
  collapseId: null,
  expiresAt: null,
  ...over,
});
const targets = (tokens: string[]): SendTarget[] => tokens.map((token, i) => ({ deviceId: `d${i}`, token }));
const tokens = (n: number) => Array.from({ length: n }, deviceToken);
const sentTo = (mock: ApnsMock, token: string) => mock.requests().filter((r) => r.token === token);

async function openFixture(): Promise<ChannelFixture> {
  const mock = await startApnsMock();
  const key = throwAwayKey();
  const channel = channelFor(mock, {}, key);
  const faulty = (fault: Parameters<ApnsMock['injectForToken']>[1]) => {
    const token = deviceToken();
    mock.injectForToken(token, fault);
    return token;
  };
  return {
    channel,
    okToken: deviceToken,
    deadToken: () => faulty(apnsFaults.unregistered()),
    retryToken: (seconds) => faulty(apnsFaults.serviceUnavailable(seconds)),
    quotaToken: () => faulty(apnsFaults.tooManyRequests()),
    serverErrorToken: () => faulty(apnsFaults.internalServerError()),
    // Same Key ID, another private key: the signature fails, as after a revoked and re-issued key.
    badCredentialChannel: async () =>
      new ApnsChannel({
        credential: { ...credential(throwAwayKey(key.teamId)), keyId: key.keyId },
        baseUrl: mock.url,
        ca: mock.ca,
      }),
    requests: async () => mock.requests().map((r) => ({ tokens: [r.token] })),
    maxTokensPerRequest: 1,
    payloadLimitBytes: 4096,
    async close() {
      await channel.close();
      await mock.close();
    },
  };
}

channelConformance('APNs', openFixture);

describe('APNs channel', { timeout: 60_000 }, () => {
  const clock = {
    t: Date.now(),
    now() {
      return this.t;
    },
  } satisfies Clock & { t: number };
  let mock: ApnsMock;
  let channel: ApnsChannel;
  const open: ApnsChannel[] = [];
  const extra = (opts: Partial<ApnsChannelOptions> = {}, mockOpts?: ApnsMock) => {
    const c = channelFor(mockOpts ?? mock, opts);
    open.push(c);
    return c;
  };

  before(async () => {
    // The mock judges JWT age on the channel's fake clock, so 50 minutes pass in a test.
    mock = await startApnsMock({ clock } satisfies ApnsMockOptions);
    channel = extra({ clock });
  });
  after(async () => {
    await Promise.all(open.map((c) => c.close()));
    await mock.close();
  });

  test('the provider token is reused across sends and replaced after 50 minutes', async () => {
    const [a, b, c, d] = tokens(4) as [string, string, string, string];
    await channel.send(message(), targets([a]));
    await channel.send(message(), targets([b]));
    clock.t += 49 * MIN;
    await channel.send(message(), targets([c]));
    clock.t += MIN;
    const [out] = await channel.send(message(), targets([d]));
    assert.equal(out?.kind, 'delivered');
    const auth = (t: string) => sentTo(mock, t)[0]?.headers.authorization;
    assert.equal(auth(a), auth(b));
    assert.equal(auth(a), auth(c));
    assert.notEqual(auth(c), auth(d));
  });

  test('ExpiredProviderToken: one new token, one resend, delivered', async () => {
    const t = deviceToken();
    mock.injectForToken(t, apnsFaults.expiredProviderToken(1));
    const [out] = await channel.send(message(), targets([t]));
    assert.equal(out?.kind, 'delivered');
    const [first, second] = sentTo(mock, t);
    assert.equal(first?.reason, 'ExpiredProviderToken');
    assert.equal(second?.status, 200);
    assert.notEqual(first?.headers.authorization, second?.headers.authorization);
  });

  test('ExpiredProviderToken again after the refresh is a credential error', async () => {
    const t = deviceToken();
    mock.injectForToken(t, apnsFaults.expiredProviderToken(5));
    const [out] = await extra({ clock }).send(message(), targets([t]));
    assert.equal(out?.kind, 'credential_error');
    assert.equal(sentTo(mock, t).length, 2);
  });

  test("kind 'message' is a background push: push type background, priority 5, content-available", async () => {
    const t = deviceToken();
    await channel.send(message({ content: { kind: 'message', title: 'T', data: { k: 1 } } }), targets([t]));
    const [req] = sentTo(mock, t);
    assert.equal(req?.headers['apns-push-type'], 'background');
    assert.equal(req?.headers['apns-priority'], '5');
    assert.deepEqual(req?.payload?.aps, { 'content-available': 1 });
    assert.equal(req?.payload?.k, 1);
    assert.deepEqual(req?.warnings, []);
  });

  test('collapse id and expiration reach APNs as headers', async () => {
    const t = deviceToken();
    const expiresAt = clock.t + 3600_000;
    await channel.send(message({ collapseId: 'score', expiresAt }), targets([t]));
    const [req] = sentTo(mock, t);
    assert.equal(req?.headers['apns-collapse-id'], 'score');
    assert.equal(req?.headers['apns-expiration'], String(Math.floor(expiresAt / 1000)));
  });

  test('GOAWAY: the channel reconnects and the next send is delivered', async () => {
    const c = extra({ clock });
    await c.send(message(), targets(tokens(3)));
    const before = mock.stats().sessionsOpened;
    mock.goAway('Shutdown');
    const out = await c.send(message(), targets(tokens(20)));
    assert.ok(
      out.every((o) => o.kind === 'delivered'),
      JSON.stringify(out),
    );
    assert.ok(mock.stats().sessionsOpened > before);
  });

  test('503 Shutdown + GOAWAY in the middle of a 2000-token fan-out loses nothing', async () => {
    const c = extra({ clock, sessions: 1 });
    await c.send(message(), targets(tokens(1)));
    const all = tokens(2000);
    mock.injectForToken(all[500]!, apnsFaults.shutdown());
    const out = await c.send(message(), targets(all));
    assert.deepEqual(
      out.filter((o) => o.kind !== 'delivered'),
      [],
    );
  });

  const faultCases: Array<[string, ApnsFault, SendOutcome['kind']]> = [
    ['410 Unregistered', apnsFaults.unregistered(), 'invalid_token'],
    ['410 ExpiredToken', apnsFaults.expiredToken(), 'invalid_token'],
    ['400 BadDeviceToken (other environment)', apnsFaults.badDeviceToken(), 'invalid_token'],
    ['400 DeviceTokenNotForTopic', apnsFaults.deviceTokenNotForTopic(), 'invalid_token'],
    ['429 TooManyRequests', apnsFaults.tooManyRequests(), 'quota'],
    ['429 TooManyProviderTokenUpdates', apnsFaults.tooManyProviderTokenUpdates(), 'retry'],
    ['500 InternalServerError', apnsFaults.internalServerError(), 'retry'],
    ['503 ServiceUnavailable', apnsFaults.serviceUnavailable(), 'retry'],
    ['403 InvalidProviderToken', apnsFaults.invalidProviderToken(), 'credential_error'],
    ['413 PayloadTooLarge from APNs', { status: 413, reason: 'PayloadTooLarge' }, 'rejected'],
    ['400 IdleTimeout once, then resent on a new connection', apnsFaults.idleTimeout(), 'delivered'],
    ['503 Shutdown twice: resent once, then a retry', { ...apnsFaults.shutdown(), times: 2 }, 'retry'],
  ];
  for (const [name, fault, kind] of faultCases) {
    test(`${name} → ${kind}`, async () => {
      const t = deviceToken();
      mock.injectForToken(t, fault);
      const [out] = await channel.send(message(), targets([t]));
      assert.equal(out?.kind, kind, JSON.stringify(out));
    });
  }

  test('a request APNs does not answer in time is a retry', async () => {
    const t = deviceToken();
    mock.injectForToken(t, apnsFaults.slow(2000));
    const [out] = await extra({ clock, requestTimeoutMs: 200 }).send(message(), targets([t]));
    assert.equal(out?.kind, 'retry');
  });

  test('an aborted send rejects', async () => {
    const t = deviceToken();
    mock.injectForToken(t, apnsFaults.slow(2000));
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('stop')), 100);
    await assert.rejects(channel.send(message(), targets([t]), { signal: ac.signal }), /stop/);
  });

  test('a non-hex token is invalid without a request', async () => {
    const before = mock.requests().length;
    const [out] = await channel.send(message(), targets(['../../__mock/clear']));
    assert.equal(out?.kind, 'invalid_token');
    assert.equal(mock.requests().length, before);
  });

  test('a topic the key may not push to is a credential error', async () => {
    const key = throwAwayKey();
    mock.registerKey(key.teamId, key.keyId, key.publicKeyPem, TOPIC);
    const c = new ApnsChannel({
      credential: credential(key, 'com.other.app'),
      baseUrl: mock.url,
      ca: mock.ca,
      clock,
    });
    open.push(c);
    const [out] = await c.send(message(), targets(tokens(1)));
    assert.equal(out?.kind, 'credential_error');
  });

  test('a refused connection is a retry for each target', async () => {
    const dead = await startApnsMock();
    const url = dead.url;
    await dead.close();
    const c = new ApnsChannel({ credential: credential(throwAwayKey()), baseUrl: url, ca: mock.ca });
    open.push(c);
    const out = await c.send(message(), targets(tokens(3)));
    assert.deepEqual(
      out.map((o) => o.kind),
      ['retry', 'retry', 'retry'],
    );
  });
});

describe('APNs channel under load', { timeout: 60_000 }, () => {
  let mock: ApnsMock;
  let channel: ApnsChannel;
  before(async () => {
    // A low stream limit, so the pool has to queue; the mock records the peak it saw.
    mock = await startApnsMock({ maxConcurrentStreams: 100 });
    channel = channelFor(mock);
  });
  after(async () => {
    await channel.close();
    await mock.close();
  });

  test('1000 concurrent sends and a 3000-token fan-out complete over 2 connections', async () => {
    const single = await Promise.all(tokens(1000).map((t) => channel.send(message(), targets([t]))));
    assert.ok(single.every(([o]) => o?.kind === 'delivered'));
    const fan = await channel.send(message(), targets(tokens(3000)));
    assert.ok(fan.every((o) => o.kind === 'delivered'));
    const stats = mock.stats();
    assert.equal(stats.requests, 4000);
    assert.ok(stats.sessionsOpened <= 2, JSON.stringify(stats));
    assert.ok(stats.peakStreams <= 100, JSON.stringify(stats));
  });
});
