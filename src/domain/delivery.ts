/**
 * Where one message stands on one device. Names are Herald's; `seedCode` gives seed 000's
 * MessageInfo.status (0 failed / not yet sent, 1 sent … 6 replaced).
 */
export const DELIVERY_STATUSES = [
  'queued',
  'sent',
  'received',
  'displayed',
  'clicked',
  'failed',
  'expired',
  'revoked',
  'replaced',
  'capped',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const SEED_CODE: Record<DeliveryStatus, number> = {
  queued: 0,
  failed: 0,
  expired: 0,
  sent: 1,
  received: 2,
  displayed: 3,
  clicked: 4,
  revoked: 5,
  replaced: 6,
  capped: 0,
};

/** Receipt statuses a device may report, as numbers on the wire. */
export const RECEIPT_BY_CODE = { 2: 'received', 3: 'displayed', 4: 'clicked' } as const;
export type ReceiptCode = keyof typeof RECEIPT_BY_CODE;
export type ReceiptStatus = (typeof RECEIPT_BY_CODE)[ReceiptCode];

/**
 * The statuses a delivery may move to `target` from: receipts only move forward, so a late
 * "received" never overwrites "clicked", and nothing moves a revoked, failed or expired one.
 */
export function predecessors(target: 'sent' | ReceiptStatus): DeliveryStatus[] {
  const order: DeliveryStatus[] = ['queued', 'sent', 'received', 'displayed', 'clicked'];
  return order.slice(0, order.indexOf(target));
}

/** Statuses in which the device may still be shown the message (and so must hear of a revoke). */
export const HELD_STATUSES: readonly DeliveryStatus[] = ['sent', 'received', 'displayed', 'clicked'];
/** Statuses that still owe the device the message. */
export const UNDELIVERED_STATUSES: readonly DeliveryStatus[] = ['queued', 'sent'];

export type DeliveryCounts = Record<DeliveryStatus, number>;

export function emptyCounts(): DeliveryCounts {
  return Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as DeliveryCounts;
}

/** Control frames owed to a device that already holds a message. */
export type PendingControl = 'revoke' | 'replace';

export type ChannelId = 'ws';

/** A delivery's vendor leg: waiting to be tried, accepted by a vendor, or given up by every vendor. */
export type VendorState = 'due' | 'sent' | 'failed';
