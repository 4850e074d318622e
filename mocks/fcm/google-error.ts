import type { MockReply } from './http-util.js';

const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

/** A google.rpc.Status error as FCM sends it: `{error: {code, message, status, details}}`. */
export function googleError(
  code: number,
  status: string,
  message: string,
  details: readonly object[] = [],
  headers?: Record<string, string>,
): MockReply {
  return { status: code, body: { error: { code, message, status, details } }, headers };
}

/** The FcmError detail carrying FCM's own ErrorCode. */
export function fcmErrorDetail(errorCode: string): object {
  return { '@type': FCM_ERROR_TYPE, errorCode };
}

/** A google.rpc.BadRequest detail naming one malformed field. */
export function badRequestDetail(field: string, description: string): object {
  return { '@type': BAD_REQUEST_TYPE, fieldViolations: [{ field, description }] };
}

/** 400 INVALID_ARGUMENT about a field of the message (FCM error-codes page, example 1). */
export function invalidField(field: string, description: string): MockReply {
  return googleError(400, 'INVALID_ARGUMENT', description, [badRequestDetail(field, description)]);
}
