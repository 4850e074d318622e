import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HeraldError, invalid } from '../../domain/errors.js';
import { BROADCAST_ERRORS, BroadcastError, httpStatusOf, seedField, toSeedError } from './errors.js';
import { listQueryFromSeed } from './list-query.js';

test('docs/compat/003-broadcast.md lists every seed 003 error code with its HTTP status, and nothing more', () => {
  const rows = [
    ...readFileSync('docs/compat/003-broadcast.md', 'utf8').matchAll(/^\|\s*(\d{7})\s*\|\s*(\d{3})\s*\|/gm),
  ];
  const documented = new Map(rows.map((r) => [Number(r[1]), Number(r[2])]));
  assert.deepEqual([...documented.keys()].sort(), Object.keys(BROADCAST_ERRORS).map(Number).sort());
  for (const [code, status] of documented)
    assert.equal(status, httpStatusOf(code as keyof typeof BROADCAST_ERRORS), String(code));
});

test('native errors keep their message with the field renamed to the seed’s', () => {
  assert.equal(seedField('options.expiresAt', 'scope.'), 'expire');
  assert.equal(seedField('audience.userIds[3]', 'scope.'), 'scope.user[3]');
  assert.equal(seedField('audience.area.cities[0]', ''), 'area.city[0]');
  assert.equal(seedField('where.createdAt.$lt', 'scope.'), 'query.time.$lt');
  const r = toSeedError(invalid('message.title', 'must be 0 to 200 characters'));
  assert.deepEqual(r, {
    status: 400,
    body: { error: { code: 4001001, msg: 'title: must be 0 to 200 characters', field: 'title' } },
    expected: true,
  });
  assert.equal(toSeedError(new HeraldError('conflict', 'x')).body.error.code, 4091001);
  assert.equal(toSeedError(new HeraldError('not_found', 'task not found')).status, 404);
  assert.equal(toSeedError(new BroadcastError(4031002)).status, 403);
  const crash = toSeedError(new Error('secret detail'));
  assert.deepEqual(crash.body, { error: { code: 5031001, msg: 'server error' } });
  assert.equal(crash.expected, false);
});

test('a status query selects the native statuses of the seed codes that satisfy it', () => {
  const where = (status: unknown) => listQueryFromSeed({ query: { status } }).native.where?.status;
  assert.deepEqual(where(0), { $in: ['scheduled', 'pending', 'cancelled'] });
  assert.deepEqual(where({ $gte: '1', $ne: 2 }), { $in: ['sending'] });
  assert.deepEqual(where({ $in: [2, 1] }), { $in: ['sending', 'sent', 'expired', 'failed'] });
  assert.deepEqual(where({ $lt: 0 }), { $eq: null });
  assert.equal(where({ $lte: 2 }), undefined, 'every status: no condition');
  const q = listQueryFromSeed({
    query: { time: { $lt: '2016-08-06T00:00:00.00Z' } },
    order: { time: 'desc' },
  });
  assert.deepEqual(q.native.where, { createdAt: { $lt: Date.UTC(2016, 7, 6) } });
  assert.deepEqual(q.native.order, { createdAt: 'desc' });
});
