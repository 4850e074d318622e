import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { newServiceAccount } from '../../../mocks/fcm/service-account.js';
import { FcmCredentialError, validateFcmCredential } from './credential.js';

const good = newServiceAccount('cred-tests').credential;
const refusal = (input: unknown, field: string) =>
  assert.throws(
    () => validateFcmCredential(input),
    (err: unknown) => err instanceof FcmCredentialError && err.field === field,
  );

test('a service-account JSON, as object or string, validates', () => {
  assert.deepEqual(validateFcmCredential(good), good);
  assert.deepEqual(validateFcmCredential(JSON.stringify({ ...good, extra: 'ignored' })), good);
});

test('each bad field is named', () => {
  refusal('{not json', '(root)');
  refusal({ ...good, type: 'authorized_user' }, 'type');
  for (const field of ['project_id', 'private_key_id', 'private_key', 'client_email', 'token_uri']) {
    refusal({ ...good, [field]: undefined }, field);
  }
  refusal({ ...good, client_email: 'nobody' }, 'client_email');
  refusal({ ...good, token_uri: 'not a url' }, 'token_uri');
  refusal(
    { ...good, private_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' },
    'private_key',
  );
});

test('an EC key is refused: Google signs service-account grants with RS256 only', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  assert.throws(() => validateFcmCredential({ ...good, private_key: ec.toString() }), /must be an RSA key/);
});
