import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import WebSocket from 'ws';
import { HeraldClient } from '../../sdk/index.js';
import { messageFrame } from './fake-gateway.js';
import { clientFor, gatewayFor } from './fixtures.js';
import { recordEvents } from './record-events.js';
import { nextEvent, waitFor } from './wait.js';

describe('connect', { timeout: 10_000 }, () => {
  test('connects with ?token=, emits open on hello, delivers a message and auto-acks it', async (t) => {
    const gateway = await gatewayFor(t, { deviceId: 'dev-42', heartbeatMs: 20_000 });
    const client = clientFor(t, gateway);
    assert.equal(client.state, 'idle');

    const opened = nextEvent(client, 'open');
    client.connect();
    assert.equal(client.state, 'connecting');
    const hello = await opened;

    assert.deepEqual(hello, {
      type: 'hello',
      deviceId: 'dev-42',
      heartbeatMs: 20_000,
      server: 'herald/fake',
    });
    assert.equal(client.state, 'open');
    assert.equal(gateway.upgrades.length, 1);
    const upgrade = new URL(gateway.upgrades[0]!.url, 'http://x');
    assert.equal(upgrade.pathname, '/v1/connect');
    assert.equal(upgrade.searchParams.get('token'), gateway.token);

    const received = nextEvent(client, 'message');
    const sent = gateway.publish({
      id: 'm-1',
      kind: 'notification',
      title: 'Hi',
      body: 'there',
      data: { orderId: 7, nested: { ok: true } },
      action: { type: 'url', value: 'https://example.com/o/7' },
      badge: 3,
      sound: 'ding',
      collapseId: 'orders',
      priority: 'high',
      sentAt: 1_700_000_000_000,
      expiresAt: 1_900_000_000_000,
    });
    assert.deepEqual(await received, sent);

    const acks = await waitFor('ack 2', () => gateway.acks().length > 0 && gateway.acks());
    assert.deepEqual(acks, [{ type: 'ack', id: 'm-1', status: 2 }]);
  });

  test('accepts the server origin and http(s) URLs, adding /v1/connect', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway, { url: `${gateway.origin}/` });
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;
    assert.equal(new URL(gateway.upgrades[0]!.url, 'http://x').pathname, '/v1/connect');
  });

  test('connect() while connecting or open does not open a second socket', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const opened = nextEvent(client, 'open');
    client.connect();
    client.connect();
    await opened;
    client.connect();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(gateway.connectionCount(), 1);
  });

  test('close() closes the socket with 1000, emits close without reconnect, and is final', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const events = recordEvents(client);
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;

    client.close();
    assert.equal(client.state, 'closed');
    assert.deepEqual(events.close, [{ code: 1000, reason: 'client closed', willReconnect: false }]);
    await waitFor('server to see the close', () => gateway.liveCount() === 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(gateway.connectionCount(), 1);
    assert.equal(events.reconnecting.length, 0);
  });

  test('messages are passed through with fields the SDK does not know', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;
    const received = nextEvent(client, 'message');
    const raw = { ...messageFrame({ id: 'm-x', sentAt: 1 }), futureField: [1, 2] };
    gateway.sendRaw(JSON.stringify(raw));
    assert.deepEqual(await received, raw);
  });

  test('option and argument validation', () => {
    const base = { url: 'ws://127.0.0.1:1/v1/connect', token: 't', webSocket: WebSocket };
    assert.throws(() => new HeraldClient({ ...base, token: '' }), TypeError);
    assert.throws(() => new HeraldClient({ ...base, url: 'ftp://x' }), TypeError);
    assert.throws(() => new HeraldClient({ ...base, reconnect: { jitter: 2 } }), RangeError);
    assert.throws(() => new HeraldClient({ ...base, reconnect: { minMs: 100, maxMs: 10 } }), RangeError);
    assert.throws(() => new HeraldClient({ ...base, dedupSize: 0 }), RangeError);
    assert.throws(() => new HeraldClient(base).ack('m', 5 as 2), RangeError);
    // Node 20 has no global WebSocket: the error must say what to pass.
    if (!('WebSocket' in globalThis)) {
      assert.throws(() => new HeraldClient({ url: base.url, token: 't' }), /webSocket option/);
    }
  });
});
