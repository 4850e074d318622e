import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { channelFixture } from '../../../mocks/lib/channel-fixture.js';
import { ManualClock } from '../../../mocks/lib/manual-clock.js';
import { startVivoMock, type VivoMock } from '../../../mocks/vivo/server.js';
import { channelConformance } from '../channel-conformance.js';
import { kindsOf as kinds, orderMessage as message, targetsOf as targets } from '../channel-test-kit.js';
import { batchesOfTwoOrMore } from './batches.js';
import { VivoChannel } from './vivo-channel.js';

const APP_ID = '10004';
const APP_KEY = '25509283-3767-4b9e-83fe-b6e55ac6243e';
const SECRET = 'a8f3c2e1d0b94f76';

const open = (mock: VivoMock, appSecret = SECRET, clock?: ManualClock): VivoChannel =>
  new VivoChannel({
    credential: { appId: APP_ID, appKey: APP_KEY, appSecret },
    baseUrl: mock.url,
    clock,
    agent: { timeoutMs: 5000 },
  });

channelConformance('vivo Push', async () => {
  const mock = await startVivoMock();
  mock.registerApp(APP_ID, APP_KEY, SECRET);
  return channelFixture({
    mock,
    channel: open(mock),
    badCredentialChannel: () => open(mock, 'not-the-secret'),
    maxTokensPerRequest: 1000,
    payloadLimitBytes: 1024,
  });
});

describe('vivo channel against the mock', { timeout: 30_000 }, () => {
  const clock = new ManualClock();
  let mock: VivoMock;
  let channel: VivoChannel;
  before(async () => {
    mock = await startVivoMock({ clock });
    mock.registerApp(APP_ID, APP_KEY, SECRET);
    channel = open(mock, SECRET, clock);
  });
  after(async () => {
    await channel.close();
    await mock.close();
  });

  test('authToken: one auth for concurrent sends, renewed after an hour as vivo advises', async () => {
    mock.clear();
    await Promise.all([1, 2, 3].map(() => channel.send(message(), targets([mock.okToken()]))));
    assert.equal(mock.authRequests(), 1);
    clock.advance(59 * 60_000);
    await channel.send(message(), targets([mock.okToken()]));
    assert.equal(mock.authRequests(), 1);
    clock.advance(2 * 60_000);
    assert.equal((await channel.send(message(), targets([mock.okToken()])))[0]?.kind, 'delivered');
    assert.equal(mock.authRequests(), 2);
  });

  test('a refused authToken re-authenticates once and resends', async () => {
    mock.clear();
    mock.expireAuthTokens();
    assert.deepEqual(kinds(await channel.send(message(), targets([mock.okToken(), mock.okToken()]))), [
      'delivered',
      'delivered',
    ]);
    assert.equal(mock.authRequests(), 1);
  });

  test('pushToList invalidUsers map per regId; save once, then one pushToList', async () => {
    mock.clear();
    const out = await channel.send(
      message(),
      targets([mock.deadToken(), mock.okToken(), mock.okToken(), mock.deadToken()]),
    );
    assert.deepEqual(kinds(out), ['invalid_token', 'delivered', 'delivered', 'invalid_token']);
    assert.deepEqual(
      mock.requests().map((r) => r.path),
      ['/message/pushToList'],
    );
  });

  test('single send: 10302 with invalidUser is a dead token; the requestId is stable per message and device', async () => {
    mock.clear();
    assert.equal((await channel.send(message(), targets([mock.deadToken()])))[0]?.kind, 'invalid_token');
    const ok = mock.okToken();
    await channel.send(message(), targets([ok]));
    await channel.send(message(), targets([ok]));
    const [a, b] = mock
      .requests()
      .slice(1)
      .map((r) => (r.body as Record<string, unknown>).requestId);
    assert.equal(a, b);
  });

  test('the body the mock accepted: appId, notifyType, skipType, clientCustomMap of strings', async () => {
    mock.clear();
    const msg = message({
      overrides: { vivo: { classification: 1, click_action: 'intent', intent: 'intent:#Intent;end' } },
    });
    await channel.send(msg, targets([mock.okToken()]));
    const body = mock.requests()[0]?.body as Record<string, unknown>;
    assert.equal(body.appId, APP_ID);
    assert.equal(body.classification, 1);
    assert.equal(body.skipType, 4);
    assert.deepEqual(body.clientCustomMap, { herald_id: 'm-1', herald_kind: 'notification', orderId: '42' });
  });

  test('pass-through kinds are refused: vivo has notification messages only', async () => {
    const [out] = await channel.send(
      message({ content: { kind: 'config', body: '{}' } }),
      targets([mock.okToken()]),
    );
    assert.ok(out?.kind === 'rejected' && out.code === 'unsupported_kind');
  });
});

test('batchesOfTwoOrMore never leaves a lone regId', { timeout: 30_000 }, () => {
  assert.deepEqual(
    batchesOfTwoOrMore([1, 2, 3, 4], 3).map((b) => b.length),
    [2, 2],
  );
  assert.deepEqual(
    batchesOfTwoOrMore([1, 2, 3, 4, 5, 6, 7], 2).map((b) => b.length),
    [3, 2, 2],
    'a size under 3 is raised to 3',
  );
  assert.deepEqual(
    batchesOfTwoOrMore(
      Array.from({ length: 2001 }, (_, i) => i),
      1000,
    ).map((b) => b.length),
    [1000, 999, 2],
  );
  assert.deepEqual(
    batchesOfTwoOrMore([1, 2, 3], 1000).map((b) => b.length),
    [3],
  );
});
