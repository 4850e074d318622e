import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type HmsMock, startHmsMock } from '../../../mocks/hms/server.js';

/** The mock must refuse what Push Kit refuses, or the channel tests prove nothing. */
describe('HMS mock verifies like Push Kit', { timeout: 30_000 }, () => {
  let mock: HmsMock;
  let bearer: string;
  const send = async (body: unknown, auth = bearer) => {
    const res = await fetch(`${mock.url}/v1/123/messages:send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { code: string; msg: string } };
  };
  const notification = { title: 't', body: 'b', click_action: { type: 3 } };

  before(async () => {
    mock = await startHmsMock();
    mock.registerApp('123', 'secret');
    const res = await fetch(mock.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: '123',
        client_secret: 'secret',
      }),
    });
    bearer = ((await res.json()) as { access_token: string }).access_token;
  });
  after(() => mock.close());

  test('an unknown bearer is 80200001', async () => {
    const r = await send({ message: { token: [mock.okToken()] } }, 'forged');
    assert.deepEqual([r.status, r.body.code], [401, '80200001']);
  });

  test('more than 1000 tokens is 80300010', async () => {
    const token = Array.from({ length: 1001 }, () => mock.okToken());
    const r = await send({ message: { token, android: { notification } } });
    assert.equal(r.body.code, '80300010');
  });

  test('a notification without click_action is refused', async () => {
    const r = await send({ message: { token: [mock.okToken()], android: { notification: { title: 't' } } } });
    assert.equal(r.body.code, '80100001');
  });

  test('a body over 4096 bytes without its tokens is 80300008', async () => {
    const r = await send({ message: { token: [mock.okToken()], data: 'x'.repeat(4100) } });
    assert.equal(r.body.code, '80300008');
  });

  test('a wrong client secret gets an OAuth error body', async () => {
    const res = await fetch(mock.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: '123',
        client_secret: 'nope',
      }),
    });
    assert.equal(res.status, 400);
    assert.ok('error_description' in ((await res.json()) as object));
  });
});
