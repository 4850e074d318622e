import type { Audience, AudienceSpec } from '../../domain/audience.js';
import { invalid } from '../../domain/errors.js';

/** Seed 004's audience kinds and the native audience field each one is. */
const KINDS = {
  tag: 'tags',
  alias: 'aliases',
  user_id: 'userIds',
  push_token: 'pushTokens',
} as const satisfies Record<string, keyof AudienceSpec>;
type Kind = keyof typeof KINDS;

const isKind = (k: string): k is Kind => Object.hasOwn(KINDS, k);

/**
 * `"all"` or an object naming exactly one kind with its list. The seed lists the kinds as
 * alternatives and says nothing of combining them, so two kinds at once are refused rather than
 * guessed at. List lengths (≤ 500), emptiness and value sizes are the native audience's checks.
 */
export function toAudience(raw: unknown): Audience {
  if (raw === 'all') return 'all';
  const shape = 'must be "all" or one of {"tag"|"alias"|"user_id"|"push_token": [...]}';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('audience', shape);
  const keys = Object.keys(raw);
  if (keys.length !== 1) throw invalid('audience', `${shape}, exactly one kind`);
  const kind = keys[0]!;
  if (!isKind(kind)) throw invalid(`audience.${kind}`, 'is not tag, alias, user_id or push_token');
  const values = (raw as Record<string, unknown>)[kind];
  if (!Array.isArray(values)) throw invalid(`audience.${kind}`, 'must be an array');
  // The seed's own example lists user ids as numbers ({"user_id":[111,222]}); native user ids are text.
  const list =
    kind === 'user_id'
      ? values.map((v: unknown, i) => {
          if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
          if (typeof v === 'string') return v;
          throw invalid(`audience.user_id[${i}]`, 'must be a string or an integer');
        })
      : values;
  return { [KINDS[kind]]: list } as AudienceSpec;
}
