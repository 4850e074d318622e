import { invalid } from './errors.js';

/** Small checks shared by every entry point (native API, facades, CLI), so the rules live once. */

export function checkString(field: string, value: unknown, opts: { min?: number; max: number }): string {
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  const min = opts.min ?? 1;
  if (value.length < min || value.length > opts.max)
    throw invalid(field, `must be ${min} to ${opts.max} characters`);
  return value;
}

export function checkOptionalString(field: string, value: unknown, max: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  return checkString(field, value, { max });
}

export function checkStringList(
  field: string,
  value: unknown,
  maxItems: number,
  maxLength: number,
): string[] {
  if (!Array.isArray(value)) throw invalid(field, 'must be an array of strings');
  if (value.length > maxItems) throw invalid(field, `must have at most ${maxItems} items`);
  return value.map((v, i) => checkString(`${field}[${i}]`, v, { max: maxLength }));
}

export function checkOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
