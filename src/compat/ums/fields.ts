import { invalid } from '../../domain/errors.js';
import { checkString, checkStringList } from '../../domain/validate.js';
import { UmsError } from './ret-codes.js';

/**
 * Reading UMS bodies field by field. Seed 000's tables give strings of 1 to 100 characters and
 * arrays of at most 200; a wrong type is refused, never coerced ("1" is not 1). Fields the tables do
 * not name are ignored: a 2018 UMS client may send more than this facade reads.
 */
export type Body = Readonly<Record<string, unknown>>;

/** Seed 000: "数组最大支持200个" (arrays hold at most 200 items). */
export const MAX_ITEMS = 200;
/** Seed 000: "长度为1到100" (strings are 1 to 100 characters). */
export const MAX_TEXT = 100;

export function bodyOf(raw: unknown): Body {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UmsError('10002', 'body: must be a JSON object');
  return raw as Body;
}

export function requiredText(b: Body, field: string, max = MAX_TEXT): string {
  if (b[field] === undefined || b[field] === null) throw invalid(field, 'is required');
  return checkString(field, b[field], { max });
}

export function optionalText(b: Body, field: string, max = MAX_TEXT): string | undefined {
  if (b[field] === undefined || b[field] === null) return undefined;
  return checkString(field, b[field], { max });
}

/** An int field the seed restricts to 0 or 1 (collab3th, isTry, isLong, priority). */
export function zeroOrOne(b: Body, field: string): 0 | 1 | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (v !== 0 && v !== 1) throw invalid(field, 'must be the integer 0 or 1');
  return v;
}

/**
 * A list the seed names one way in its table and another in its example (deviceId / deviceIds,
 * deviceType / deviceTypes, appPackage / appPackages): either name is read; both at once is refused
 * rather than guessing which one was meant. The singular name may also hold one plain string, as
 * deviceList's example sends `"appPackage": "com.a.b"`.
 */
export function listField(
  b: Body,
  singular: string,
  plural: string,
  opts: { itemMax?: number } = {},
): { field: string; values: string[] } | undefined {
  const one = b[singular];
  const many = b[plural];
  const has = (v: unknown) => v !== undefined && v !== null;
  if (has(one) && has(many)) throw invalid(plural, `give ${singular} or ${plural}, not both`);
  const field = has(many) ? plural : singular;
  const raw = has(many) ? many : one;
  if (!has(raw)) return undefined;
  const max = opts.itemMax ?? MAX_TEXT;
  if (typeof raw === 'string' && field === singular)
    return { field, values: [checkString(field, raw, { max })] };
  const values = checkStringList(field, raw, MAX_ITEMS, max);
  // An empty list would widen a push to everything the other fields allow; say so instead.
  if (values.length === 0) throw invalid(field, 'must not be empty');
  return { field, values };
}
