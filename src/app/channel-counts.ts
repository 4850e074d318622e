import { type ChannelCounts, emptyChannelCounts, type TaskChannels } from '../domain/task.js';
import type { ChannelCountRow } from '../store/store.js';

type Tally = { -readonly [K in keyof ChannelCounts]: number };

const zero = (): Tally => emptyChannelCounts();

/** Receipt stages and end states of the rows, added to the channel that reached them. */
function addStages(t: Tally, r: ChannelCountRow): void {
  if (r.received) t.received += r.n;
  if (r.displayed) t.displayed += r.n;
  if (r.clicked) t.clicked += r.n;
  if (r.status === 'revoked') t.revoked += r.n;
  if (r.status === 'expired') t.expired += r.n;
}

/**
 * Per-channel figures of one message. `own` counts every delivery the own channel was asked to
 * reach; what a vendor delivered (and the receipts after it) is credited to that vendor, not to
 * `own`. A device is counted on the last vendor tried for it.
 */
export function tallyChannels(rows: readonly ChannelCountRow[]): TaskChannels {
  const out: Record<string, Tally> = { own: zero() };
  for (const r of rows) {
    const byVendor = r.vendorState === 'sent';
    if (r.ownChannel) {
      const own = out.own!;
      own.target += r.n;
      if (!byVendor) {
        if (r.sent) own.sent += r.n;
        addStages(own, r);
        if (!r.vendor && r.status === 'failed') own.failed += r.n;
      }
    }
    if (r.vendor) {
      const v = out[r.vendor] ?? zero();
      out[r.vendor] = v;
      v.target += r.n;
      if (byVendor) {
        v.sent += r.n;
        addStages(v, r);
      }
      if (r.vendorState === 'failed') v.failed += r.n;
      if (r.vendorState === 'due') v.pending += r.n;
    }
  }
  return out;
}
