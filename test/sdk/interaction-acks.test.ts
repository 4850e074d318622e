import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientFor, gatewayFor } from './fixtures.js';
import { nextEvent, sleep, waitFor } from './wait.js';

describe('displayed/clicked acks', { timeout: 10_000 }, () => {
  test('displayed() and clicked() send acks 3 and 4', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;
    const received = nextEvent(client, 'message');
    gateway.publish({ id: 'm-1' });
    const message = await received;

    client.displayed(message.id);
    client.clicked(message.id);
    await waitFor('acks 2, 3, 4', () => gateway.acks().length === 3);
    assert.deepEqual(
      gateway.acks().map((a) => a.status),
      [2, 3, 4],
    );
  });

  test('called while disconnected, they are queued and flushed after reconnect', async (t) => {
    const gateway = await gatewayFor(t);
    // A slow first reconnect leaves a window in which the client is disconnected.
    const client = clientFor(t, gateway, { reconnect: { minMs: 300, maxMs: 300, jitter: 0 } });
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;
    const received = nextEvent(client, 'message');
    gateway.publish({ id: 'm-1' });
    await received;
    await waitFor('ack 2', () => gateway.acks(1).length === 1);

    const closed = nextEvent(client, 'close');
    gateway.dropAll();
    assert.equal((await closed).willReconnect, true);
    assert.equal(client.state, 'connecting');
    client.displayed('m-1');
    client.clicked('m-1');
    client.displayed('m-2');
    await sleep(50);
    assert.deepEqual(gateway.acks(), [{ type: 'ack', id: 'm-1', status: 2 }], 'nothing sent while down');

    const reopened = nextEvent(client, 'open');
    await reopened;
    await waitFor('queued acks on connection 2', () => gateway.acks(2).length === 3);
    assert.deepEqual(
      gateway.acks(2).map((a) => [a.id, a.status]),
      [
        ['m-1', 3],
        ['m-1', 4],
        ['m-2', 3],
      ],
    );
  });

  test('ping() is answered with a pong event', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    assert.equal(client.ping(), false, 'not open yet');
    const opened = nextEvent(client, 'open');
    client.connect();
    await opened;
    const pong = nextEvent(client, 'pong');
    assert.equal(client.ping(), true);
    const { ts } = await pong;
    assert.ok(Math.abs(Date.now() - ts) < 5000);
  });
});
