import { invalid } from '../../domain/errors.js';

/** The seed marks most fields "可为空" (may be empty): null means the same as leaving it out. */
export function present<T>(v: T | null | undefined): v is T {
  return v !== undefined && v !== null;
}

/**
 * An object whose keys are all in `allowed`. Unknown keys are refused naming them, as the native API
 * does: a misspelt field silently dropped would send a push the caller did not ask for.
 */
export function knownKeys(field: string, raw: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid(field, 'must be an object');
  for (const k of Object.keys(raw))
    if (!allowed.includes(k)) throw invalid(field ? `${field}.${k}` : k, 'is not a known field');
  return raw as Record<string, unknown>;
}
