import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type FcmMock, startFcmMock } from '../../../mocks/fcm/server.js';
import { newServiceAccount } from '../../../mocks/fcm/service-account.js';
import type { VendorMessage } from '../channel.js';
import { FcmChannel } from './fcm-channel.js';

const message = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: 'm-wire',
  content: { kind: 'notification', title: 'Hi', body: 'there' },
  priority: 'normal',
  collapseId: 'c-1',
  expiresAt: Date.now() + 600_000,
  ...over,
});
const to = (...tokens: string[]) => tokens.map((token, i) => ({ deviceId: `d${i}`, token }));

describe('FCM channel on the wire', { timeout: 30_000 }, () => {
  let mock: FcmMock;
  let channel: FcmChannel;

  before(async () => {
    mock = await startFcmMock();
    const account = newServiceAccount('wire-tests');
    mock.registerServiceAccount(account.credential.client_email, account.publicKeyPem, 'wire-tests');
    channel = new FcmChannel({
      credential: JSON.stringify(account.credential),
      baseUrl: mock.url,
      tokenUri: mock.tokenUri,
    });
  });
  after(async () => {
    await channel.close();
    await mock.close();
  });

  test('data values are sent as strings, which the mock (like FCM) insists on', async () => {
    const data = { n: 12, b: true, o: { a: [1, 2] }, s: 'plain', z: null };
    const [out] = await channel.send(message({ content: { kind: 'message', data } }), to('tok-data'));
    assert.equal(out?.kind, 'delivered');
    assert.match(
      out?.kind === 'delivered' ? (out.vendorMessageId ?? '') : '',
      /^projects\/wire-tests\/messages\//,
    );
    const sent = mock.requests().find((r) => r.token === 'tok-data')?.body as {
      message: { data: Record<string, string> };
    };
    assert.deepEqual(
      { ...sent.message.data, herald_id: undefined, herald_kind: undefined },
      {
        n: '12',
        b: 'true',
        o: '{"a":[1,2]}',
        s: 'plain',
        z: 'null',
        herald_id: undefined,
        herald_kind: undefined,
      },
    );
    assert.equal(sent.message.data.herald_kind, 'message');
  });

  test('FCM error codes map to outcomes', async () => {
    const cases = [
      ['invalid_token', 'invalid_token'],
      ['sender_id_mismatch', 'invalid_token'],
      ['third_party_auth', 'credential_error'],
      ['unregistered', 'invalid_token'],
      ['quota', 'quota'],
    ] as const;
    for (const [behavior, _] of cases) mock.injectForToken(`tok-${behavior}`, { kind: behavior });
    const out = await channel.send(message(), to(...cases.map(([b]) => `tok-${b}`)));
    assert.deepEqual(
      out.map((o) => o.kind),
      cases.map(([, kind]) => kind),
    );
    const quota = out[4];
    assert.ok(
      quota?.kind === 'quota' && quota.afterMs === 60_000,
      'no Retry-After: FCM says back off at least 1 min',
    );
  });

  test('a data key FCM reserves is rejected without a request', async () => {
    const before = mock.requests().length;
    const [out] = await channel.send(
      message({ content: { kind: 'message', data: { from: 'x' } } }),
      to('tok-r'),
    );
    assert.ok(out?.kind === 'rejected' && out.code === 'reserved_data_key');
    assert.equal(mock.requests().length, before);
  });

  test('an aborted send rejects', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await assert.rejects(channel.send(message(), to('tok-a'), { signal: ac.signal }), /stop/);
  });

  test('an unreachable FCM is a retry for each target', async () => {
    const account = newServiceAccount('wire-tests');
    mock.registerServiceAccount(account.credential.client_email, account.publicKeyPem, 'wire-tests');
    const ch = new FcmChannel({
      credential: account.credential,
      baseUrl: 'http://127.0.0.1:1',
      tokenUri: mock.tokenUri,
    });
    try {
      const out = await ch.send(message(), to('a', 'b'));
      assert.deepEqual(
        out.map((o) => o.kind),
        ['retry', 'retry'],
      );
    } finally {
      await ch.close();
    }
  });
});
