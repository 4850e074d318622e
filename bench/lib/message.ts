/** ~200 bytes of title and body: a typical notification, the same for Herald and the baselines. */
export const BENCH_MESSAGE = {
  title: 'Herald bench: order shipped',
  body: 'Your order #48213 has left the warehouse and should arrive on Thursday. Tap to follow the parcel, change the delivery slot or pick it up at a locker near you. Thank you!',
} as const;
