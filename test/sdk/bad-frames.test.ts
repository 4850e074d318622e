import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientFor, gatewayFor } from './fixtures.js';
import { recordEvents } from './record-events.js';
import { waitFor } from './wait.js';

describe('frames the SDK does not understand', { timeout: 10_000 }, () => {
  test('unknown frame types are ignored; malformed frames emit bad_frame without crashing', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const events = recordEvents(client);
    client.connect();
    await waitFor('open', () => events.open.length === 1);

    gateway.sendRaw(JSON.stringify({ type: 'quota-warning', remaining: 3 }));
    gateway.sendRaw('{not json');
    gateway.sendRaw('[1,2,3]');
    gateway.sendRaw(JSON.stringify({ type: 'message', title: 'no id' }));
    gateway.sendRaw(JSON.stringify({ type: 'replace', id: 'x', version: 'two' }));
    gateway.sendRaw(Buffer.from([1, 2, 3]));
    gateway.publish({ id: 'after' });
    await waitFor('message after the garbage', () => events.message.length === 1);

    assert.equal(events.message[0]!.id, 'after');
    assert.deepEqual(
      events.error.map((e) => [e.code, e.source]),
      Array.from({ length: 5 }, () => ['bad_frame', 'client']),
    );
    assert.equal(client.state, 'open');
    assert.equal(events.close.length, 0);
    // Only the valid message was acked.
    await waitFor('ack', () => gateway.acks().length > 0);
    assert.deepEqual(gateway.acks(), [{ type: 'ack', id: 'after', status: 2 }]);
  });

  test('server error frames surface as error events and keep the connection', async (t) => {
    const gateway = await gatewayFor(t);
    const client = clientFor(t, gateway);
    const events = recordEvents(client);
    client.connect();
    await waitFor('open', () => events.open.length === 1);
    gateway.sendRaw(JSON.stringify({ type: 'error', code: 'bad_frame', message: 'unknown ack id' }));
    await waitFor('error', () => events.error.length === 1);
    assert.deepEqual(events.error[0], { code: 'bad_frame', message: 'unknown ack id', source: 'server' });
    assert.equal(client.state, 'open');
  });
});
