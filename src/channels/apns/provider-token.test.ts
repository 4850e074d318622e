import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import { describe, test } from 'node:test';
import { throwAwayKey } from '../../../mocks/apns/keys.js';
import { ProviderTokenError, ProviderTokenSource } from './provider-token.js';

const MIN = 60_000;
const key = throwAwayKey();
const fakeClock = (start = 1_800_000_000_000) => ({
  t: start,
  now() {
    return this.t;
  },
});
const source = (clock = fakeClock()) => ({ clock, tokens: new ProviderTokenSource({ ...key, clock }) });

function decode(jwt: string) {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const json = (x: string) =>
    JSON.parse(Buffer.from(x, 'base64url').toString('utf8')) as Record<string, unknown>;
  const valid = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key: key.publicKeyPem, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  return { header: json(h), claims: json(p), valid };
}

describe('ProviderTokenSource', () => {
  test('signs ES256 with kid, iss = team and iat in seconds, nothing else', async () => {
    const { clock, tokens } = source();
    const { header, claims, valid } = decode(await tokens.get());
    assert.ok(valid);
    assert.deepEqual(header, { alg: 'ES256', kid: key.keyId });
    assert.deepEqual(claims, { iss: key.teamId, iat: Math.floor(clock.t / 1000) });
  });

  test('reuses the token until it is 50 minutes old, then mints a new one', async () => {
    const { clock, tokens } = source();
    const first = await tokens.get();
    clock.t += 49 * MIN;
    assert.equal(await tokens.get(), first);
    clock.t += MIN;
    const second = await tokens.get();
    assert.notEqual(second, first);
    assert.equal(decode(second).claims.iat, Math.floor(clock.t / 1000));
  });

  test('concurrent callers share one signature', async () => {
    const { tokens } = source();
    const all = await Promise.all(Array.from({ length: 50 }, () => tokens.get()));
    assert.equal(new Set(all).size, 1);
  });

  test('refresh(rejected) replaces the token once; callers holding the old one get the new one', async () => {
    const { clock, tokens } = source();
    const old = await tokens.get();
    clock.t += 1000;
    const [a, b] = await Promise.all([tokens.refresh(old), tokens.refresh(old)]);
    assert.ok(a && a !== old);
    assert.equal(b, a);
    assert.equal(await tokens.get(), a);
  });

  test('a second forced refresh within 20 minutes is refused (no TooManyProviderTokenUpdates)', async () => {
    const { clock, tokens } = source();
    const first = await tokens.refresh(await tokens.get());
    clock.t += 19 * MIN;
    assert.equal(await tokens.refresh(first ?? ''), null);
    clock.t += MIN;
    const again = await tokens.refresh(first ?? '');
    assert.ok(again && again !== first);
  });

  test('refreshAfterMs below the 20-minute floor is raised to it', async () => {
    const clock = fakeClock();
    const tokens = new ProviderTokenSource({ ...key, clock, refreshAfterMs: MIN });
    const first = await tokens.get();
    clock.t += 10 * MIN;
    assert.equal(await tokens.get(), first);
  });

  test('an unusable key rejects with ProviderTokenError', async () => {
    const tokens = new ProviderTokenSource({ ...key, privateKeyPem: 'nope', clock: fakeClock() });
    await assert.rejects(tokens.get(), ProviderTokenError);
  });
});
