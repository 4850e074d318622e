import type { DeviceType } from './device.js';

/**
 * A tag expression: a tag, or and/or/not of expressions, nestable. `["a", "b"]` in the `tags`
 * field is shorthand for `{ or: ["a", "b"] }`.
 */
export type TagExpr =
  | string
  | { readonly and: readonly TagExpr[] }
  | { readonly or: readonly TagExpr[] }
  | { readonly not: TagExpr };

/** Last activity (connection) of a device, as an epoch-ms window. */
export interface ActivityFilter {
  /** Seen at or after `from` and before `to` (either bound may be left out). */
  readonly activeBetween?: { readonly from?: number; readonly to?: number };
  /** Not seen since this time (or never). */
  readonly sleepingSince?: number;
}

/**
 * Whom a push targets: `'all'`, or fields that combine with AND. A list field matches any of its
 * values. Every seed facade maps its own audience onto this.
 */
export interface AudienceSpec {
  readonly deviceIds?: readonly string[];
  readonly userIds?: readonly string[];
  readonly aliases?: readonly string[];
  readonly tags?: readonly string[] | TagExpr;
  readonly deviceTypes?: readonly DeviceType[];
  readonly appPackages?: readonly string[];
  /** Push tokens of any vendor (seed 004's push_token). */
  readonly pushTokens?: readonly string[];
  readonly products?: readonly string[];
  readonly area?: { readonly provinces?: readonly string[]; readonly cities?: readonly string[] };
  readonly activity?: ActivityFilter;
  /** Organisation node ids: devices of users who are members of a node or of any node below it. */
  readonly organisations?: readonly string[];
}

export type Audience = 'all' | AudienceSpec;

/** Lists are capped so one request cannot become an unbounded IN (...); 500 matches seed 004's limit. */
export const MAX_AUDIENCE_LIST = 500;
/** Bounds on tag expressions: enough for any segment a person writes, small enough to plan quickly. */
export const MAX_TAG_LEAVES = 50;
export const MAX_TAG_DEPTH = 6;

export const AUDIENCE_KEYS = [
  'deviceIds',
  'userIds',
  'aliases',
  'tags',
  'deviceTypes',
  'appPackages',
  'pushTokens',
  'products',
  'area',
  'activity',
  'organisations',
] as const satisfies ReadonlyArray<keyof AudienceSpec>;

export interface AudienceFilter {
  readonly audience: Audience;
  /** Only the app's test devices (a push with `production: false`). */
  readonly testOnly: boolean;
  /** Only devices in these time zones (and, with `unzoned`, those without one): one local-time wave. */
  readonly timezones?: { readonly zones: readonly string[]; readonly unzoned: boolean };
  /** Only devices registered by then (epoch ms): a broadcast's audience as it went out. */
  readonly registeredBy?: number;
}

/** `tags` as an expression: a plain list means any of them. */
export function tagExpr(tags: readonly string[] | TagExpr): TagExpr {
  return Array.isArray(tags) ? { or: tags as readonly string[] } : (tags as TagExpr);
}

/** The device ids of an audience that names only device ids (a unicast): those are resolved inline. */
export function onlyDeviceIds(a: Audience): readonly string[] | undefined {
  if (a === 'all') return undefined;
  const keys = Object.keys(a);
  return keys.length === 1 && keys[0] === 'deviceIds' ? a.deviceIds : undefined;
}
