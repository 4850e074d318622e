import type { ErrorCode } from '../../domain/errors.js';
import { HeraldError } from '../../domain/errors.js';

/**
 * Seed 000 answers `{retCode, retInfo}` with "00000"/"success" on success and leaves its error code
 * sections empty, so this table is Herald's (docs/compat/000-ums.md, "retCode"). Codes group by
 * cause: 1xxxx the request, 2xxxx who is calling, 3xxxx what it names, 4xxxx/5xxxx the server.
 * Each keeps the HTTP status of the native error it stands for, so proxies and monitoring see a
 * failure as one; clients written for UMS read only retCode and keep working.
 */
export const RET_CODES = {
  '00000': { http: 200, info: 'success' },
  '10001': { http: 400, info: 'a field is missing, has the wrong type or is out of range' },
  '10002': { http: 400, info: 'the body is not a JSON object' },
  '10003': { http: 413, info: 'the body or its message is too large' },
  '10004': { http: 415, info: 'send the body as application/json' },
  '20001': { http: 401, info: 'appId/appKey headers are missing or wrong' },
  '20002': { http: 401, info: 'accessToken is missing, malformed or expired' },
  '20003': { http: 403, info: 'the caller may not do this' },
  '30001': { http: 404, info: 'the device is not registered' },
  '30002': { http: 404, info: 'the message is unknown or was not sent to this device' },
  '30003': { http: 404, info: 'no such endpoint' },
  '30004': { http: 409, info: 'the request conflicts with the current state' },
  '40001': { http: 429, info: 'too many requests' },
  '50001': { http: 500, info: 'internal error; it was logged' },
  '50003': { http: 503, info: 'the server is starting or shutting down' },
} as const;

export type RetCode = keyof typeof RET_CODES;

/** A refusal in the facade's own terms; retInfo says what was wrong, naming the field when one was. */
export class UmsError extends Error {
  readonly retCode: Exclude<RetCode, '00000'>;

  constructor(retCode: Exclude<RetCode, '00000'>, retInfo?: string) {
    super(retInfo ?? RET_CODES[retCode].info);
    this.name = 'UmsError';
    this.retCode = retCode;
  }
}

/** Native codes that can reach the facade from a use case; the facade raises the 2xxxx/3xxxx ones itself. */
const FROM_NATIVE: Record<ErrorCode, Exclude<RetCode, '00000'>> = {
  validation_failed: '10001',
  unknown_audience: '10001',
  malformed_json: '10002',
  payload_too_large: '10003',
  unsupported_media_type: '10004',
  unauthorized: '20001',
  signature_expired: '20001',
  replayed_request: '20001',
  forbidden: '20003',
  // Lookups the facade does not make itself (a delivery row) name the message.
  not_found: '30002',
  conflict: '30004',
  rate_limited: '40001',
  internal: '50001',
  not_ready: '50003',
};

/** Fastify's own errors that are the client's fault, by Fastify error code. */
const FROM_FASTIFY: Record<string, Exclude<RetCode, '00000'>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: '10003',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '10004',
  FST_ERR_CTP_EMPTY_JSON_BODY: '10002',
  FST_ERR_CTP_INVALID_JSON_BODY: '10002',
};

export interface UmsFailure {
  readonly status: number;
  readonly body: { readonly retCode: RetCode; readonly retInfo: string };
  /** False for 5xx: those are logged at error level. */
  readonly expected: boolean;
}

/** Maps anything thrown while serving a UMS call to its status and `{retCode, retInfo}` body. */
export function toFailure(err: unknown): UmsFailure {
  let retCode: Exclude<RetCode, '00000'>;
  let retInfo: string;
  if (err instanceof UmsError) {
    retCode = err.retCode;
    retInfo = err.message;
  } else if (err instanceof HeraldError) {
    retCode = FROM_NATIVE[err.code];
    retInfo = err.message;
  } else {
    const code = (err as { code?: unknown }).code;
    retCode = (typeof code === 'string' && FROM_FASTIFY[code]) || '50001';
    retInfo = RET_CODES[retCode].info;
  }
  const status = RET_CODES[retCode].http;
  return { status, body: { retCode, retInfo }, expected: status < 500 };
}
