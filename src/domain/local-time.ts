import { localClock, minutes } from './quiet-hours.js';

/**
 * Delivery "at 09:00 local": each device gets the message when the clock in its own time zone
 * next shows that time after the push was accepted. Devices are grouped into waves, one per
 * distinct moment; devices without a time zone use the app's (its quiet-hours zone) or UTC.
 */
export interface Wave {
  /** Epoch ms when this wave's zones reach the local time. */
  readonly at: number;
  readonly zones: readonly string[];
  /** Devices without a time zone belong to this wave. */
  readonly unzoned: boolean;
}

/** The next instant at or after `after` at which `zone` shows `hhmm`. Wall-clock minutes: a DST night can shift it by an hour. */
export function nextLocalTime(hhmm: string, zone: string, after: number): number {
  const target = minutes('options.localTime', hhmm);
  const { minute, second } = localClock(after, zone);
  const wait = (target - minute + 1440) % 1440;
  if (wait === 0 && second === 0 && after % 1000 === 0) return after;
  const at = after + wait * 60_000 - second * 1000 - (after % 1000);
  return at < after ? at + 1440 * 60_000 : at;
}

/** Waves in time order for the zones an audience's devices are in (null = no zone). */
export function planWaves(
  hhmm: string,
  zones: readonly (string | null)[],
  defaultZone: string,
  base: number,
): Wave[] {
  const byAt = new Map<number, { zones: string[]; unzoned: boolean }>();
  for (const zone of zones) {
    // Zones were checked by Intl when the device registered.
    const at = nextLocalTime(hhmm, zone ?? defaultZone, base);
    const w = byAt.get(at) ?? { zones: [], unzoned: false };
    if (zone === null) w.unzoned = true;
    else w.zones.push(zone);
    byAt.set(at, w);
  }
  return [...byAt.entries()].sort((a, b) => a[0] - b[0]).map(([at, w]) => ({ at, ...w }));
}
