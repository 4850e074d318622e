import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quietUntil, validateQuietHours } from './quiet-hours.js';

// 2026-01-15 is a Thursday in winter: Shanghai is UTC+8, no daylight saving.
const at = (iso: string) => Date.parse(iso);
const SH = { timezone: 'Asia/Shanghai' };

test('quiet hours: inside a window across midnight the push waits until its end; outside it goes now', () => {
  const q = { start: '22:00', end: '08:00', ...SH };
  const cases: Array<[string, string]> = [
    ['2026-01-15T13:59:00Z', '2026-01-15T13:59:00Z'], // 21:59 local: before the window
    ['2026-01-15T14:00:00Z', '2026-01-16T00:00:00Z'], // 22:00 local → 08:00 next day
    ['2026-01-15T17:30:15Z', '2026-01-16T00:00:00Z'], // 01:30:15 local
    ['2026-01-15T23:59:00Z', '2026-01-16T00:00:00Z'], // 07:59 local
    ['2026-01-16T00:00:00Z', '2026-01-16T00:00:00Z'], // 08:00 local: the window has ended
  ];
  for (const [now, expected] of cases)
    assert.equal(new Date(quietUntil(q, at(now))).toISOString(), new Date(at(expected)).toISOString(), now);
});

test('quiet hours: a window within one day', () => {
  const q = { start: '12:00', end: '14:00', timezone: 'UTC' };
  assert.equal(quietUntil(q, at('2026-01-15T12:30:00Z')), at('2026-01-15T14:00:00Z'));
  assert.equal(quietUntil(q, at('2026-01-15T14:00:00Z')), at('2026-01-15T14:00:00Z'));
  assert.equal(quietUntil(q, at('2026-01-15T11:59:59Z')), at('2026-01-15T11:59:59Z'));
});

test('quiet hours: validation names the field', () => {
  assert.throws(() => validateQuietHours({ start: '25:00', end: '08:00', ...SH }), /quietHours.start/);
  assert.throws(() => validateQuietHours({ start: '22:00', end: '22:00', ...SH }), /quietHours.end/);
  assert.throws(
    () => validateQuietHours({ start: '22:00', end: '08:00', timezone: 'Mars/Base' }),
    /quietHours.timezone/,
  );
  assert.deepEqual(validateQuietHours({ start: '22:00', end: '08:00', ...SH }), {
    start: '22:00',
    end: '08:00',
    ...SH,
  });
});
