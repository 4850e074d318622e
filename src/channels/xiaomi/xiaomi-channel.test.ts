import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { channelFixture } from '../../../mocks/lib/channel-fixture.js';
import { xiaomiError } from '../../../mocks/xiaomi/replies.js';
import { startXiaomiMock, type XiaomiMock } from '../../../mocks/xiaomi/server.js';
import { channelConformance } from '../channel-conformance.js';
import { kindsOf as kinds, orderMessage as message, targetsOf as targets } from '../channel-test-kit.js';
import { XiaomiChannel } from './xiaomi-channel.js';

const SECRET = 'Wc5Xn3pD0aA3bFq9Lr+2zQ==';
const PKG = 'com.example.herald';

const open = (mock: XiaomiMock, appSecret = SECRET): XiaomiChannel =>
  new XiaomiChannel({
    credential: { appSecret, packageName: PKG },
    baseUrl: mock.url,
    agent: { timeoutMs: 5000 },
  });

channelConformance('Xiaomi MiPush', async () => {
  const mock = await startXiaomiMock();
  mock.registerApp(SECRET, PKG);
  return channelFixture({
    mock,
    channel: open(mock),
    badCredentialChannel: () => open(mock, 'revoked-secret'),
    maxTokensPerRequest: 1000,
    payloadLimitBytes: 4096,
  });
});

describe('Xiaomi channel against the mock', { timeout: 30_000 }, () => {
  let mock: XiaomiMock;
  let channel: XiaomiChannel;
  before(async () => {
    mock = await startXiaomiMock();
    mock.registerApp(SECRET, PKG);
    channel = open(mock);
  });
  after(async () => {
    await channel.close();
    await mock.close();
  });

  test('bad_regids in a success answer map per regid; the unknown ones reach the feedback queue', async () => {
    mock.clear();
    const dead = [mock.deadToken(), mock.deadToken()];
    const out = await channel.send(
      message(),
      targets([mock.okToken(), dead[0] as string, mock.okToken(), dead[1] as string]),
    );
    assert.deepEqual(kinds(out), ['delivered', 'invalid_token', 'delivered', 'invalid_token']);
    assert.equal(mock.requests().length, 1);
    assert.deepEqual(mock.feedbackQueue().slice(-2), dead);
    assert.ok(out[0]?.kind === 'delivered' && out[0].vendorMessageId?.startsWith('scm'));
  });

  test('20301 "No valid targets!" marks the whole batch dead', async () => {
    assert.deepEqual(kinds(await channel.send(message(), targets([mock.deadToken(), mock.deadToken()]))), [
      'invalid_token',
      'invalid_token',
    ]);
  });

  test('the key= header is checked: a wrong secret is 21301, a credential error for every target', async () => {
    const bad = open(mock, 'wrong');
    try {
      const out = await bad.send(message(), targets([mock.okToken()]));
      assert.equal(out[0]?.kind, 'credential_error');
      assert.match((out[0] as { reason: string }).reason, /21301/);
    } finally {
      await bad.close();
    }
  });

  test('10034 (daily quota) is quota until midnight in Beijing; 10027 is quota for a minute', async () => {
    const daily = mock.okToken();
    mock.injectForToken(daily, { kind: 'quota' });
    const [q] = await channel.send(message(), targets([daily]));
    assert.ok(q?.kind === 'quota' && q.afterMs > 0 && q.afterMs <= 86_400_000, JSON.stringify(q));
    const busy = mock.okToken();
    mock.injectForToken(busy, { kind: 'reply', reply: xiaomiError(10027, 'Too frequent') });
    const [r] = await channel.send(message(), targets([busy]));
    assert.ok(r?.kind === 'quota' && r.afterMs === 60_000);
  });

  test('the mock accepted the form: package, pass_through, URL-encoded payload, regids comma-joined', async () => {
    mock.clear();
    const tokens = [mock.okToken(), mock.okToken()];
    await channel.send(message({ overrides: { xiaomi: { channel_id: 'orders' } } }), targets(tokens));
    const form = mock.requests()[0]?.body as Record<string, string>;
    assert.equal(form.registration_id, tokens.join(','));
    assert.equal(form.restricted_package_name, PKG);
    assert.equal(form.pass_through, '0');
    assert.equal(form['extra.channel_id'], 'orders');
    assert.equal(JSON.parse(decodeURIComponent(form.payload as string)).orderId, '42');
  });

  test('a pass-through message needs no title and carries its text in the payload', async () => {
    mock.clear();
    const out = await channel.send(
      message({ content: { kind: 'message', body: 'sync' } }),
      targets([mock.okToken()]),
    );
    assert.equal(out[0]?.kind, 'delivered');
    const form = mock.requests()[0]?.body as Record<string, string>;
    assert.equal(form.pass_through, '1');
    assert.equal(form.title, undefined);
  });
});
