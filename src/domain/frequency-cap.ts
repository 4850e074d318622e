import { invalid } from './errors.js';

/**
 * An app's per-device frequency cap: at most `max` messages per device in a window of `hours`
 * (the window starts with the first message after the previous one ended). High-priority pushes
 * (security codes, chat) are not capped and do not count.
 */
export interface FrequencyCap {
  readonly max: number;
  readonly hours: number;
}

export function validateFrequencyCap(input: unknown): FrequencyCap {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw invalid('frequencyCap', 'must be {max, hours} or null');
  const { max, hours } = input as Record<string, unknown>;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000)
    throw invalid('frequencyCap.max', 'must be an integer 1..1000 (messages per device per window)');
  if (typeof hours !== 'number' || !Number.isInteger(hours) || hours < 1 || hours > 168)
    throw invalid('frequencyCap.hours', 'must be an integer 1..168 (window length in hours)');
  return { max, hours };
}
