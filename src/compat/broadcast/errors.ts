import { type ErrorCode, HeraldError } from '../../domain/errors.js';

/**
 * Seed 003's error codes. The seed document shows no error at all; its platform (XLink) answers
 * `{"error": {"code": 4031003, "msg": "…"}}` with a 7-digit code whose first three digits are the
 * HTTP status. The codes below are that platform's where it has one (4001001, 4001002, 4031002,
 * 4031003, 4041001, 4041017, 5031001); 4091001 and 4291001 are Herald's, in the same scheme.
 * docs/compat/003-broadcast.md lists them, and a test checks that list against this table.
 */
export const BROADCAST_ERRORS = {
  4001001: 'request data failed validation',
  4001002: 'a required field is missing',
  4031002: 'access denied: the Access-Token header is required',
  4031003: 'invalid Access-Token',
  4041001: 'URL not found',
  4041017: 'data not found',
  4091001: 'the task is no longer in a state that allows this',
  4291001: 'too many requests',
  5031001: 'server error',
} as const;

export type BroadcastCode = keyof typeof BROADCAST_ERRORS;

/** The HTTP status is the code's first three digits, as on the seed's platform. */
export function httpStatusOf(code: BroadcastCode): number {
  return Math.floor(code / 10_000);
}

export interface BroadcastErrorBody {
  readonly error: { readonly code: BroadcastCode; readonly msg: string; readonly field?: string };
}

/** An error raised by the facade itself, already in the seed's terms. */
export class BroadcastError extends Error {
  readonly code: BroadcastCode;
  readonly field: string | undefined;

  constructor(code: BroadcastCode, msg?: string, field?: string) {
    super(msg ?? BROADCAST_ERRORS[code]);
    this.name = 'BroadcastError';
    this.code = code;
    this.field = field;
  }
}

export function badField(field: string, message: string): BroadcastError {
  return new BroadcastError(4001001, `${field}: ${message}`, field);
}

export function missingField(field: string): BroadcastError {
  return new BroadcastError(4001002, `${field}: is required`, field);
}

const BY_NATIVE_CODE: Record<ErrorCode, BroadcastCode> = {
  validation_failed: 4001001,
  malformed_json: 4001001,
  unknown_audience: 4001001,
  unsupported_media_type: 4001001,
  payload_too_large: 4001001,
  unauthorized: 4031003,
  signature_expired: 4031003,
  replayed_request: 4031003,
  forbidden: 4031003,
  not_found: 4041017,
  conflict: 4091001,
  rate_limited: 4291001,
  internal: 5031001,
  not_ready: 5031001,
};

/**
 * Native field names as the seed's client wrote them. `@` stands for where the scope sits in the
 * request: `scope.` in a task, nothing in task_user, whose body is the scope itself. Longest first.
 */
const FIELD_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['options.expiresAt', 'expire'],
  ['options.sendAt', 'time'],
  ['message.action', 'action'],
  ['message.title', 'title'],
  ['message.body', 'content'],
  ['audience.area.provinces', '@area.province'],
  ['audience.area.cities', '@area.city'],
  ['audience.appPackages', '@app_list'],
  ['audience.products', '@product_list'],
  ['audience.activity', '@group'],
  ['audience.userIds', '@user'],
  ['audience.tags', '@tag.tag_list'],
  ['audience.area', '@area'],
  ['where.createdAt', 'query.time'],
  ['order.createdAt', 'order.time'],
  ['expiresAt', 'expire'],
  ['audience', '@type'],
  ['message', 'content'],
  ['sendAt', 'time'],
  ['fields', 'filter'],
  ['where', 'query'],
];

/** A native field ("options.sendAt") as the seed names it ("time"). */
export function seedField(native: string, scopePrefix: string): string {
  for (const [from, to] of FIELD_NAMES) {
    if (native === from || native.startsWith(`${from}.`) || native.startsWith(`${from}[`)) {
      return to.replace('@', scopePrefix) + native.slice(from.length);
    }
  }
  return native;
}

interface FastifyLikeError {
  readonly code?: string;
  readonly statusCode?: number;
  readonly message?: string;
}

/**
 * Any error thrown while serving a seed request, as the seed's status and body. Native errors keep
 * their message, with the field renamed to the seed's; unknown errors become 5031001 and are logged
 * by the caller (`expected: false`).
 */
export function toSeedError(
  err: unknown,
  scopePrefix = 'scope.',
): { status: number; body: BroadcastErrorBody; expected: boolean } {
  const out = (code: BroadcastCode, msg: string, field?: string) => ({
    status: httpStatusOf(code),
    body: { error: { code, msg, ...(field !== undefined ? { field } : {}) } },
    expected: code < 5_000_000,
  });
  if (err instanceof BroadcastError) return out(err.code, err.message, err.field);
  if (err instanceof HeraldError) {
    const code = BY_NATIVE_CODE[err.code];
    if (err.field === undefined) return out(code, code === 5031001 ? BROADCAST_ERRORS[code] : err.message);
    const field = seedField(err.field, scopePrefix);
    const msg = err.message.startsWith(`${err.field}:`)
      ? `${field}${err.message.slice(err.field.length)}`
      : err.message;
    return out(code, msg, field);
  }
  const e = err as FastifyLikeError;
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return out(4001001, 'body: the request body is too large', 'body');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return out(4001001, 'Content-Type: send the body as application/json', 'Content-Type');
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return out(4001001, 'body: the body is not valid JSON', 'body');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return out(4001001, e.message ?? BROADCAST_ERRORS[4001001]);
  return out(5031001, BROADCAST_ERRORS[5031001]);
}
