import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messageFrame } from './fake-gateway.js';
import { clientFor, gatewayFor } from './fixtures.js';
import { recordEvents } from './record-events.js';
import { nextEvent, sleep, waitFor } from './wait.js';

describe('dedup', { timeout: 10_000 }, () => {
  test('a duplicate message id emits one message event but is acked twice', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const events = recordEvents(client);
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;

    const frame = JSON.stringify(messageFrame({ id: 'dup-1', title: 'once' }));
    gateway.sendRaw(frame);
    gateway.sendRaw(frame);
    gateway.sendRaw(JSON.stringify(messageFrame({ id: 'other' })));

    await waitFor('three acks', () => gateway.acks().length === 3);
    assert.deepEqual(
      gateway.acks().map((a) => [a.id, a.status]),
      [
        ['dup-1', 2],
        ['dup-1', 2],
        ['other', 2],
      ],
    );
    assert.deepEqual(
      events.message.map((m) => m.id),
      ['dup-1', 'other'],
    );
  });

  test('dedup memory is bounded: an id evicted from the LRU is emitted again', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway, { dedupSize: 2 });
    const events = recordEvents(client);
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;

    for (const id of ['a', 'b', 'a', 'c', 'a', 'b']) gateway.sendRaw(JSON.stringify(messageFrame({ id })));
    await waitFor('six acks', () => gateway.acks().length === 6);
    // 'a' stays recent enough to survive; 'b' is evicted by 'c' and comes back.
    assert.deepEqual(
      events.message.map((m) => m.id),
      ['a', 'b', 'c', 'b'],
    );
  });

  test('autoAck false: no ack until the app acks; afterwards re-deliveries are re-acked', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway, { autoAck: false });
    const events = recordEvents(client);
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;

    const frame = JSON.stringify(messageFrame({ id: 'manual' }));
    gateway.sendRaw(frame);
    gateway.sendRaw(frame);
    await waitFor('message event', () => events.message.length === 1);
    await sleep(50);
    assert.equal(gateway.acks().length, 0, 'nothing acked before the app acks');

    client.ack('manual', 2);
    await waitFor('app ack', () => gateway.acks().length === 1);
    gateway.sendRaw(frame);
    await waitFor('re-ack of re-delivery', () => gateway.acks().length === 2);
    assert.deepEqual(gateway.acks()[1], { type: 'ack', id: 'manual', status: 2 });
    assert.equal(events.message.length, 1);
  });
});
