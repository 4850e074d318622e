import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { forEachBackend } from '../support/backends.js';
import { connectDevice } from '../support/device.js';
import {
  createApp,
  type RunningHerald,
  registerDevice,
  startHerald,
  type TestApp,
} from '../support/herald-harness.js';
import { fill, md5Token, type PspAnswer, psp, pspHeaders, SEED_EXAMPLES } from './psp-support.js';

/** The seed's Java example, verbatim. */
const SEED_APPKEY = '50e26c315270156df0000031';
const SEED_SECRET = 'b3a09842d2c86177aa8268ee64f14f7e';
const SEED_TIMESTAMP = '1385321933302';
/** `printf %s 50e26c…0031b3a0…4f7e1385321933302 | md5sum`, computed outside Herald and this suite. */
const SEED_TOKEN = 'a159e9f76ede3f18bf0a59495ad8bf97';

const MINUTE = 60_000;

/** A plain md5 of a string, to build tokens that break the seed's formula on purpose. */
function md5Raw(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function refused(r: PspAnswer, code: number, status: number): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body), ['ret', 'data']);
  assert.equal(r.body.ret, 'FAIL');
  assert.deepEqual(Object.keys(r.body.data ?? {}).sort(), ['error_code', 'error_msg']);
  assert.equal(r.body.data?.error_code, code, JSON.stringify(r.body));
  assert.equal(typeof r.body.data?.error_msg, 'string');
}

test('the md5 helper of this suite agrees with the seed Java example', () => {
  assert.equal(md5Token(SEED_APPKEY, SEED_SECRET, SEED_TIMESTAMP), SEED_TOKEN);
  // The seed lowercases key and secret before hashing: upper-case input must give the same token.
  assert.equal(md5Token(SEED_APPKEY.toUpperCase(), SEED_SECRET.toUpperCase(), SEED_TIMESTAMP), SEED_TOKEN);
});

