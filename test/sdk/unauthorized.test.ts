import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientFor, gatewayFor } from './fixtures.js';
import { recordEvents } from './record-events.js';
import { sleep, waitFor } from './wait.js';

describe('unauthorized', { timeout: 10_000 }, () => {
  test('close code 4001 emits a fatal unauthorized error and never reconnects', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway, { reconnect: { minMs: 5, maxMs: 5 } });
    const events = recordEvents(client);
    client.connect();
    await waitFor('open', () => events.open.length === 1);

    gateway.closeAll(4001, 'device unregistered');
    await waitFor('close', () => events.close.length === 1);

    assert.deepEqual(events.error, [
      { code: 'unauthorized', message: 'device token rejected; not reconnecting', source: 'client' },
    ]);
    assert.deepEqual(events.close, [{ code: 4001, reason: 'device unregistered', willReconnect: false }]);
    assert.equal(client.state, 'closed');
    await sleep(150);
    assert.equal(gateway.connectionCount(), 1);
    assert.equal(events.reconnecting.length, 0);
  });

  test('HTTP 401 at the upgrade (visible through ws in Node) is fatal too', async (t) => {
    const gateway = await gatewayFor(t, { token: 'the-real-token' });
    const client = clientFor(t, gateway, { token: 'revoked-token', reconnect: { minMs: 5, maxMs: 5 } });
    const events = recordEvents(client);
    client.connect();
    await waitFor('close', () => events.close.length === 1);

    assert.deepEqual(
      events.error.map((e) => e.code),
      ['unauthorized'],
    );
    assert.equal(events.close[0]!.willReconnect, false);
    assert.equal(client.state, 'closed');
    await sleep(150);
    assert.equal(gateway.upgrades.length, 1);
    assert.equal(gateway.upgrades[0]!.accepted, false);
    assert.equal(events.reconnecting.length, 0);
  });

  test('other server errors at the upgrade (e.g. 503) keep reconnecting', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway, { url: `${gateway.origin}/not-the-endpoint` });
    const events = recordEvents(client);
    client.connect();
    await waitFor('two attempts', () => events.reconnecting.length >= 2);
    assert.ok(events.error.every((e) => e.code === 'socket_error'));
    assert.ok(events.close.every((c) => c.willReconnect));
  });

  test('connect() after a fatal close starts over', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const events = recordEvents(client);
    client.connect();
    await waitFor('open', () => events.open.length === 1);
    gateway.closeAll(4001, 'token revoked');
    await waitFor('closed', () => client.state === 'closed');
    client.connect();
    await waitFor('open again', () => events.open.length === 2);
  });
});
