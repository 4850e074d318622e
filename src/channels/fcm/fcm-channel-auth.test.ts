import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type FcmMock, startFcmMock } from '../../../mocks/fcm/server.js';
import { newServiceAccount, type TestServiceAccount } from '../../../mocks/fcm/service-account.js';
import type { VendorMessage } from '../channel.js';
import { FcmChannel } from './fcm-channel.js';

const message = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: 'm-1',
  content: { kind: 'notification', title: 'Hi', body: 'there' },
  priority: 'high',
  collapseId: null,
  expiresAt: null,
  ...over,
});
const to = (...tokens: string[]) => tokens.map((token, i) => ({ deviceId: `d${i}`, token }));

describe('FCM access token', { timeout: 30_000 }, () => {
  const clock = {
    t: Date.now(),
    now() {
      return this.t;
    },
  };
  let mock: FcmMock;
  let account: TestServiceAccount;
  let channel: FcmChannel;

  before(async () => {
    mock = await startFcmMock({ clock });
    account = newServiceAccount('auth-tests');
    mock.registerServiceAccount(account.credential.client_email, account.publicKeyPem, 'auth-tests');
    channel = new FcmChannel({
      credential: account.credential,
      baseUrl: mock.url,
      tokenUri: mock.tokenUri,
      clock,
    });
  });
  after(async () => {
    await channel.close();
    await mock.close();
  });
  beforeEach(() => mock.clear());

  test('is cached across sends and refreshed five minutes before expiry', async () => {
    const fresh = new FcmChannel({
      credential: account.credential,
      baseUrl: mock.url,
      tokenUri: mock.tokenUri,
      clock,
    });
    try {
      await fresh.send(message(), to('a'));
      await fresh.send(message(), to('b', 'c'));
      assert.equal(mock.tokenRequests(), 1);
      clock.t += 54 * 60_000;
      await fresh.send(message(), to('d'));
      assert.equal(mock.tokenRequests(), 1, 'still inside expires_in minus 5 min');
      clock.t += 2 * 60_000;
      const out = await fresh.send(message(), to('e'));
      assert.deepEqual(out, [out[0]]);
      assert.equal(out[0]?.kind, 'delivered');
      assert.equal(mock.tokenRequests(), 2);
    } finally {
      await fresh.close();
    }
  });

  test('a revoked access token gets 401, one refresh, then success', async () => {
    await channel.send(message(), to('warm-up'));
    mock.clear();
    mock.revokeAccessTokens();
    const out = await channel.send(message(), to('x'));
    assert.equal(out[0]?.kind, 'delivered');
    assert.deepEqual(
      mock.requests().map((r) => r.status),
      [401, 200],
    );
    assert.equal(mock.tokenRequests(), 1);
  });

  test('a burst of 401s for one stale token refreshes it once', async () => {
    await channel.send(message(), to('warm-up'));
    mock.clear();
    mock.revokeAccessTokens();
    const out = await channel.send(message(), to('p', 'q', 'r', 's', 't'));
    assert.ok(
      out.every((o) => o.kind === 'delivered'),
      JSON.stringify(out),
    );
    assert.equal(mock.tokenRequests(), 1);
  });

  test('a key the token endpoint refuses is a credential error naming invalid_grant', async () => {
    const impostor = newServiceAccount('auth-tests', account.credential.client_email);
    const bad = new FcmChannel({
      credential: impostor.credential,
      baseUrl: mock.url,
      tokenUri: mock.tokenUri,
      clock,
    });
    try {
      const out = await bad.send(message(), to('a', 'b'));
      assert.deepEqual(
        out.map((o) => o.kind),
        ['credential_error', 'credential_error'],
      );
      assert.match(JSON.stringify(out[0]), /invalid_grant/);
      assert.equal(mock.requests().length, 0, 'no messages:send without a token');
    } finally {
      await bad.close();
    }
  });

  test('a token endpoint outage is a retry, not a credential error', async () => {
    const cold = new FcmChannel({
      credential: account.credential,
      baseUrl: mock.url,
      tokenUri: mock.tokenUri,
      clock,
    });
    try {
      mock.injectTokenEndpoint('server_error');
      const [out] = await cold.send(message(), to('a'));
      assert.equal(out?.kind, 'retry');
    } finally {
      await cold.close();
    }
  });

  test('a service account of another project is refused with 403 and reported as a credential error', async () => {
    const stranger = newServiceAccount('other-project');
    mock.registerServiceAccount(stranger.credential.client_email, stranger.publicKeyPem, 'other-project');
    const wrong = { ...stranger.credential, project_id: 'auth-tests' };
    const ch = new FcmChannel({ credential: wrong, baseUrl: mock.url, tokenUri: mock.tokenUri, clock });
    try {
      const [out] = await ch.send(message(), to('a'));
      assert.equal(out?.kind, 'credential_error');
    } finally {
      await ch.close();
    }
  });
});
