import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientFor, gatewayFor } from './fixtures.js';
import { recordEvents } from './record-events.js';
import { sleep, waitFor } from './wait.js';

describe('heartbeat', { timeout: 10_000 }, () => {
  test('a server that goes silent is declared dead after 2x heartbeatMs and the client reconnects', async (t) => {
    const heartbeatMs = 100;
    const gateway = await gatewayFor(t, { heartbeatMs, silent: true });
    const client = clientFor(t, gateway, { reconnect: { minMs: 10, maxMs: 10 } });
    const events = recordEvents(client);
    let openedAt = 0;
    client.on('open', () => {
      openedAt ||= Date.now();
    });
    client.connect();
    await waitFor('open', () => events.open.length === 1);

    await waitFor('dead connection detected', () => events.close.length === 1);
    const detectedAfter = Date.now() - openedAt;
    assert.deepEqual(events.close[0], { code: 1006, reason: 'heartbeat timeout', willReconnect: true });
    // After two missed heartbeats, not one (with slack: Node may fire timers a little early).
    assert.ok(detectedAfter >= 1.5 * heartbeatMs, `detected after ${detectedAfter} ms, before 2x heartbeat`);
    assert.ok(detectedAfter < 2000, `detected after ${detectedAfter} ms`);
    // The client kept pinging on the heartbeat while waiting.
    assert.ok(gateway.received.some((r) => r.connection === 1 && r.frame.type === 'ping'));

    await waitFor('reconnected', () => events.open.length === 2);
    assert.equal(gateway.connectionCount(), 2);
  });

  test('pongs keep a quiet connection alive', async (t) => {
    // Generous heartbeat: the margin for a pong is one heartbeat minus the round trip, and CI
    // machines running tests in parallel can stall the event loop for a while.
    const gateway = await gatewayFor(t, { heartbeatMs: 200 });
    const client = clientFor(t, gateway);
    const events = recordEvents(client);
    client.connect();
    await waitFor('open', () => events.open.length === 1);
    await sleep(1100); // five heartbeats with nothing but ping/pong
    assert.equal(events.close.length, 0);
    assert.equal(gateway.connectionCount(), 1);
    const pings = gateway.received.filter((r) => r.frame.type === 'ping');
    assert.ok(pings.length >= 3, `sent ${pings.length} pings`);
    assert.ok(events.pong.length >= 3);
  });
});
