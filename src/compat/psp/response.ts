import { type ErrorCode, HeraldError } from '../../domain/errors.js';
import { PspError, type PspErrorCode } from './error-table.js';

export interface PspSuccess {
  readonly ret: 'SUCCESS';
  readonly data: { readonly task_id: string };
}

export interface PspFailure {
  readonly ret: 'FAIL';
  readonly data: { readonly error_code: PspErrorCode; readonly error_msg: string };
}

export function success(taskId: string): PspSuccess {
  return { ret: 'SUCCESS', data: { task_id: taskId } };
}

/** Native field paths as the PSP caller wrote them, so an error names the caller's own field. */
const FIELD_NAMES: ReadonlyArray<readonly [native: string, psp: string]> = [
  ['message.title', 'payload.body.title'],
  ['message.data', 'payload.body.custom'],
  ['message.body', 'payload.body'],
  ['message', 'payload'],
  ['audience.deviceIds', 'device_tokens'],
  ['audience.userIds', 'user_ids'],
  ['audience.organisations', 'org_ids'],
  ['options.production', 'production_mode'],
];

function inPspTerms(text: string): string {
  for (const [native, psp] of FIELD_NAMES) {
    if (text.startsWith(native)) return psp + text.slice(native.length);
  }
  return text;
}

/** Native refusals a PSP call can meet; any other native error here is a fault (2090). */
const NATIVE_CODES: Partial<Record<ErrorCode, PspErrorCode>> = {
  validation_failed: 2024,
  unknown_audience: 2024,
  payload_too_large: 2023,
  malformed_json: 2010,
  unsupported_media_type: 2010,
  not_ready: 2091,
};

interface FastifyLikeError {
  readonly code?: string;
  readonly statusCode?: number;
}

/** A native or framework error in seed 001's codes; `expected` is false for what must be logged as a fault. */
export function toPspError(err: unknown): { error: PspError; expected: boolean } {
  if (err instanceof PspError) return { error: err, expected: err.status < 500 };
  if (err instanceof HeraldError) {
    const code = NATIVE_CODES[err.code];
    if (code !== undefined) return { error: new PspError(code, inPspTerms(err.message)), expected: true };
    return { error: new PspError(2090), expected: false };
  }
  const e = err as FastifyLikeError;
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: new PspError(2023, 'the request body is too large'), expected: true };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { error: new PspError(2010), expected: true };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return { error: new PspError(2010), expected: true };
  return { error: new PspError(2090), expected: false };
}

export function failure(error: PspError): PspFailure {
  return { ret: 'FAIL', data: { error_code: error.code, error_msg: error.message } };
}
