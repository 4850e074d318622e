/** Time source, injected wherever time decides behaviour so tests can run on fake time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
