import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PspError } from './error-table.js';
import { validationToken } from './header-auth.js';
import { payloadLimit } from './payload-limit.js';
import { mapConfigRequest, mapMsgRequest, parseConfigBody } from './request-mapping.js';

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof PspError) return err.code;
    throw err;
  }
  return undefined;
}

test('validationToken computes the seed Java example', () => {
  // printf %s 50e26c315270156df0000031b3a09842d2c86177aa8268ee64f14f7e1385321933302 | md5sum
  assert.equal(
    validationToken('50e26c315270156df0000031', 'b3a09842d2c86177aa8268ee64f14f7e', '1385321933302'),
    'a159e9f76ede3f18bf0a59495ad8bf97',
  );
  assert.equal(
    validationToken('50E26C315270156DF0000031', 'B3A09842D2C86177AA8268EE64F14F7E', '1385321933302'),
    'a159e9f76ede3f18bf0a59495ad8bf97',
  );
});

test('parseConfigBody: key=value pairs, decoded; repeated keys become lists; free text is not parsed', () => {
  assert.deepEqual(parseConfigBody('cache=2&submit=10'), { cache: '2', submit: '10' });
  assert.deepEqual(parseConfigBody('a=1&a=2&a=3&b='), { a: ['1', '2', '3'], b: '' });
  assert.deepEqual(parseConfigBody('url=https%3A%2F%2Fx.example%2F&name=two+words'), {
    url: 'https://x.example/',
    name: 'two words',
  });
  assert.equal(parseConfigBody('refresh now'), undefined);
  assert.equal(parseConfigBody('a=1&&b=2'), undefined);
  assert.equal(parseConfigBody('=1'), undefined);
  const odd = parseConfigBody('__proto__=x&constructor=y');
  assert.equal(Object.getPrototypeOf(odd), Object.prototype);
  assert.deepEqual(Object.keys(odd ?? {}), ['__proto__', 'constructor']);
});

test('mapMsgRequest: notification and message map onto native kinds, custom under data.custom', () => {
  const n = mapMsgRequest({
    type: 'unicast',
    device_tokens: ' dev-1 ',
    payload: {
      display_type: 'notification',
      body: { title: 'T', custom: { a: 1 } },
      production_mode: 'false',
    },
  });
  assert.deepEqual(n.target, { type: 'unicast', deviceId: 'dev-1' });
  assert.deepEqual(n.message, { kind: 'notification', title: 'T', data: { custom: { a: 1 } } });
  assert.equal(n.production, false);
  const m = mapMsgRequest({
    type: 'groupcast',
    org_ids: 'o1, o2',
    payload: { display_type: 'message', body: { custom: 'c' } },
  });
  assert.deepEqual(m.target, { type: 'groupcast', orgIds: ['o1', 'o2'] });
  assert.deepEqual(m.message, { kind: 'message', data: { custom: 'c' } });
  assert.equal(m.production, true);
});

test('payloadBytes measures the payload as compact UTF-8 JSON, whitespace of the request aside', () => {
  const payload = { display_type: 'notification', body: { title: '警务' }, tag: 't' };
  const r = mapMsgRequest({ type: 'unicast', device_tokens: 'd', payload });
  assert.equal(r.payloadBytes, Buffer.byteLength(JSON.stringify(payload)));
  assert.equal(r.payloadBytes, JSON.stringify(payload).length + 4);
});

test('mapConfigRequest: a native config message with the body verbatim and parsed data', () => {
  const c = mapConfigRequest({ type: 'unicast', device_tokens: 'd', payload: { body: 'cache=2&submit=10' } });
  assert.deepEqual(c.message, {
    kind: 'config',
    body: 'cache=2&submit=10',
    data: { cache: '2', submit: '10' },
  });
  const free = mapConfigRequest({ type: 'unicast', device_tokens: 'd', payload: { body: 'reload' } });
  assert.deepEqual(free.message, { kind: 'config', body: 'reload' });
});

test('shape refusals carry their seed codes', () => {
  assert.equal(
    code(() => mapMsgRequest(null)),
    2010,
  );
  assert.equal(
    code(() => mapMsgRequest({ type: 'x' })),
    2013,
  );
  assert.equal(
    code(() => mapMsgRequest({ type: 'unicast', device_tokens: 'd' })),
    2016,
  );
  assert.equal(
    code(() => mapConfigRequest({ type: 'unicast', device_tokens: 'd', payload: {} })),
    2018,
  );
});

test('payloadLimit: iOS 256, other known platforms 1024, unknown the stricter', () => {
  assert.equal(payloadLimit('ios'), 256);
  assert.equal(payloadLimit('android'), 1024);
  assert.equal(payloadLimit('web'), 1024);
  assert.equal(payloadLimit(null), 256);
  assert.equal(payloadLimit(undefined), 256);
});
