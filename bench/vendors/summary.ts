import { table } from '../lib/stats.js';
import { type ApnsResults, isRow } from './apns-bench.js';
import type { LoopResult } from './closed-loop.js';

/** What the issue asks of Herald's APNs channel. */
export const APNS_GOALS = { minSendsPerSec: 20_000, minTimesNodeApn: 1.5, maxP99Ms: 25 } as const;

export interface Goal {
  readonly want: string;
  readonly got: number;
  readonly met: boolean;
}

/** The APNs table: every client, as a share of the h2load ceiling. */
export function apnsTable(results: ApnsResults): string {
  const ceiling = isRow(results.h2load) ? results.h2load.sendsPerSec : null;
  const rows: Array<Array<string | number>> = [
    ['apns client', 'sends/s', '% of h2load', 'p50 ms', 'p99 ms', 'max ms', 'failed', 'conns'],
  ];
  for (const [name, r] of Object.entries(results)) {
    if (!isRow(r)) {
      rows.push([name, r.skipped, '', '', '', '', '', '']);
      continue;
    }
    const pct = ceiling ? `${Math.round((100 * r.sendsPerSec) / ceiling)}%` : '-';
    const conns = r.conns ?? '-';
    rows.push([name, r.sendsPerSec, pct, r.latencyMs.p50, r.latencyMs.p99, r.latencyMs.max, r.failed, conns]);
  }
  return table(rows);
}

/** Herald against the goals; ×node-apn is taken against the faster node-apn variant. */
export function apnsGoals(results: ApnsResults): Record<string, Goal> | null {
  const herald = results.herald;
  const nodeApn = [results['node-apn'], results['node-apn-multi']].filter(isRow);
  if (!isRow(herald) || nodeApn.length === 0) return null;
  const best = Math.max(...nodeApn.map((r) => r.sendsPerSec));
  const g = APNS_GOALS;
  return {
    sendsPerSec: {
      want: `>= ${g.minSendsPerSec}`,
      got: herald.sendsPerSec,
      met: herald.sendsPerSec >= g.minSendsPerSec,
    },
    timesNodeApn: {
      want: `>= ${g.minTimesNodeApn}`,
      got: Math.round((100 * herald.sendsPerSec) / best) / 100,
      met: herald.sendsPerSec >= g.minTimesNodeApn * best,
    },
    p99Ms: { want: `<= ${g.maxP99Ms}`, got: herald.latencyMs.p99, met: herald.latencyMs.p99 <= g.maxP99Ms },
  };
}

export function goalLines(goals: Record<string, Goal> | null): string[] {
  if (!goals) return ['  (herald or node-apn did not run)'];
  return Object.entries(goals).map(
    ([k, g]) => `  ${g.met ? 'met   ' : 'MISSED'} ${k}: ${g.got} (want ${g.want})`,
  );
}

/** The FCM table: Herald's FcmChannel against a plain undici loop. */
export function fcmTable(results: Record<string, LoopResult>): string {
  const base = results['undici-loop']?.sendsPerSec;
  const rows: Array<Array<string | number>> = [
    ['fcm client', 'sends/s', '% of undici', 'p50 ms', 'p99 ms', 'failed'],
  ];
  for (const [name, r] of Object.entries(results)) {
    const pct = base ? `${Math.round((100 * r.sendsPerSec) / base)}%` : '-';
    rows.push([name, r.sendsPerSec, pct, r.latencyMs.p50, r.latencyMs.p99, r.failed]);
  }
  return table(rows);
}
