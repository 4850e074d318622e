import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type HmsMock, startHmsMock } from '../../../mocks/hms/server.js';
import { channelFixture } from '../../../mocks/lib/channel-fixture.js';
import { ManualClock } from '../../../mocks/lib/manual-clock.js';
import type { VendorMessage } from '../channel.js';
import { channelConformance } from '../channel-conformance.js';
import { orderMessage, targetsOf as targets } from '../channel-test-kit.js';
import { HmsChannel } from './hms-channel.js';

const APP_ID = '103456789';
const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

const open = (mock: HmsMock, clientSecret = SECRET, clock?: ManualClock): HmsChannel =>
  new HmsChannel({
    credential: { appId: APP_ID, clientSecret },
    baseUrl: mock.url,
    tokenUrl: mock.tokenUrl,
    clock,
    agent: { timeoutMs: 5000 },
  });

channelConformance('HMS Push Kit', async () => {
  const mock = await startHmsMock();
  mock.registerApp(APP_ID, SECRET);
  return channelFixture({
    mock,
    channel: open(mock),
    badCredentialChannel: () => open(mock, 'not-the-secret'),
    maxTokensPerRequest: 1000,
    payloadLimitBytes: 4096,
  });
});

const message = (over: Partial<VendorMessage> = {}): VendorMessage =>
  orderMessage({
    priority: 'normal',
    content: { kind: 'notification', title: 'Order 42', body: 'Out for delivery' },
    ...over,
  });

describe('HMS channel against the mock', { timeout: 30_000 }, () => {
  const clock = new ManualClock();
  let mock: HmsMock;
  let channel: HmsChannel;
  before(async () => {
    mock = await startHmsMock({ clock });
    mock.registerApp(APP_ID, SECRET);
    channel = open(mock, SECRET, clock);
  });
  after(async () => {
    await channel.close();
    await mock.close();
  });

  test('the access token is fetched once, shared by concurrent sends, and refreshed near expiry', async () => {
    mock.clear();
    await Promise.all([1, 2, 3].map(() => channel.send(message(), targets([mock.okToken()]))));
    assert.equal(mock.tokenRequests(), 1);
    clock.advance(30 * 60_000);
    await channel.send(message(), targets([mock.okToken()]));
    assert.equal(mock.tokenRequests(), 1, 'still fresh after 30 minutes');
    clock.advance(26 * 60_000);
    const out = await channel.send(message(), targets([mock.okToken()]));
    assert.equal(out[0]?.kind, 'delivered');
    assert.equal(mock.tokenRequests(), 2, 'refreshed five minutes before the hour');
  });

  test('80200003 (token expired at Huawei) refreshes once and resends', async () => {
    await channel.send(message(), targets([mock.okToken()]));
    mock.clear();
    mock.expireAccessTokens();
    const out = await channel.send(message(), targets([mock.okToken()]));
    assert.equal(out[0]?.kind, 'delivered');
    assert.equal(mock.tokenRequests(), 1);
    assert.equal(mock.requests().length, 1);
  });

  test('a secret revoked mid-run becomes a credential error after one refresh attempt', async () => {
    const revoked = await startHmsMock();
    revoked.registerApp(APP_ID, SECRET);
    const ch = open(revoked);
    try {
      assert.equal((await ch.send(message(), targets([revoked.okToken()])))[0]?.kind, 'delivered');
      revoked.registerApp(APP_ID, 'rotated-in-the-console');
      revoked.expireAccessTokens();
      const out = await ch.send(message(), targets([revoked.okToken(), revoked.okToken()]));
      assert.deepEqual(
        out.map((o) => o.kind),
        ['credential_error', 'credential_error'],
      );
    } finally {
      await ch.close();
      await revoked.close();
    }
  });

  test('80100000 partial success maps illegal_tokens to invalid_token, the rest delivered, in one request', async () => {
    mock.clear();
    const tokens = [mock.okToken(), mock.deadToken(), mock.okToken(), mock.deadToken()];
    const out = await channel.send(message(), targets(tokens));
    assert.deepEqual(
      out.map((o) => o.kind),
      ['delivered', 'invalid_token', 'delivered', 'invalid_token'],
    );
    assert.equal(mock.requests().length, 1);
    assert.equal(mock.requests()[0]?.status, 200);
  });

  test('80300007 (all tokens invalid) marks every token of the batch invalid', async () => {
    const out = await channel.send(message(), targets([mock.deadToken(), mock.deadToken()]));
    assert.deepEqual(
      out.map((o) => o.kind),
      ['invalid_token', 'invalid_token'],
    );
  });

  test('a pass-through message over 4096 bytes of data is rejected without a request', async () => {
    mock.clear();
    const big = message({ content: { kind: 'message', data: { blob: 'x'.repeat(4100) } } });
    const out = await channel.send(big, targets([mock.okToken()]));
    assert.equal(out[0]?.kind, 'rejected');
    assert.equal(mock.requests().length, 0);
  });

  test('the mock accepted what the channel sent: click_action, ttl and the token list', async () => {
    mock.clear();
    const token = mock.okToken();
    await channel.send(message({ expiresAt: clock.now() + 3600_000 }), targets([token]));
    const body = mock.requests()[0]?.body as { message: Record<string, unknown> };
    assert.deepEqual(body.message.token, [token]);
    assert.deepEqual(body.message.android, {
      ttl: '3600s',
      notification: { title: 'Order 42', body: 'Out for delivery', click_action: { type: 3 } },
    });
  });
});
