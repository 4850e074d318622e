/** Reconnect backoff parameters, all validated by the caller. */
export interface BackoffPolicy {
  minMs: number;
  maxMs: number;
  factor: number;
  /** 0 = no jitter, 1 = full jitter; in between = proportional jitter. */
  jitter: number;
}

/**
 * Delay before reconnect attempt `attempt` (1-based):
 *
 *   base  = min(maxMs, minMs · factor^(attempt − 1))
 *   delay = round(base · (1 − jitter · r)),  r = random() ∈ [0, 1)
 *
 * so delay ∈ [base · (1 − jitter), base]. Jitter spreads out devices that lost their
 * connection at the same moment (e.g. a server restart) so they do not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  // Multiply step by step instead of using `**` so huge attempt counts cannot overflow to
  // Infinity (and 0 · Infinity to NaN); the loop stops as soon as the cap is reached.
  let base = policy.minMs;
  for (let i = 1; i < attempt && base < policy.maxMs; i++) base *= policy.factor;
  base = Math.min(base, policy.maxMs);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(base * (1 - policy.jitter * r));
}
