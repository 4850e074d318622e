import { invalid } from './errors.js';

/** An app's quiet hours: pushes accepted inside the window wait until it ends (high priority excepted). */
export interface QuietHours {
  /** "HH:MM", local time in `timezone`. A start later than the end spans midnight. */
  readonly start: string;
  readonly end: string;
  readonly timezone: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function minutes(field: string, hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw invalid(field, 'must be a time "HH:MM" (24 h)');
  return Number(m[1]) * 60 + Number(m[2]);
}

export function validateQuietHours(q: unknown): QuietHours {
  if (typeof q !== 'object' || q === null) throw invalid('quietHours', 'must be {start, end, timezone}');
  const { start, end, timezone } = q as Record<string, unknown>;
  if (typeof start !== 'string') throw invalid('quietHours.start', 'must be "HH:MM"');
  if (typeof end !== 'string') throw invalid('quietHours.end', 'must be "HH:MM"');
  if (minutes('quietHours.start', start) === minutes('quietHours.end', end))
    throw invalid('quietHours.end', 'must differ from start');
  if (typeof timezone !== 'string') throw invalid('quietHours.timezone', 'must be an IANA time zone');
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw invalid('quietHours.timezone', 'must be an IANA time zone such as Asia/Shanghai');
  }
  return { start, end, timezone };
}

/** Minutes and seconds past local midnight of `at` in `timeZone`. */
export function localClock(at: number, timeZone: string): { minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { minute: get('hour') * 60 + get('minute'), second: get('second') };
}

/**
 * When a push accepted at `now` may go out: `now` outside the window, else the window's end.
 * Counted in local wall-clock minutes, so on a daylight-saving night the end can be an hour off.
 */
export function quietUntil(q: QuietHours, now: number): number {
  const start = minutes('quietHours.start', q.start);
  const end = minutes('quietHours.end', q.end);
  const { minute, second } = localClock(now, q.timezone);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return now;
  const wait = (end - minute + 1440) % 1440;
  return now + wait * 60_000 - second * 1000 - (now % 1000);
}
