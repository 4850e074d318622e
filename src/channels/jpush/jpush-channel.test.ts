import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type JpushMock, startJpushMock } from '../../../mocks/jpush/server.js';
import { channelFixture } from '../../../mocks/lib/channel-fixture.js';
import { ManualClock } from '../../../mocks/lib/manual-clock.js';
import type { VendorMessage } from '../channel.js';
import { channelConformance } from '../channel-conformance.js';
import { kindsOf as kinds, orderMessage, targetsOf as targets } from '../channel-test-kit.js';
import { JpushChannel, type JpushChannelOptions } from './jpush-channel.js';

const APP_KEY = '2743204aad6fe2572aa2d8de';
const SECRET = 'e674a3d0fd42a53b9a58121c';

const open = (mock: JpushMock, over: Partial<JpushChannelOptions> = {}): JpushChannel =>
  new JpushChannel({
    credential: { appKey: APP_KEY, masterSecret: SECRET },
    baseUrl: mock.url,
    agent: { timeoutMs: 5000 },
    ...over,
  });

// One registration id per push: the only mode in which JPush names every dead id (1011 for that push).
// The default batch mode cannot pass the suite's "dead token among live ones" test; see the batch tests.
channelConformance('JPush (one id per push)', async () => {
  const mock = await startJpushMock();
  mock.registerApp(APP_KEY, SECRET);
  return channelFixture({
    mock,
    channel: open(mock, { maxTokensPerRequest: 1 }),
    badCredentialChannel: () =>
      open(mock, {
        maxTokensPerRequest: 1,
        credential: { appKey: APP_KEY, masterSecret: '000000000000000000000000' },
      }),
    maxTokensPerRequest: 1,
    payloadLimitBytes: 4000,
  });
});

const message = (over: Partial<VendorMessage> = {}): VendorMessage =>
  orderMessage({ priority: 'normal', ...over });

describe('JPush channel in batch mode (default: 1000 ids per push)', { timeout: 30_000 }, () => {
  let mock: JpushMock;
  let channel: JpushChannel;
  before(async () => {
    mock = await startJpushMock({ ratePerMinute: 10_000 });
    mock.registerApp(APP_KEY, SECRET);
    channel = open(mock);
  });
  after(async () => {
    await channel.close();
    await mock.close();
  });

  test('2001 ids go out as three pushes and each id exactly once', async () => {
    mock.clear();
    const tokens = Array.from({ length: 2001 }, () => mock.okToken());
    const out = await channel.send(message(), targets(tokens));
    assert.ok(out.every((o) => o.kind === 'delivered'));
    assert.deepEqual(
      mock.requests().map((r) => r.tokens.length),
      [1000, 1000, 1],
    );
  });

  test('1011 for a batch means none matched: every id of that batch is dead', async () => {
    assert.deepEqual(kinds(await channel.send(message(), targets([mock.deadToken(), mock.deadToken()]))), [
      'invalid_token',
      'invalid_token',
    ]);
  });

  test('limitation: a dead id among live ones is skipped silently by JPush and reported delivered', async () => {
    const out = await channel.send(message(), targets([mock.okToken(), mock.deadToken(), mock.okToken()]));
    assert.deepEqual(kinds(out), ['delivered', 'delivered', 'delivered']);
  });

  test('the push object the mock accepted: platform all, registration ids, android alert, options', async () => {
    mock.clear();
    const tokens = [mock.okToken(), mock.okToken()];
    await channel.send(message({ collapseId: 'order-42', expiresAt: Date.now() + 60_000 }), targets(tokens));
    const body = mock.requests()[0]?.body as Record<string, Record<string, unknown>>;
    assert.equal(body.platform, 'all');
    assert.deepEqual(body.audience, { registration_id: tokens });
    const android = (body.notification as Record<string, Record<string, unknown>>).android ?? {};
    assert.equal(android.alert, 'Out for delivery');
    assert.equal((android.extras as Record<string, unknown>).orderId, '42');
    assert.equal(body.options?.apns_production, true);
    assert.equal(body.options?.apns_collapse_id, 'order-42');
    assert.ok((body.options?.time_to_live as number) <= 60);
  });

  test('a pass-through message is a JPush custom message', async () => {
    mock.clear();
    const out = await channel.send(
      message({ content: { kind: 'message', body: 'sync' } }),
      targets([mock.okToken()]),
    );
    assert.equal(out[0]?.kind, 'delivered');
    const body = mock.requests()[0]?.body as Record<string, unknown>;
    assert.deepEqual((body.message as Record<string, unknown>).msg_content, 'sync');
    assert.equal(body.notification, undefined);
  });
});

test('JPush: over the per-minute rate limit is quota until X-Rate-Limit-Reset', {
  timeout: 30_000,
}, async () => {
  const clock = new ManualClock();
  const mock = await startJpushMock({ clock, ratePerMinute: 2 });
  mock.registerApp(APP_KEY, SECRET);
  const channel = open(mock, { clock });
  try {
    await channel.send(message(), targets([mock.okToken()]));
    clock.advance(15_000);
    await channel.send(message(), targets([mock.okToken()]));
    const [third] = await channel.send(message(), targets([mock.okToken()]));
    assert.ok(third?.kind === 'quota' && third.afterMs === 45_000, JSON.stringify(third));
    clock.advance(45_000);
    assert.equal((await channel.send(message(), targets([mock.okToken()])))[0]?.kind, 'delivered');
  } finally {
    await channel.close();
    await mock.close();
  }
});
