import { retryAfterMs, type SendOutcome } from '../channel.js';
import { parseObject } from '../http/json-object.js';

/** FCM says to back off at least one minute on QUOTA_EXCEEDED (ErrorCode reference, "Message rate exceeded"). */
export const FCM_QUOTA_RETRY_MS = 60_000;
/** Fallback for UNAVAILABLE / INTERNAL without Retry-After: the start of an exponential backoff. */
export const FCM_SERVER_RETRY_MS = 10_000;
const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

/** A classified answer to messages:send; `reauth` asks the caller to refresh the access token and retry once. */
export type FcmVerdict = SendOutcome | { readonly kind: 'reauth'; readonly reason: string };

/** The parts of a google.rpc.Status error body that decide the outcome. */
interface FcmErrorInfo {
  /** `errorCode` of the FcmError detail; null when there is none. */
  readonly fcmCode: string | null;
  /** The canonical `status` (NOT_FOUND, UNAUTHENTICATED, …). */
  readonly status: string | null;
  readonly message: string;
  /** A BadRequest fieldViolation names `message.token`. */
  readonly tokenField: boolean;
}

/**
 * Classifies one messages:send answer (FCM "Error codes" and ErrorCode reference). The FcmError
 * detail decides when present, as in firebase-admin-node `messaging-errors-internal.ts`; without it
 * the HTTP status decides, and a bare 401 means our OAuth token was refused, so refresh once.
 */
export function classifyFcmReply(
  status: number,
  text: string,
  retryAfter: string | null,
  now: number,
): FcmVerdict {
  if (status >= 200 && status < 300) {
    const name = parseObject(text)?.name;
    return typeof name === 'string' ? { kind: 'delivered', vendorMessageId: name } : { kind: 'delivered' };
  }
  const e = readError(text);
  const reason = `FCM ${status} ${e.fcmCode ?? e.status ?? ''}: ${e.message}`.trim();
  switch (e.fcmCode) {
    case 'UNREGISTERED':
      return { kind: 'invalid_token', reason };
    case 'SENDER_ID_MISMATCH':
      // The token was issued to another Firebase project: useless with this credential.
      return { kind: 'invalid_token', reason };
    case 'THIRD_PARTY_AUTH_ERROR':
    case 'APNS_AUTH_ERROR':
      // The APNs key or Web Push key uploaded to Firebase is invalid: fix the project settings.
      return { kind: 'credential_error', reason };
    case 'QUOTA_EXCEEDED':
      return { kind: 'quota', afterMs: retryAfterMs(retryAfter, now, FCM_QUOTA_RETRY_MS), reason };
    case 'UNAVAILABLE':
    case 'INTERNAL':
      return { kind: 'retry', afterMs: retryAfterMs(retryAfter, now, FCM_SERVER_RETRY_MS), reason };
    case 'INVALID_ARGUMENT':
      return invalidArgument(e, reason);
  }
  if (status === 401) return { kind: 'reauth', reason };
  // PERMISSION_DENIED without FcmError: the service account may not send for this project (IAM role,
  // API disabled, wrong project id) — a credential problem, not a token problem.
  if (status === 403) return { kind: 'credential_error', reason };
  // NOT_FOUND without FcmError/UNREGISTERED is a wrong project or base URL, not a dead token: deleting
  // every token on a misconfiguration would be unrecoverable.
  if (status === 404) return { kind: 'credential_error', reason };
  if (status === 429)
    return { kind: 'quota', afterMs: retryAfterMs(retryAfter, now, FCM_QUOTA_RETRY_MS), reason };
  if (status >= 500)
    return { kind: 'retry', afterMs: retryAfterMs(retryAfter, now, FCM_SERVER_RETRY_MS), reason };
  if (status === 400) return invalidArgument(e, reason);
  return { kind: 'rejected', code: `fcm_http_${status}`, reason };
}

/**
 * INVALID_ARGUMENT covers both a malformed registration token ("The registration token is not a valid
 * FCM registration token", FCM error-codes page, example 2) and a bad payload field (example 1, with
 * a BadRequest fieldViolation). Only the former is a dead token.
 */
function invalidArgument(e: FcmErrorInfo, reason: string): SendOutcome {
  const aboutToken = e.tokenField || /registration token/i.test(e.message);
  return aboutToken
    ? { kind: 'invalid_token', reason }
    : { kind: 'rejected', code: 'invalid_argument', reason };
}

function readError(text: string): FcmErrorInfo {
  const error = parseObject(text)?.error;
  if (typeof error !== 'object' || error === null) {
    return { fcmCode: null, status: null, message: text.slice(0, 200), tokenField: false };
  }
  const err = error as Record<string, unknown>;
  let fcmCode: string | null = null;
  let tokenField = false;
  for (const detail of Array.isArray(err.details) ? err.details : []) {
    if (typeof detail !== 'object' || detail === null) continue;
    const d = detail as Record<string, unknown>;
    if (d['@type'] === FCM_ERROR_TYPE && typeof d.errorCode === 'string') fcmCode = d.errorCode;
    if (d['@type'] === BAD_REQUEST_TYPE && Array.isArray(d.fieldViolations)) {
      tokenField ||= d.fieldViolations.some(
        (v: unknown) =>
          typeof v === 'object' && v !== null && (v as Record<string, unknown>).field === 'message.token',
      );
    }
  }
  return {
    fcmCode: fcmCode === 'UNSPECIFIED_ERROR' ? null : fcmCode,
    status: typeof err.status === 'string' ? err.status : null,
    message: typeof err.message === 'string' ? err.message : '',
    tokenField,
  };
}
