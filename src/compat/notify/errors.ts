import { mapError } from '../../api/error-mapper.js';

/** Seed 004's answer envelope: `code` 200 and `message` null on success. */
export interface SeedAnswer<T> {
  readonly code: number;
  readonly data: T | null;
  readonly message: string | null;
}

export function ok<T>(data: T): SeedAnswer<T> {
  return { code: 200, data, message: null };
}

/**
 * Native field names as the seed's clients know them. A refusal raised by a native use case names
 * the native field (`options.vendors[2]`); the client sent `setting.ospush_sequence`, so that is
 * the name it must read. More specific names come first.
 */
const SEED_FIELD_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['audience.tags', 'audience.tag'],
  ['audience.aliases', 'audience.alias'],
  ['audience.userIds', 'audience.user_id'],
  ['audience.pushTokens', 'audience.push_token'],
  ['message.kind', 'message.type'],
  ['message.data', 'message.ext'],
  ['options.requestId', 'setting.request_id'],
  ['options.strategy', 'setting.distribution_strategy'],
  ['options.vendors', 'setting.ospush_sequence'],
  ['options.sendAt', 'message.show_begin_time'],
  ['options.expiresAt', 'message.show_end_time'],
  ['options.overrides', 'message'],
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const RENAMES = SEED_FIELD_NAMES.map(
  ([native, seed]) => [new RegExp(`(?<![\\w.])${escapeRegExp(native)}(?![\\w])`, 'g'), seed] as const,
);

/** Rewrites every native field name in a text (a field path or a message that quotes one). */
export function seedFieldNames(text: string): string {
  return RENAMES.reduce((t, [re, seed]) => t.replace(re, seed), text);
}

/**
 * Any thrown error as the seed's envelope. `code` is the HTTP status the native API gives the same
 * error (400 bad field, 401 bad token, 403 not allowed, 404 unknown, 413 too large, 500 …) and the
 * answer is sent with that status too, so both clients that read the body and clients that read the
 * status see the failure. `message` starts with the field at fault, in the seed's names.
 */
export function seedError(err: unknown): { status: number; answer: SeedAnswer<null>; expected: boolean } {
  const { status, body, expected } = mapError(err);
  const { field, message } = body.error;
  // Every refusal about a field starts with it, even those whose native message does not ("message is 5000 bytes").
  const text = field && !message.startsWith(`${field}:`) ? `${field}: ${message}` : message;
  return { status, answer: { code: status, data: null, message: seedFieldNames(text) }, expected };
}
