import { badField } from './errors.js';

/**
 * The seed's `yyyy-MM-dd'T'HH:mm:ss.SS'Z'`, read as UTC (the quoted Z says so).
 *
 * In Java's SimpleDateFormat, where the pattern comes from, `SS` is *milliseconds* printed with at
 * least two digits (45 ms → ".45", 123 ms → ".123"), while an ISO reader takes ".45" as 450 ms. We
 * read the digits as a decimal fraction, as ISO 8601 does, and accept one to three of them (or
 * none), so both a strict two-digit writer and a Java writer's three-digit output parse right; only
 * a Java writer's two-digit values below 100 ms land up to 90 ms off. We always write two digits
 * (hundredths): exactly the seed's pattern.
 */
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
export const DAY_MS = 24 * 3600 * 1000;

function utc(field: string, parts: readonly number[], shape: string): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = parts;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Date.UTC rolls 2016-02-30 over to March; a date that does not survive the round trip is not a date.
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi
  ) {
    throw badField(field, `is not a valid ${shape}`);
  }
  return ms;
}

/** Epoch ms of a seed time; a 4001001 naming `field` when it is not one. */
export function parseSeedTime(field: string, value: unknown): number {
  const m = typeof value === 'string' ? TIME.exec(value) : null;
  if (!m) throw badField(field, "must be a time as yyyy-MM-dd'T'HH:mm:ss.SS'Z' (UTC)");
  const [, y, mo, d, h, mi, s, frac] = m;
  if (Number(s) > 59) throw badField(field, "is not a valid yyyy-MM-dd'T'HH:mm:ss.SS'Z' time");
  const base = utc(field, [y, mo, d, h, mi, s].map(Number), "yyyy-MM-dd'T'HH:mm:ss.SS'Z' time");
  return base + (frac ? Number(frac.padEnd(3, '0')) : 0);
}

/** A seed time: `2016-08-06T10:00:00.12Z` (hundredths, truncated). */
export function formatSeedTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2016-08-06T10:00:00.123Z
  return `${iso.slice(0, 22)}Z`;
}

/** Epoch ms of 00:00 UTC of a seed day (`2016-08-06`). */
export function parseSeedDay(field: string, value: unknown): number {
  const m = typeof value === 'string' ? DAY.exec(value) : null;
  if (!m) throw badField(field, 'must be a day as yyyy-MM-dd');
  return utc(field, [Number(m[1]), Number(m[2]), Number(m[3])], 'yyyy-MM-dd day');
}

/** The UTC day of an instant: `2016-08-06`. */
export function formatSeedDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
