import type { ErrorCode } from '../domain/errors.js';
import { HeraldError } from '../domain/errors.js';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  malformed_json: 400,
  unknown_audience: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  signature_expired: 401,
  replayed_request: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  not_ready: 503,
};

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly field?: string };
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message: string;
  validation?: Array<{ instancePath?: string; message?: string; params?: Record<string, unknown> }>;
  validationContext?: string;
}

/** "/audience/tags/0" → "audience.tags[0]": the field as a client would write it. */
function fieldOf(instancePath: string | undefined, missing: unknown, context: string | undefined): string {
  const parts = (instancePath ?? '').split('/').filter(Boolean);
  if (typeof missing === 'string') parts.push(missing);
  const path = parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return path || context || 'body';
}

/** Maps any thrown error to a status and the one error body shape every endpoint uses. */
export function mapError(err: unknown): { status: number; body: ErrorBody; expected: boolean } {
  if (err instanceof HeraldError) {
    const status = HTTP_STATUS[err.code];
    return {
      status,
      body: { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } },
      expected: status < 500,
    };
  }
  const e = err as FastifyLikeError;
  if (e.validation && e.validation.length > 0) {
    const v = e.validation[0]!;
    const field = fieldOf(
      v.instancePath,
      v.params?.missingProperty ?? v.params?.additionalProperty,
      e.validationContext,
    );
    const what =
      v.params?.additionalProperty !== undefined ? 'is not a known field' : (v.message ?? 'is invalid');
    return {
      status: 400,
      body: { error: { code: 'validation_failed', message: `${field}: ${what}`, field } },
      expected: true,
    };
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: { error: { code: 'payload_too_large', message: 'request body is too large' } },
        expected: true,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: { error: { code: 'unsupported_media_type', message: 'send the body as application/json' } },
        expected: true,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        status: 400,
        body: { error: { code: 'malformed_json', message: 'the body is not valid JSON' } },
        expected: true,
      };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      status: e.statusCode,
      body: { error: { code: 'validation_failed', message: e.message } },
      expected: true,
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'internal error; it was logged' } },
    expected: false,
  };
}
