import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CloseInfo } from '../../sdk/index.js';
import { clientFor, gatewayFor } from './fixtures.js';
import { recordEvents } from './record-events.js';
import { nextEvent, sleep, waitFor } from './wait.js';

/** Returns the given values in turn, then repeats the last one. */
function scripted(values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
}

describe('reconnect', { timeout: 15_000 }, () => {
  test('reconnects with growing, jittered backoff and dedups replayed messages', async (t) => {
    // Acks are "lost", so every reconnect replays every message: the worst case for dedup.
    const gateway = await gatewayFor(t, { honourAcks: false });
    const random = [0.25, 0.75, 0.5];
    const client = clientFor(t, gateway, {
      reconnect: { minMs: 40, maxMs: 10_000, factor: 2, jitter: 0.5 },
      random: scripted(random),
    });
    const events = recordEvents(client);
    const connectedAt: number[] = [];
    const closedAt: number[] = [];
    client.on('open', () => connectedAt.push(Date.now()));
    client.on('close', () => closedAt.push(Date.now()));

    client.connect();
    await waitFor('first open', () => events.open.length === 1);
    gateway.publish({ id: 'm-1' });
    await waitFor('m-1 acked', () => gateway.acks(1).length === 1);

    for (let drop = 1; drop <= 3; drop++) {
      gateway.dropAll();
      // Published while the device is offline: must arrive through the replay.
      gateway.publish({ id: `offline-${drop}` });
      await waitFor(`open #${drop + 1}`, () => events.open.length === drop + 1);
      // Acks go out in delivery order, so this one arriving means the replay was acked too.
      await waitFor(`offline-${drop} acked`, () =>
        gateway.acks(drop + 1).some((a) => a.id === `offline-${drop}`),
      );
    }

    assert.deepEqual(
      events.message.map((m) => m.id),
      ['m-1', 'offline-1', 'offline-2', 'offline-3'],
      'replayed messages are not emitted twice',
    );
    // m-1 was re-delivered on every connection and acked every time.
    for (const c of [1, 2, 3, 4]) {
      assert.ok(
        gateway.acks(c).some((a) => a.id === 'm-1' && a.status === 2),
        `m-1 acked on connection ${c}`,
      );
    }

    assert.deepEqual(
      events.close.map((c: CloseInfo) => c.willReconnect),
      [true, true, true],
    );
    // base = minMs * factor^(attempt-1); delay = round(base * (1 - jitter * r))
    const bases = [40, 80, 160];
    const expected = bases.map((base, i) => Math.round(base * (1 - 0.5 * random[i]!)));
    assert.deepEqual(events.reconnecting, [
      { attempt: 1, delayMs: expected[0] },
      { attempt: 2, delayMs: expected[1] },
      { attempt: 3, delayMs: expected[2] },
    ]);
    events.reconnecting.forEach(({ delayMs }, i) => {
      assert.ok(delayMs >= bases[i]! * 0.5 && delayMs <= bases[i]!, `delay ${delayMs} within jitter bounds`);
      if (i > 0) assert.ok(delayMs > events.reconnecting[i - 1]!.delayMs, 'delays grow');
      // The delay is honoured: the next connection comes no sooner than scheduled.
      assert.ok(connectedAt[i + 1]! - closedAt[i]! >= delayMs - 2, `waited ${delayMs} ms before attempt`);
    });
  });

  test('retries a server that is down, then connects when it is back', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway, {
      url: 'ws://127.0.0.1:9/v1/connect', // nothing listens on the discard port
      reconnect: { minMs: 10, maxMs: 40, factor: 2, jitter: 1 },
      random: () => 0.999,
    });
    const events = recordEvents(client);
    client.connect();
    await waitFor('three failed attempts', () => events.reconnecting.length >= 3);
    assert.ok(events.close.every((c) => c.willReconnect && c.code === 1006));
    assert.ok(events.error.every((e) => e.code === 'socket_error'));
    // Full jitter with r close to 1 gives delays close to 0 but never negative.
    assert.ok(events.reconnecting.every((r) => r.delayMs >= 0 && r.delayMs <= 40));
    assert.equal(client.state, 'connecting');
  });

  test('a connection that stays open resets the backoff', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway, {
      reconnect: { minMs: 20, maxMs: 1000, factor: 2, jitter: 0, resetAfterMs: 150 },
    });
    const events = recordEvents(client);
    client.connect();
    await waitFor('open', () => events.open.length === 1);

    gateway.dropAll(); // short-lived connections: backoff grows
    await waitFor('open #2', () => events.open.length === 2);
    gateway.dropAll();
    await waitFor('open #3', () => events.open.length === 3);
    await sleep(200); // stays open longer than resetAfterMs
    gateway.dropAll();
    await waitFor('open #4', () => events.open.length === 4);

    assert.deepEqual(events.reconnecting, [
      { attempt: 1, delayMs: 20 },
      { attempt: 2, delayMs: 40 },
      { attempt: 1, delayMs: 20 },
    ]);
  });

  test('server going away (1001) reconnects; close() during the backoff wait stops it', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway, { reconnect: { minMs: 100, maxMs: 100, jitter: 0 } });
    const events = recordEvents(client);
    client.connect();
    await waitFor('open', () => events.open.length === 1);

    const closed = nextEvent(client, 'close');
    gateway.closeAll(1001, 'server restarting');
    assert.deepEqual(await closed, { code: 1001, reason: 'server restarting', willReconnect: true });
    assert.equal(events.reconnecting.length, 1);
    client.close();
    assert.equal(client.state, 'closed');
    await sleep(250);
    assert.equal(gateway.connectionCount(), 1, 'no reconnect after close()');
  });
});
