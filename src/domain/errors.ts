/**
 * The error registry: every error Herald reports to a client has a stable code listed here.
 * Domain errors carry no HTTP status; `api/error-mapper.ts` maps them. `docs/errors.md`
 * lists exactly these codes (checked by test/errors-doc.test.ts).
 */
export const ERROR_CODES = {
  validation_failed: 'A field of the request is missing, has the wrong type or is out of range.',
  malformed_json: 'The request body is not valid JSON.',
  unsupported_media_type: 'The request body is not application/json.',
  payload_too_large: 'The message payload is over its size limit.',
  unauthorized: 'Credentials are missing or wrong.',
  forbidden: 'The credentials are valid but do not allow this action.',
  signature_expired: 'The signed request timestamp is outside the allowed window.',
  replayed_request: 'This signed request was already used.',
  not_found: 'The resource does not exist or belongs to another app.',
  conflict: 'The request conflicts with the current state of the resource.',
  unknown_audience: 'The audience names no known kind.',
  rate_limited: 'Too many requests.',
  not_ready: 'The server is starting or shutting down.',
  internal: 'An unexpected error; it was logged.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error meant for the client: a stable code, a message, and the field it is about. */
export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    opts: { field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message ?? ERROR_CODES[code]);
    this.name = 'HeraldError';
    this.code = code;
    this.field = opts.field;
    this.details = opts.details;
  }
}

export function invalid(field: string, message: string): HeraldError {
  return new HeraldError('validation_failed', `${field}: ${message}`, { field });
}

export function notFound(what: string): HeraldError {
  return new HeraldError('not_found', `${what} not found`);
}
