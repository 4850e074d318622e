import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BroadcastError } from './errors.js';
import { formatSeedDay, formatSeedTime, parseSeedDay, parseSeedTime } from './time-format.js';

const AT = Date.UTC(2016, 7, 6, 10, 20, 30, 120);

test('seed times read as UTC with the fraction as a decimal, and are written with two digits', () => {
  assert.equal(parseSeedTime('time', '2016-08-06T10:20:30.12Z'), AT);
  assert.equal(parseSeedTime('time', '2016-08-06T10:20:30.120Z'), AT);
  assert.equal(parseSeedTime('time', '2016-08-06T10:20:30.1Z'), AT - 20);
  assert.equal(parseSeedTime('time', '2016-08-06T10:20:30Z'), AT - 120);
  assert.equal(formatSeedTime(AT), '2016-08-06T10:20:30.12Z');
  assert.equal(formatSeedTime(AT + 9), '2016-08-06T10:20:30.12Z', 'hundredths, truncated');
  assert.equal(formatSeedTime(Date.UTC(2016, 0, 1)), '2016-01-01T00:00:00.00Z');
  for (const t of [AT, Date.UTC(2030, 11, 31, 23, 59, 59, 990)])
    assert.equal(parseSeedTime('t', formatSeedTime(t)), t);
});

test('anything else is a 4001001 naming the field', () => {
  for (const bad of [
    '2016-08-06 10:20:30.12Z',
    '2016-08-06T10:20:30.12',
    '2016-08-06T10:20:30.1234Z',
    '2016-08-06T10:20:30.12+08:00',
    '2016-02-30T10:00:00.00Z',
    '2016-08-06T24:00:00.00Z',
    '2016-08-06T10:60:00.00Z',
    '2016-08-06T10:00:60.00Z',
    1470478830120,
    null,
  ]) {
    assert.throws(
      () => parseSeedTime('expire', bad),
      (e: unknown) => e instanceof BroadcastError && e.code === 4001001 && e.field === 'expire',
      String(bad),
    );
  }
});

test('days are UTC midnights', () => {
  assert.equal(parseSeedDay('d', '2016-08-06'), Date.UTC(2016, 7, 6));
  assert.equal(formatSeedDay(Date.UTC(2016, 7, 6, 23, 59)), '2016-08-06');
  for (const bad of ['2016-8-6', '2016-13-01', '2016-02-30', '20160806'])
    assert.throws(() => parseSeedDay('scope.group.start_day', bad), BroadcastError, bad);
});
