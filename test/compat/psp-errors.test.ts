import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PSP_ERRORS } from '../../src/compat/psp/error-table.js';
import { HeraldError } from '../../src/domain/errors.js';
import { forEachBackend } from '../support/backends.js';
import {
  call,
  createApp,
  type RunningHerald,
  registerDevice,
  startHerald,
  type TestApp,
} from '../support/herald-harness.js';
import { type PspAnswer, psp } from './psp-support.js';

type Body = Record<string, unknown>;

function refused(r: PspAnswer, code: keyof typeof PSP_ERRORS, fragment?: string): void {
  assert.equal(r.body.ret, 'FAIL', JSON.stringify(r.body));
  assert.equal(r.body.data?.error_code, code, JSON.stringify(r.body));
  assert.equal(r.status, PSP_ERRORS[code].status);
  assert.deepEqual(Object.keys(r.body.data ?? {}).sort(), ['error_code', 'error_msg']);
  if (fragment) assert.match(String(r.body.data?.error_msg), new RegExp(fragment));
}

forEachBackend('seed 001 PSP: refusals and their codes', (backend) => {
  let h: RunningHerald;
  let app: TestApp;
  const dev = { android: '', ios: '', none: '' };
  let orgId: string;

  const unicast = (deviceId: string, payload: Body): Body => ({
    type: 'unicast',
    device_tokens: deviceId,
    payload,
  });
  const note = (extra: Body = {}): Body => ({
    display_type: 'notification',
    body: { title: 'hi' },
    ...extra,
  });
  const msg = (body: unknown) => psp(h, '/psp/push/msg', { app, body });
  const config = (body: unknown) => psp(h, '/psp/push/config', { app, body });
  const tasks = async () =>
    (await call<{ items: unknown[] }>(h, 'GET', '/v1/tasks?limit=100', { auth: app.auth })).body.items.length;
  /** A payload whose compact JSON is exactly `bytes` long. */
  const sized = (bytes: number): Body => {
    const p = { display_type: 'message', body: { custom: '' } };
    const pad = bytes - Buffer.byteLength(JSON.stringify(p));
    return { display_type: 'message', body: { custom: 'x'.repeat(pad) } };
  };

  before(async () => {
    h = await startHerald(backend);
    app = await createApp(h, 'psp errors');
    dev.android = (await registerDevice(h, app, { platform: 'android' })).deviceId;
    dev.ios = (await registerDevice(h, app, { platform: 'ios' })).deviceId;
    dev.none = (await registerDevice(h, app)).deviceId;
    orgId = (await call<{ id: string }>(h, 'POST', '/v1/orgs', { auth: app.auth, body: { name: 'HQ' } })).body
      .id;
  });
  after(() => h.close());

  test('a refused request stores no task', async () => {
    const before = await tasks();
    refused(await msg(unicast(dev.android, note({ display_type: 'popup' }))), 2017);
    refused(await msg(unicast('no-such-device', note())), 2030);
    assert.equal(await tasks(), before);
    assert.equal((await msg(unicast(dev.android, note()))).body.ret, 'SUCCESS');
    assert.equal(await tasks(), before + 1);
  });

  test('2010: not JSON, not application/json, not an object', async () => {
    refused(await psp(h, '/psp/push/msg', { app, raw: '{"type":' }), 2010);
    refused(await psp(h, '/psp/push/msg', { app, raw: 'type=unicast', contentType: 'text/plain' }), 2010);
    refused(await psp(h, '/psp/push/msg', { app, raw: '[]' }), 2010);
    refused(await psp(h, '/psp/push/msg', { app }), 2010);
  });

  test('2011: an address that does not exist, or the wrong method (the seed 400)', async () => {
    refused(await psp(h, '/psp/push/msg', { app, method: 'GET' }), 2011);
    refused(await psp(h, '/psp/push/broadcast', { app, body: {} }), 2011, '/psp/push/broadcast');
  });

  test('2012: a parameter the seed does not define is refused, naming it', async () => {
    refused(await msg({ ...unicast(dev.android, note()), badge: 1 }), 2012, 'badge');
    refused(await msg({ ...unicast(dev.android, note()), production_mode: 'false' }), 2012, 'inside payload');
    refused(await msg(unicast(dev.android, note({ ticker: 't' }))), 2012, 'payload.ticker');
    refused(
      await msg(unicast(dev.android, note({ body: { title: 'a', text: 'b' } }))),
      2012,
      'payload.body.text',
    );
    refused(
      await config(unicast(dev.android, { body: 'a=1', display_type: 'message' })),
      2012,
      'display_type',
    );
  });

  test('2013: type missing or not unicast / groupcast', async () => {
    refused(await msg({ device_tokens: dev.android, payload: note() }), 2013);
    refused(await msg({ type: 'broadcast', payload: note() }), 2013);
    refused(await config({ type: 'listcast', payload: { body: 'a=1' } }), 2013);
  });

  test('2014: unicast names exactly one device in device_tokens; groupcast none', async () => {
    refused(await msg({ type: 'unicast', payload: note() }), 2014);
    refused(await msg({ type: 'unicast', device_tokens: '', payload: note() }), 2014);
    refused(await msg({ type: 'unicast', device_tokens: [dev.android], payload: note() }), 2014);
    refused(await msg(unicast(`${dev.android},${dev.ios}`, note())), 2014, 'exactly one');
    refused(
      await msg({ type: 'groupcast', device_tokens: dev.android, user_ids: 'u', payload: note() }),
      2014,
    );
  });

  test('2015: groupcast needs exactly one of user_ids / org_ids, with ids in it; unicast takes neither', async () => {
    refused(await msg({ type: 'groupcast', payload: note() }), 2015);
    refused(await msg({ type: 'groupcast', user_ids: 'u', org_ids: orgId, payload: note() }), 2015);
    refused(await msg({ type: 'groupcast', user_ids: [], payload: note() }), 2015);
    refused(await msg({ type: 'groupcast', user_ids: 'a,,b', payload: note() }), 2015);
    refused(await msg({ type: 'groupcast', user_ids: [1], payload: note() }), 2015);
    refused(await msg({ type: 'groupcast', org_ids: { id: orgId }, payload: note() }), 2015);
    refused(await msg({ ...unicast(dev.android, note()), user_ids: 'u' }), 2015);
    const ok = await msg({ type: 'groupcast', user_ids: ['u1', 'u2'], payload: note() });
    assert.equal(ok.body.ret, 'SUCCESS');
  });

  test('2016: payload missing or not an object', async () => {
    refused(await msg({ type: 'unicast', device_tokens: dev.android }), 2016);
    refused(await config({ type: 'unicast', device_tokens: dev.android, payload: 'cache=2' }), 2016);
  });

  test('2017: display_type missing or not notification / message', async () => {
    refused(await msg(unicast(dev.android, { body: { title: 'x' } })), 2017);
    refused(await msg(unicast(dev.android, note({ display_type: 'popup' }))), 2017);
  });

  test('2018: body missing or of the wrong type for its endpoint', async () => {
    refused(await msg(unicast(dev.android, { display_type: 'notification' })), 2018);
    refused(await msg(unicast(dev.android, { display_type: 'notification', body: 'hi' })), 2018);
    refused(await config(unicast(dev.android, {})), 2018);
    refused(await config(unicast(dev.android, { body: { cache: 2 } })), 2018);
    refused(await config(unicast(dev.android, { body: '  ' })), 2018);
  });

  test('2019: a notification needs a title', async () => {
    refused(await msg(unicast(dev.android, note({ body: { custom: 'c' } }))), 2019);
    refused(await msg(unicast(dev.android, note({ body: { title: '' } }))), 2019);
    refused(await msg(unicast(dev.android, note({ body: { title: 7 } }))), 2019);
  });

  test('2020: a message needs custom', async () => {
    refused(await msg(unicast(dev.android, { display_type: 'message', body: { title: 't' } })), 2020);
    refused(await msg(unicast(dev.android, { display_type: 'message', body: { custom: '' } })), 2020);
    refused(await msg(unicast(dev.android, { display_type: 'message', body: { custom: null } })), 2020);
  });

  test('2021: production_mode is "true" or "false"', async () => {
    refused(await msg(unicast(dev.android, note({ production_mode: 'yes' }))), 2021);
    refused(await config(unicast(dev.android, { body: 'a=1', production_mode: 0 })), 2021);
    assert.equal((await msg(unicast(dev.android, note({ production_mode: false })))).body.ret, 'SUCCESS');
  });

  test('2022: description and tag are strings', async () => {
    refused(await msg(unicast(dev.android, note({ description: 5 }))), 2022, 'description');
    refused(await config(unicast(dev.android, { body: 'a=1', tag: ['t'] })), 2022, 'tag');
  });

  test('2023: the payload limit follows the target platform (Android 1024 B, iOS 256 B, else the stricter)', async () => {
    assert.equal((await msg(unicast(dev.android, sized(1024)))).body.ret, 'SUCCESS');
    refused(await msg(unicast(dev.android, sized(1025))), 2023, '1025 bytes; the limit is 1024');
    assert.equal((await msg(unicast(dev.ios, sized(256)))).body.ret, 'SUCCESS');
    refused(await msg(unicast(dev.ios, sized(257))), 2023, 'limit is 256');
    refused(await msg(unicast(dev.none, sized(300))), 2023, 'no platform');
    const group = { type: 'groupcast', org_ids: orgId };
    assert.equal((await msg({ ...group, payload: sized(256) })).body.ret, 'SUCCESS');
    refused(await msg({ ...group, payload: sized(300) }), 2023, 'groupcast');
    // Multi-byte characters count in bytes, not characters: 80 × "警" is 80 characters but 240 bytes.
    refused(await msg(unicast(dev.ios, note({ body: { title: '警'.repeat(80) } }))), 2023);
    const cfg = { body: `cache=${'9'.repeat(1100)}` };
    refused(await config(unicast(dev.android, cfg)), 2023);
  });

  test('2024: a value beyond a native limit names the PSP field', async () => {
    refused(
      await msg(unicast(dev.android, note({ body: { title: 't'.repeat(201) } }))),
      2024,
      '^payload\\.body\\.title',
    );
    const many = Array.from({ length: 501 }, (_, i) => `u${i}`);
    refused(await msg({ type: 'groupcast', user_ids: many, payload: note() }), 2024, '^user_ids');
    const orgs = Array.from({ length: 501 }, (_, i) => `o${i}`);
    refused(await msg({ type: 'groupcast', org_ids: orgs, payload: note() }), 2024, 'org_ids');
  });

  test('2030: device_tokens names no device of this app', async () => {
    refused(await msg(unicast('not-a-device', note())), 2030, 'not-a-device');
  });

  test('2031: org_ids names no organisation of this app', async () => {
    refused(await msg({ type: 'groupcast', org_ids: `${orgId},nope`, payload: note() }), 2031, 'nope');
    refused(await config({ type: 'groupcast', org_ids: ['nope'], payload: { body: 'a=1' } }), 2031);
  });

  test('2090 and 2091: a fault and a server not ready are answered in the seed shape', async () => {
    const push = h.herald.services.push;
    const original = push.push;
    try {
      push.push = async () => {
        throw new Error('boom');
      };
      refused(await msg(unicast(dev.android, note())), 2090);
      push.push = async () => {
        throw new HeraldError('not_ready');
      };
      refused(await msg(unicast(dev.android, note())), 2091);
    } finally {
      push.push = original;
    }
    assert.equal((await msg(unicast(dev.android, note()))).body.ret, 'SUCCESS');
  });
});
