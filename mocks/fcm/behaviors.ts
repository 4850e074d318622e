import { fcmErrorDetail, googleError } from './google-error.js';
import type { MockReply } from './http-util.js';

/** A failure the mock returns for one registration token, in FCM's ErrorCode vocabulary. */
export type FcmBehavior =
  | { readonly kind: 'unregistered' }
  | { readonly kind: 'invalid_token' }
  | { readonly kind: 'sender_id_mismatch' }
  | { readonly kind: 'unavailable'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'quota'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'internal' }
  | { readonly kind: 'third_party_auth' };

/** The answer FCM gives for each behaviour (HTTP status and canonical status per the ErrorCode page). */
export function behaviorReply(b: FcmBehavior): MockReply {
  switch (b.kind) {
    case 'unregistered':
      return googleError(404, 'NOT_FOUND', 'Requested entity was not found.', [
        fcmErrorDetail('UNREGISTERED'),
      ]);
    case 'invalid_token':
      return googleError(
        400,
        'INVALID_ARGUMENT',
        'The registration token is not a valid FCM registration token',
        [fcmErrorDetail('INVALID_ARGUMENT')],
      );
    case 'sender_id_mismatch':
      return googleError(403, 'PERMISSION_DENIED', 'SenderId mismatch', [
        fcmErrorDetail('SENDER_ID_MISMATCH'),
      ]);
    case 'unavailable':
      return googleError(
        503,
        'UNAVAILABLE',
        'The service is currently unavailable.',
        [fcmErrorDetail('UNAVAILABLE')],
        retryAfter(b.retryAfterSeconds),
      );
    case 'quota':
      return googleError(
        429,
        'RESOURCE_EXHAUSTED',
        'Quota exceeded for quota metric and limit of service fcm.googleapis.com.',
        [fcmErrorDetail('QUOTA_EXCEEDED')],
        retryAfter(b.retryAfterSeconds),
      );
    case 'internal':
      return googleError(500, 'INTERNAL', 'Internal error encountered.', [fcmErrorDetail('INTERNAL')]);
    case 'third_party_auth':
      return googleError(401, 'UNAUTHENTICATED', 'Auth error from APNS or Web Push Service', [
        fcmErrorDetail('THIRD_PARTY_AUTH_ERROR'),
      ]);
  }
}

function retryAfter(seconds: number | undefined): Record<string, string> | undefined {
  return seconds === undefined ? undefined : { 'retry-after': String(seconds) };
}
