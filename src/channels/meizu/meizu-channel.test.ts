import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { channelFixture } from '../../../mocks/lib/channel-fixture.js';
import { meizuReply } from '../../../mocks/meizu/replies.js';
import { type MeizuMock, startMeizuMock } from '../../../mocks/meizu/server.js';
import { channelConformance } from '../channel-conformance.js';
import { kindsOf as kinds, orderMessage as message, targetsOf as targets } from '../channel-test-kit.js';
import { MeizuChannel } from './meizu-channel.js';

const APP_ID = '100000';
const SECRET = '9f3c7a1b2d4e6f8a0c2e4b6d8';

const open = (mock: MeizuMock, appSecret = SECRET): MeizuChannel =>
  new MeizuChannel({
    credential: { appId: APP_ID, appSecret },
    baseUrl: mock.url,
    agent: { timeoutMs: 5000 },
  });

channelConformance('Meizu Flyme Push', async () => {
  const mock = await startMeizuMock();
  mock.registerApp(APP_ID, SECRET);
  return channelFixture({
    mock,
    channel: open(mock),
    badCredentialChannel: () => open(mock, 'not-the-secret'),
    maxTokensPerRequest: 1000,
    payloadLimitBytes: 2000,
  });
});

describe('Meizu channel against the mock', { timeout: 30_000 }, () => {
  let mock: MeizuMock;
  let channel: MeizuChannel;
  before(async () => {
    mock = await startMeizuMock();
    mock.registerApp(APP_ID, SECRET);
    channel = open(mock);
  });
  after(async () => {
    await channel.close();
    await mock.close();
  });

  test('the mock recomputes the sign: a wrong AppSecret is 1006, a credential error', async () => {
    const bad = open(mock, 'wrong');
    try {
      const [out] = await bad.send(message(), targets([mock.okToken()]));
      assert.ok(out?.kind === 'credential_error' && out.reason.includes('1006'), JSON.stringify(out));
    } finally {
      await bad.close();
    }
  });

  test('value lists failed pushIds per code: 110002/110003 dead, 519 retry, the rest delivered', async () => {
    const [a, b, c, d] = [mock.okToken(), mock.deadToken(), mock.okToken(), mock.okToken()];
    const ids = [a, b, c, d] as string[];
    const out = await channel.send(message(), targets(ids));
    assert.deepEqual(kinds(out), ['delivered', 'invalid_token', 'delivered', 'delivered']);
    mock.injectForToken(a as string, {
      kind: 'reply',
      reply: meizuReply('200', '', { '110003': [b], '519': [c] }, 'msg-1'),
    });
    assert.deepEqual(kinds(await channel.send(message(), targets(ids))), [
      'delivered',
      'invalid_token',
      'retry',
      'delivered',
    ]);
  });

  test('more than 5 messages a minute to one device: 520 for that device only', async () => {
    const busy = mock.okToken();
    for (let i = 0; i < 5; i++) await channel.send(message(), targets([busy]));
    const out = await channel.send(message(), targets([busy, mock.okToken()]));
    assert.deepEqual(kinds(out), ['retry', 'delivered']);
  });

  test('the form the mock accepted: appId, comma-joined pushIds, notice-bar messageJson with parameters', async () => {
    mock.clear();
    const ids = [mock.okToken(), mock.okToken()];
    await channel.send(message({ collapseId: 'order-42' }), targets(ids));
    const form = mock.requests()[0]?.body as Record<string, string>;
    assert.equal(form.pushIds, ids.join(','));
    const m = JSON.parse(form.messageJson as string);
    assert.deepEqual(m.noticeBarInfo, { noticeBarType: 0, title: 'Order 42', content: 'Out for delivery' });
    assert.equal(m.clickTypeInfo.parameters.orderId, '42');
    assert.match(m.advanceInfo.notifyKey, /^[0-9a-zA-Z_-]{8}$/);
  });

  test('a pass-through message goes to the unvarnished endpoint', async () => {
    mock.clear();
    const out = await channel.send(
      message({ content: { kind: 'message', body: 'sync' } }),
      targets([mock.okToken()]),
    );
    assert.equal(out[0]?.kind, 'delivered');
    assert.match(mock.requests()[0]?.path ?? '', /unvarnished/);
  });
});
