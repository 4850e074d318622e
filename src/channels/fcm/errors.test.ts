import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyFcmReply } from './errors.js';

const NOW = 1_700_000_000_000;
const body = (code: number, status: string, message: string, details: object[] = []) =>
  JSON.stringify({ error: { code, status, message, details } });
const fcm = (errorCode: string) => ({
  '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError',
  errorCode,
});
const badRequest = (field: string) => ({
  '@type': 'type.googleapis.com/google.rpc.BadRequest',
  fieldViolations: [{ field, description: 'bad' }],
});
const kind = (status: number, text: string, retryAfter: string | null = null) =>
  classifyFcmReply(status, text, retryAfter, NOW).kind;

test('success carries the message name', () => {
  assert.deepEqual(classifyFcmReply(200, '{"name":"projects/p/messages/1"}', null, NOW), {
    kind: 'delivered',
    vendorMessageId: 'projects/p/messages/1',
  });
});

test('INVALID_ARGUMENT: about the token → invalid_token, about the payload → rejected', () => {
  const tokenText = 'The registration token is not a valid FCM registration token';
  assert.equal(
    kind(400, body(400, 'INVALID_ARGUMENT', tokenText, [fcm('INVALID_ARGUMENT')])),
    'invalid_token',
  );
  assert.equal(kind(400, body(400, 'INVALID_ARGUMENT', 'x', [badRequest('message.token')])), 'invalid_token');
  const dataText = "Invalid value at 'message.data[0].value' (TYPE_STRING), 12";
  assert.equal(
    kind(400, body(400, 'INVALID_ARGUMENT', dataText, [badRequest('message.data[0].value')])),
    'rejected',
  );
  assert.equal(
    kind(400, body(400, 'INVALID_ARGUMENT', 'Message is too big', [fcm('INVALID_ARGUMENT')])),
    'rejected',
  );
});

test('token, credential, quota and server codes', () => {
  assert.equal(kind(404, body(404, 'NOT_FOUND', 'gone', [fcm('UNREGISTERED')])), 'invalid_token');
  assert.equal(kind(403, body(403, 'PERMISSION_DENIED', 'x', [fcm('SENDER_ID_MISMATCH')])), 'invalid_token');
  assert.equal(
    kind(401, body(401, 'UNAUTHENTICATED', 'x', [fcm('THIRD_PARTY_AUTH_ERROR')])),
    'credential_error',
  );
  assert.equal(
    kind(401, body(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.')),
    'reauth',
  );
  assert.equal(kind(403, body(403, 'PERMISSION_DENIED', 'no IAM role')), 'credential_error');
  assert.equal(kind(404, '<html>Not Found</html>'), 'credential_error', 'never delete tokens on a wrong URL');
  assert.equal(kind(502, '<html>Bad Gateway</html>'), 'retry');
});

test('Retry-After is honoured for quota and unavailable, with FCM fallbacks otherwise', () => {
  const q = classifyFcmReply(429, body(429, 'RESOURCE_EXHAUSTED', 'q', [fcm('QUOTA_EXCEEDED')]), '30', NOW);
  assert.deepEqual(q.kind === 'quota' && q.afterMs, 30_000);
  const u = classifyFcmReply(503, body(503, 'UNAVAILABLE', 'u', [fcm('UNAVAILABLE')]), null, NOW);
  assert.deepEqual(u.kind === 'retry' && u.afterMs, 10_000);
  const i = classifyFcmReply(
    500,
    body(500, 'INTERNAL', 'i', [fcm('INTERNAL')]),
    new Date(NOW + 5000).toUTCString(),
    NOW,
  );
  assert.deepEqual(i.kind === 'retry' && i.afterMs, 5000);
});
