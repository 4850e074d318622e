import type { SendOutcome, SendTarget, VendorMessage } from './channel.js';

/** The order notification the vendor channel tests send; `over` replaces fields. */
export function orderMessage(over: Partial<VendorMessage> = {}): VendorMessage {
  return {
    id: 'm-1',
    content: { kind: 'notification', title: 'Order 42', body: 'Out for delivery', data: { orderId: '42' } },
    priority: 'high',
    collapseId: null,
    expiresAt: null,
    ...over,
  };
}

/** One target per token, device ids d0, d1, … */
export const targetsOf = (tokens: readonly string[]): SendTarget[] =>
  tokens.map((token, i) => ({ deviceId: `d${i}`, token }));

/** The outcome kinds, in target order. */
export const kindsOf = (out: readonly Pick<SendOutcome, 'kind'>[]): string[] => out.map((o) => o.kind);
