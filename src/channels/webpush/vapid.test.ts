import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newVapidCredential } from '../../../mocks/webpush/vapid-keys.js';
import { VapidCredentialError, validateVapidCredential } from './vapid.js';

const good = newVapidCredential();
const refusal = (input: unknown, field: string) =>
  assert.throws(
    () => validateVapidCredential(input),
    (err: unknown) => err instanceof VapidCredentialError && err.field === field,
  );

test('a VAPID credential validates as object or JSON string', () => {
  assert.deepEqual(validateVapidCredential(good), good);
  assert.deepEqual(validateVapidCredential(JSON.stringify(good)), good);
});

test('each bad field is named', () => {
  refusal('nope', '(root)');
  refusal({ ...good, publicKey: undefined }, 'publicKey');
  refusal({ ...good, publicKey: Buffer.alloc(33, 2).toString('base64url') }, 'publicKey');
  refusal({ ...good, publicKey: newVapidCredential().publicKey }, 'publicKey');
  refusal({ ...good, privateKey: Buffer.alloc(31, 1).toString('base64url') }, 'privateKey');
  refusal({ ...good, subject: 'ops@herald.test' }, 'subject');
  refusal({ ...good, subject: 'http://herald.test' }, 'subject');
});
