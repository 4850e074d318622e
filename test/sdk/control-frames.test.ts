import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messageFrame } from './fake-gateway.js';
import { clientFor, gatewayFor } from './fixtures.js';
import { recordEvents } from './record-events.js';
import { nextEvent, waitFor } from './wait.js';

describe('revoke and replace', { timeout: 10_000 }, () => {
  test('replace emits once per id+version and is acked 6 every time', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const events = recordEvents(client);
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;
    gateway.publish({ id: 'm-1', title: 'v1' });
    await waitFor('message', () => events.message.length === 1);

    const v2 = gateway.replace({ id: 'm-1', version: 2, title: 'v2' });
    gateway.sendRaw(JSON.stringify(v2)); // re-sent, e.g. after a lost ack
    const v3 = gateway.replace({ id: 'm-1', version: 3, title: 'v3' });
    gateway.sendRaw(JSON.stringify(v2)); // stale version arriving late
    await waitFor('four replace acks', () => gateway.acks().filter((a) => a.status === 6).length === 4);

    assert.deepEqual(events.replace, [v2, v3]);
    assert.deepEqual(
      gateway.acks().map((a) => [a.id, a.status]),
      [
        ['m-1', 2],
        ['m-1', 6],
        ['m-1', 6],
        ['m-1', 6],
        ['m-1', 6],
      ],
    );
    assert.equal(events.message.length, 1);
  });

  test('a replace for a message never seen is emitted and stands in for it', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const events = recordEvents(client);
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;

    gateway.replace({ id: 'm-9', version: 2, title: 'newest' });
    gateway.sendRaw(JSON.stringify(messageFrame({ id: 'm-9', title: 'old' }))); // late original
    await waitFor('acks', () => gateway.acks().length === 2);
    assert.deepEqual(
      events.replace.map((r) => r.title),
      ['newest'],
    );
    assert.equal(events.message.length, 0, 'the stale original is not shown');
  });

  test('revoke emits once per id, is acked 5 every time, and suppresses later replaces', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const events = recordEvents(client);
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;
    gateway.publish({ id: 'm-1' });
    await waitFor('message', () => events.message.length === 1);

    const revoke = gateway.revoke('m-1');
    gateway.sendRaw(JSON.stringify(revoke));
    gateway.sendRaw(JSON.stringify({ ...messageFrame({ id: 'm-1', version: 2 }), type: 'replace' }));
    gateway.sendRaw(JSON.stringify(messageFrame({ id: 'm-1' })));
    await waitFor('all acks', () => gateway.acks().length === 5);

    assert.deepEqual(events.revoke, [{ type: 'revoke', id: 'm-1' }]);
    assert.equal(events.replace.length, 0);
    assert.equal(events.message.length, 1);
    assert.deepEqual(
      gateway.acks().map((a) => a.status),
      [2, 5, 5, 6, 2],
    );
  });

  test('pending control frames are replayed after reconnect and not re-emitted', async (t) => {
    const gateway = await gatewayFor(t, { honourAcks: false });
    const client = clientFor(t, gateway);
    const events = recordEvents(client);
    client.connect();
    await waitFor('open', () => events.open.length === 1);
    gateway.publish({ id: 'a' });
    gateway.publish({ id: 'b' });
    gateway.revoke('a');
    gateway.replace({ id: 'b', version: 2, title: 'b2' });
    await waitFor('acks on connection 1', () => gateway.acks(1).length === 4);

    gateway.dropAll();
    await waitFor('reopen', () => events.open.length === 2);
    // Replay: b (now at v2) as a message, then the revoke of a and the replace of b.
    await waitFor('acks on connection 2', () => gateway.acks(2).length === 3);
    assert.deepEqual(
      gateway.acks(2).map((a) => [a.id, a.status]),
      [
        ['b', 2],
        ['a', 5],
        ['b', 6],
      ],
    );
    assert.equal(events.message.length, 2);
    assert.equal(events.revoke.length, 1);
    assert.equal(events.replace.length, 1);
  });
});
