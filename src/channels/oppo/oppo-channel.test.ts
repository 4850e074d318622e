import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { channelFixture } from '../../../mocks/lib/channel-fixture.js';
import { ManualClock } from '../../../mocks/lib/manual-clock.js';
import { type OppoMock, startOppoMock } from '../../../mocks/oppo/server.js';
import { channelConformance } from '../channel-conformance.js';
import { kindsOf as kinds, orderMessage as message, targetsOf as targets } from '../channel-test-kit.js';
import { OppoChannel } from './oppo-channel.js';

const APP_KEY = 'b8eaa4a1c5e14b6f9d08c1f4';
const MASTER = 'd1c2e9f0a3b84c7d9e0f1a2b3c4d5e6f';

const open = (mock: OppoMock, masterSecret = MASTER, clock?: ManualClock): OppoChannel =>
  new OppoChannel({
    credential: { appKey: APP_KEY, masterSecret },
    baseUrl: mock.url,
    clock,
    agent: { timeoutMs: 5000 },
  });

channelConformance('OPPO Push', async () => {
  const mock = await startOppoMock();
  mock.registerApp(APP_KEY, MASTER);
  return channelFixture({
    mock,
    channel: open(mock),
    badCredentialChannel: () => open(mock, 'not-the-master-secret'),
    maxTokensPerRequest: 1000,
    payloadLimitBytes: 4000,
  });
});

describe('OPPO channel against the mock', { timeout: 30_000 }, () => {
  const clock = new ManualClock();
  let mock: OppoMock;
  let channel: OppoChannel;
  before(async () => {
    mock = await startOppoMock({ clock });
    mock.registerApp(APP_KEY, MASTER);
    channel = open(mock, MASTER, clock);
  });
  after(async () => {
    await channel.close();
    await mock.close();
  });

  test('auth_token: one auth for concurrent sends, kept 23 hours, renewed after', async () => {
    mock.clear();
    await Promise.all([1, 2, 3].map(() => channel.send(message(), targets([mock.okToken()]))));
    assert.equal(mock.authRequests(), 1);
    clock.advance(22 * 3_600_000);
    await channel.send(message(), targets([mock.okToken()]));
    assert.equal(mock.authRequests(), 1);
    clock.advance(2 * 3_600_000);
    assert.equal((await channel.send(message(), targets([mock.okToken()])))[0]?.kind, 'delivered');
    assert.equal(mock.authRequests(), 2);
  });

  test('code 11 (invalid AuthToken) re-authenticates once and resends', async () => {
    mock.clear();
    mock.expireAuthTokens();
    const out = await channel.send(message(), targets([mock.okToken(), mock.okToken()]));
    assert.deepEqual(kinds(out), ['delivered', 'delivered']);
    assert.equal(mock.authRequests(), 1);
  });

  test('a broadcast answer listing ids under "10000" maps per id, in one broadcast', async () => {
    mock.clear();
    const out = await channel.send(message(), targets([mock.okToken(), mock.deadToken(), mock.okToken()]));
    assert.deepEqual(kinds(out), ['delivered', 'invalid_token', 'delivered']);
    assert.equal(mock.requests().length, 1);
    const only = mock.requests()[0]!;
    assert.equal(only.path, '/server/v1/message/notification/broadcast');
    assert.equal((only.body as Record<string, string>).target_value?.split(';').length, 3);
  });

  test('a single target goes by unicast; an unknown id there is 10000 → invalid_token', async () => {
    mock.clear();
    assert.equal((await channel.send(message(), targets([mock.deadToken()])))[0]?.kind, 'invalid_token');
    assert.equal(mock.requests()[0]?.path, '/server/v1/message/notification/unicast');
  });

  test('pass-through kinds are refused without a request: OPPO has notification messages only', async () => {
    mock.clear();
    const [out] = await channel.send(
      message({ content: { kind: 'message', body: 'x' } }),
      targets([mock.okToken()]),
    );
    assert.ok(out?.kind === 'rejected' && out.code === 'unsupported_kind');
    assert.equal(mock.requests().length, 0);
  });

  test('the notification the mock accepted: text, click action, channel, app data as action_parameters', async () => {
    mock.clear();
    const msg = message({
      overrides: { oppo: { channel_id: 'orders', click_action: 'intent', intent: 'intent:#Intent;end' } },
    });
    await channel.send(msg, targets([mock.okToken()]));
    const n = (mock.requests()[0]!.body as { notification: Record<string, unknown> }).notification;
    assert.equal(n.title, 'Order 42');
    assert.equal(n.channel_id, 'orders');
    assert.equal(n.click_action_type, 5);
    assert.equal(JSON.parse(n.action_parameters as string).orderId, '42');
  });
});
