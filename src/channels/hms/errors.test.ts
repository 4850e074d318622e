import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyHmsReply, illegalTokens } from './errors.js';

const T = ['t1', 't2', 't3'];
const kinds = (status: number, body: unknown, retryAfter: string | null = null) => {
  const v = classifyHmsReply(
    status,
    typeof body === 'string' ? body : JSON.stringify(body),
    T,
    retryAfter,
    0,
  );
  return v.kind === 'reauth' ? 'reauth' : v.outcomes.map((o) => o.kind).join(',');
};

describe('classifyHmsReply', { timeout: 30_000 }, () => {
  test('result codes map to outcomes (Push Kit "Sending Messages" result codes)', () => {
    assert.equal(kinds(200, { code: '80000000', msg: 'Success' }), 'delivered,delivered,delivered');
    assert.equal(
      kinds(400, { code: '80300007', msg: 'All the tokens are invalid' }),
      'invalid_token,invalid_token,invalid_token',
    );
    assert.equal(kinds(401, { code: '80200003', msg: 'Oauth Token expired.' }), 'reauth');
    assert.equal(kinds(401, { code: '80200001', msg: 'Oauth authentication error' }), 'reauth');
    assert.equal(
      kinds(403, { code: '80300002', msg: 'no permission' }),
      'credential_error,credential_error,credential_error',
    );
    assert.equal(kinds(400, { code: '80300008', msg: 'too big' }), 'rejected,rejected,rejected');
    assert.equal(kinds(500, { code: '81000001', msg: 'internal' }), 'retry,retry,retry');
    assert.equal(kinds(503, ''), 'quota,quota,quota');
    assert.equal(kinds(502, 'Bad Gateway'), 'retry,retry,retry');
    assert.equal(kinds(404, 'Not Found'), 'credential_error,credential_error,credential_error');
  });

  test('80100000 reads illegal_tokens from the JSON string in msg', () => {
    const msg = JSON.stringify({ success: 1, failure: 2, illegal_tokens: ['t1', 't3'] });
    assert.equal(kinds(200, { code: '80100000', msg }), 'invalid_token,delivered,invalid_token');
    assert.deepEqual(illegalTokens('not json'), []);
  });

  test('Retry-After is honoured on retries and quota; defaults otherwise', () => {
    const v = classifyHmsReply(500, JSON.stringify({ code: '81000001' }), ['t'], '7', 0);
    assert.ok(v.kind === 'outcomes' && v.outcomes[0]?.kind === 'retry' && v.outcomes[0].afterMs === 7000);
    const q = classifyHmsReply(503, '', ['t'], null, 0);
    assert.ok(q.kind === 'outcomes' && q.outcomes[0]?.kind === 'quota' && q.outcomes[0].afterMs === 60_000);
  });
});
