/**
 * Whom a push targets. `'all'`, or fields that combine with AND; list fields match any of their values.
 * Issue 3 extends this language; every facade maps onto it.
 */
export type Audience =
  | 'all'
  | {
      readonly deviceIds?: readonly string[];
      readonly userIds?: readonly string[];
      readonly aliases?: readonly string[];
      readonly tags?: readonly string[];
    };

/** Lists are capped so one request cannot become an unbounded IN (...); 500 matches seed 004's limit. */
export const MAX_AUDIENCE_LIST = 500;

export interface AudienceFilter {
  readonly audience: Audience;
  /** Only the app's test devices (a push with `production: false`). */
  readonly testOnly: boolean;
}
