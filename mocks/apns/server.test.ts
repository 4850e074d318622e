import assert from 'node:assert/strict';
import { type ClientHttp2Session, connect, type OutgoingHttpHeaders } from 'node:http2';
import { after, before, describe, test } from 'node:test';
import { deviceToken, signJwt, throwAwayKey } from './keys.js';
import { type ApnsMock, apnsFaults, startApnsMock } from './server.js';

const TOPIC = 'com.example.mock';
const BODY = JSON.stringify({ aps: { alert: 'hi' } });

describe('APNs mock', { timeout: 30_000 }, () => {
  const clock = {
    t: Date.now(),
    now() {
      return this.t;
    },
  };
  const key = throwAwayKey();
  const nowS = () => Math.floor(clock.t / 1000);
  const jwt = (
    claims: Record<string, unknown> = {},
    header: Record<string, unknown> = {},
    pem = key.privateKeyPem,
  ) => signJwt(pem, { alg: 'ES256', kid: key.keyId, ...header }, { iss: key.teamId, iat: nowS(), ...claims });
  let good: string;
  let mock: ApnsMock;
  let session: ClientHttp2Session;

  /** One raw request; `headers` replace the defaults (undefined removes one). */
  function post(
    headers: OutgoingHttpHeaders = {},
    body: string | null = BODY,
    path = `/3/device/${deviceToken()}`,
  ) {
    return new Promise<{ status: number; reason: string | null; apnsId: string | undefined }>(
      (resolve, reject) => {
        const all: OutgoingHttpHeaders = {
          ':method': 'POST',
          ':path': path,
          authorization: `bearer ${good}`,
          'apns-topic': TOPIC,
          'apns-push-type': 'alert',
          ...headers,
        };
        for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k];
        const req = session.request(all, { endStream: body === null });
        let status = 0;
        let apnsId: string | undefined;
        let text = '';
        req.on('response', (h) => {
          status = Number(h[':status']);
          apnsId = h['apns-id'] as string | undefined;
        });
        req.setEncoding('utf8');
        req.on('data', (c: string) => {
          text += c;
        });
        req.on('end', () =>
          resolve({ status, reason: text ? (JSON.parse(text) as { reason: string }).reason : null, apnsId }),
        );
        req.on('error', reject);
        if (body !== null) req.end(body);
      },
    );
  }

  before(async () => {
    mock = await startApnsMock({ clock });
    mock.registerKey(key.teamId, key.keyId, key.publicKeyPem, TOPIC);
    good = jwt();
    session = connect(mock.url, { ca: mock.ca });
  });
  after(async () => {
    session.destroy();
    await mock.close();
  });

  test('one stream until a request with a valid token succeeds, then 1000', async () => {
    const fresh = connect(mock.url, { ca: mock.ca });
    try {
      await new Promise((resolve) => fresh.once('remoteSettings', resolve));
      assert.equal(fresh.remoteSettings.maxConcurrentStreams, 1);
      const raised = new Promise((resolve) => fresh.once('remoteSettings', resolve));
      const prev = session;
      session = fresh;
      assert.equal((await post()).status, 200);
      session = prev;
      await raised;
      assert.equal(fresh.remoteSettings.maxConcurrentStreams, 1000);
    } finally {
      fresh.destroy();
    }
  });

  test('200 with apns-id echoed, and the request recorded', async () => {
    const id = '0190a0b0-0000-7000-8000-000000000042';
    const r = await post({ 'apns-id': id });
    assert.deepEqual(r, { status: 200, reason: null, apnsId: id });
    const last = mock.requests().at(-1);
    assert.equal(last?.headers['apns-id'], id);
    assert.deepEqual(last?.payload, JSON.parse(BODY));
  });

  const refusals: Array<[string, () => Parameters<typeof post>, number, string]> = [
    ['GET', () => [{ ':method': 'GET' }, null], 405, 'MethodNotAllowed'],
    ['unknown path', () => [{}, BODY, '/2/device/abc'], 404, 'BadPath'],
    ['no token', () => [{}, BODY, '/3/device/'], 400, 'MissingDeviceToken'],
    ['non-hex token', () => [{}, BODY, `/3/device/${'z'.repeat(64)}`], 400, 'BadDeviceToken'],
    ['short token', () => [{}, BODY, '/3/device/abcd'], 400, 'BadDeviceToken'],
    ['no authorization', () => [{ authorization: undefined }], 403, 'MissingProviderToken'],
    ['not bearer', () => [{ authorization: `basic ${good}` }], 403, 'InvalidProviderToken'],
    [
      'wrong signature',
      () => [{ authorization: `bearer ${jwt({}, {}, throwAwayKey().privateKeyPem)}` }],
      403,
      'InvalidProviderToken',
    ],
    [
      'unknown kid',
      () => [{ authorization: `bearer ${jwt({}, { kid: 'ZZZZZZZZZZ' })}` }],
      403,
      'InvalidProviderToken',
    ],
    [
      'wrong team',
      () => [{ authorization: `bearer ${jwt({ iss: 'OTHERTEAM1' })}` }],
      403,
      'InvalidProviderToken',
    ],
    [
      'alg other than ES256',
      () => [{ authorization: `bearer ${jwt({}, { alg: 'ES384' })}` }],
      403,
      'InvalidProviderToken',
    ],
    [
      'iat over an hour old',
      () => [{ authorization: `bearer ${jwt({ iat: nowS() - 3601 })}` }],
      403,
      'ExpiredProviderToken',
    ],
    [
      'iat in the future',
      () => [{ authorization: `bearer ${jwt({ iat: nowS() + 600 })}` }],
      403,
      'InvalidProviderToken',
    ],
    ['no topic', () => [{ 'apns-topic': undefined }], 400, 'MissingTopic'],
    ['foreign topic', () => [{ 'apns-topic': 'com.other.app' }], 400, 'TopicDisallowed'],
    ['unknown push type', () => [{ 'apns-push-type': 'banner' }], 400, 'InvalidPushType'],
    ['priority 7', () => [{ 'apns-priority': '7' }], 400, 'BadPriority'],
    [
      'background at priority 10',
      () => [{ 'apns-push-type': 'background', 'apns-priority': '10' }],
      400,
      'BadPriority',
    ],
    ['bad expiration', () => [{ 'apns-expiration': 'soon' }], 400, 'BadExpirationDate'],
    [
      'upper-case apns-id',
      () => [{ 'apns-id': '0190A0B0-0000-7000-8000-000000000042' }],
      400,
      'BadMessageId',
    ],
    ['collapse id over 64 bytes', () => [{ 'apns-collapse-id': 'c'.repeat(65) }], 400, 'BadCollapseId'],
    ['duplicate headers', () => [{ 'apns-collapse-id': ['a', 'b'] }], 400, 'DuplicateHeaders'],
    ['empty body', () => [{}, ''], 400, 'PayloadEmpty'],
    [
      'body over 4096 bytes',
      () => [{}, JSON.stringify({ aps: { alert: 'x'.repeat(4100) } })],
      413,
      'PayloadTooLarge',
    ],
    [
      'voip body may reach 5120 bytes',
      () => [
        { 'apns-push-type': 'voip', 'apns-topic': `${TOPIC}.voip` },
        JSON.stringify({ aps: {}, x: 'x'.repeat(4500) }),
      ],
      200,
      '',
    ],
    ['not JSON', () => [{}, '{aps'], 400, 'BadPayload'],
    ['no aps', () => [{}, '{"a":1}'], 400, 'BadPayload'],
  ];
  for (const [name, args, status, reason] of refusals) {
    test(`${name} → ${status} ${reason}`, async () => {
      const r = await post(...args());
      assert.deepEqual([r.status, r.reason ?? ''], [status, reason]);
    });
  }

  test('a second new token within 20 minutes is TooManyProviderTokenUpdates; later it is accepted', async () => {
    clock.t += 1000;
    const newer = jwt();
    assert.equal((await post({ authorization: `bearer ${newer}` })).reason, 'TooManyProviderTokenUpdates');
    clock.t += 20 * 60_000;
    assert.equal((await post({ authorization: `bearer ${newer}` })).status, 200);
    good = newer;
  });

  test('injected faults: 410 with timestamp, Retry-After, times', async () => {
    const t = deviceToken();
    mock.injectForToken(t, { ...apnsFaults.serviceUnavailable(3), times: 1 });
    assert.equal((await post({}, BODY, `/3/device/${t}`)).status, 503);
    assert.equal((await post({}, BODY, `/3/device/${t}`)).status, 200);
    const dead = deviceToken();
    mock.injectForToken(dead, apnsFaults.unregistered());
    assert.equal((await post({}, BODY, `/3/device/${dead}`)).reason, 'Unregistered');
  });

  test('control API: GET /__mock/requests and POST /__mock/clear', async () => {
    const control = (method: string, path: string) =>
      new Promise<unknown>((resolve, reject) => {
        const req = session.request({ ':method': method, ':path': path }, { endStream: true });
        let text = '';
        req.setEncoding('utf8');
        req.on('data', (c: string) => {
          text += c;
        });
        req.on('end', () => resolve(JSON.parse(text)));
        req.on('error', reject);
      });
    assert.ok(((await control('GET', '/__mock/requests')) as unknown[]).length > 0);
    await control('POST', '/__mock/clear');
    assert.deepEqual(await control('GET', '/__mock/requests'), []);
  });
});