forEachBackend('seed 001 PSP: the Java example token, at the seed own timestamp', (backend) => {
  let h: RunningHerald;
  // The server's clock runs from the seed's timestamp (2013-11-24), so its token is fresh.
  const offset = Number(SEED_TIMESTAMP) - Date.now();
  const clock = { now: () => Date.now() + offset };

  before(async () => {
    h = await startHerald(backend, {}, { clock });
    // Apps get generated keys; the seed's own key and secret are stored directly so its example applies as printed.
    await h.herald.store.apps.insert({
      id: randomUUID(),
      name: 'seed 001 example',
      appKey: SEED_APPKEY,
      masterSecret: SEED_SECRET,
      quietHours: null,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
  });
  after(() => h.close());

  test('headers appkey, timestamp and validation_token from the Java example authenticate, and the push arrives', async () => {
    const app = { appKey: SEED_APPKEY, masterSecret: SEED_SECRET, auth: '', id: '' };
    app.auth = `Basic ${Buffer.from(`${SEED_APPKEY}:${SEED_SECRET}`).toString('base64')}`;
    const reg = await registerDevice(h, app);
    const device = connectDevice(h, reg.deviceToken);
    try {
      await device.opened();
      const r = await psp(h, '/psp/push/msg', {
        raw: fill(SEED_EXAMPLES.msg, {
          type: 'unicast',
          device_tokens: reg.deviceId,
          display_type: 'notification',
          production_mode: 'true',
        }),
        headers: { appkey: SEED_APPKEY, timestamp: SEED_TIMESTAMP, validation_token: SEED_TOKEN },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.ret, 'SUCCESS');
      const [m] = await device.waitForMessages(1);
      assert.equal(m?.title, 'xx');
      // One millisecond later the same token no longer matches.
      const next = await psp(h, '/psp/push/msg', {
        raw: '{}',
        headers: {
          appkey: SEED_APPKEY,
          timestamp: String(Number(SEED_TIMESTAMP) + 1),
          validation_token: SEED_TOKEN,
        },
      });
      refused(next, 2006, 401);
    } finally {
      device.close();
    }
  });
});

forEachBackend('seed 001 PSP: header authentication', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  let deviceId: string;
  let body: string;

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'psp auth');
    deviceId = (await registerDevice(h, app, { platform: 'android' })).deviceId;
    body = fill(SEED_EXAMPLES.msg, {
      type: 'unicast',
      device_tokens: deviceId,
      display_type: 'notification',
      production_mode: 'true',
    });
  });
  after(() => h.close());

  const send = (headers: Record<string, string | undefined>) =>
    psp(h, '/psp/push/msg', { app, raw: body, headers });
  const at = (ms: number) => pspHeaders(app, String(ms));

  test('correct headers are accepted', async () => {
    assert.equal((await send({})).body.ret, 'SUCCESS');
  });

  test('2001: no appkey, answered with HTTP 500 as the seed table says', async () => {
    refused(await send({ appkey: undefined }), 2001, 500);
    refused(await send({ appkey: '' }), 2001, 500);
  });

  test('2002: no timestamp', async () => {
    refused(await send({ timestamp: undefined }), 2002, 401);
  });

  test('2003: no validation_token; the dashed header name is accepted too', async () => {
    refused(await send({ validation_token: undefined }), 2003, 401);
    const h2 = at(Date.now());
    const dashed = await send({
      ...h2,
      validation_token: undefined,
      'validation-token': h2.validation_token,
    });
    assert.equal(dashed.body.ret, 'SUCCESS');
  });

  test('2004: a stale, future, non-numeric or seconds timestamp is refused; inside the window it is not', async () => {
    const now = Date.now();
    refused(await send(at(now - 6 * MINUTE)), 2004, 401);
    refused(await send(at(now + 6 * MINUTE)), 2004, 401);
    refused(await send(at(Math.floor(now / 1000))), 2004, 401);
    for (const ts of ['abc', '1.7e12', '-1', `${now}.5`]) {
      refused(
        await send({ timestamp: ts, validation_token: md5Token(app.appKey, app.masterSecret, ts) }),
        2004,
        401,
      );
    }
    assert.equal((await send(at(now - 4 * MINUTE))).body.ret, 'SUCCESS');
    assert.equal((await send(at(now + 4 * MINUTE))).body.ret, 'SUCCESS');
  });

  test('2004: the seed Java example token, replayed today, is stale', async () => {
    refused(
      await send({ appkey: SEED_APPKEY, timestamp: SEED_TIMESTAMP, validation_token: SEED_TOKEN }),
      2004,
      401,
    );
  });

  test('2005: an appkey that names no app', async () => {
    const ts = String(Date.now());
    const other = 'ffffffffffffffffffffffff';
    refused(
      await send({ appkey: other, validation_token: md5Token(other, app.masterSecret, ts), timestamp: ts }),
      2005,
      401,
    );
  });

  test('2006: tokens that do not follow the seed formula are refused', async () => {
    const ts = String(Date.now());
    const wrong = [
      md5Token(app.appKey, 'not-the-secret', ts),
      md5Token(app.appKey, app.masterSecret, String(Number(ts) - 1)),
      // The secret as issued, not lowercased: the seed's Java example lowercases it.
      md5Raw(`${app.appKey}${app.masterSecret}${ts}`),
      // Another order of the same parts.
      md5Raw(`${app.masterSecret.toLowerCase()}${app.appKey}${ts}`),
      'not-hex',
      '',
    ];
    assert.notEqual(app.masterSecret, app.masterSecret.toLowerCase(), 'the secret has upper-case letters');
    for (const token of wrong) {
      const r = await send({ timestamp: ts, validation_token: token });
      // An empty header counts as missing.
      refused(r, token === '' ? 2003 : 2006, 401);
    }
  });

  test('the token is hex in either case, and the appkey may be sent upper-case', async () => {
    const h2 = at(Date.now());
    assert.equal(
      (await send({ ...h2, validation_token: h2.validation_token.toUpperCase() })).body.ret,
      'SUCCESS',
    );
    assert.equal((await send({ ...h2, appkey: app.appKey.toUpperCase() })).body.ret, 'SUCCESS');
  });

  test('another app key and secret cannot push to this app device (2030)', async () => {
    const other = await createApp(h, 'other');
    refused(await psp(h, '/psp/push/msg', { app: other, raw: body }), 2030, 404);
  });

  test('a rotated secret stops the old tokens', async () => {
    const a = await createApp(h, 'rotating');
    const d = (await registerDevice(h, a, { platform: 'android' })).deviceId;
    const raw = fill(SEED_EXAMPLES.msg, {
      type: 'unicast',
      device_tokens: d,
      display_type: 'notification',
      production_mode: 'true',
    });
    assert.equal((await psp(h, '/psp/push/msg', { app: a, raw })).body.ret, 'SUCCESS');
    const rotated = await h.herald.services.admin.rotateSecret(a.id);
    refused(await psp(h, '/psp/push/msg', { app: a, raw }), 2006, 401);
    const ok = await psp(h, '/psp/push/msg', {
      app: { appKey: a.appKey, masterSecret: rotated.masterSecret },
      raw,
    });
    assert.equal(ok.body.ret, 'SUCCESS');
  });
});
