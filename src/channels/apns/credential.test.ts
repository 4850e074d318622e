import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { throwAwayKey } from '../../../mocks/apns/keys.js';
import { ApnsCredentialError, validateApnsCredential } from './credential.js';

const key = throwAwayKey();
const good = {
  keyId: key.keyId,
  teamId: key.teamId,
  privateKeyPem: key.privateKeyPem,
  topic: 'com.example.app',
  environment: 'production',
};
const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const p384Pem = generateKeyPairSync('ec', { namedCurve: 'P-384' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('validateApnsCredential', () => {
  test('a well-formed credential is returned as is', () => {
    assert.deepEqual(validateApnsCredential(good), good);
  });

  const bad: Array<[string, unknown, string]> = [
    ['not an object', 'key', '(root)'],
    ['short key id', { ...good, keyId: 'ABC' }, 'keyId'],
    ['lower-case team id', { ...good, teamId: 'abcdefghij' }, 'teamId'],
    ['topic not a bundle id', { ...good, topic: 'app' }, 'topic'],
    ['unknown environment', { ...good, environment: 'sandbox' }, 'environment'],
    ['key not PEM', { ...good, privateKeyPem: 'MIGTAgEAMBMGByqGSM49' }, 'privateKeyPem'],
    [
      'key PEM garbage',
      { ...good, privateKeyPem: '-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----' },
      'privateKeyPem',
    ],
    ['RSA key', { ...good, privateKeyPem: rsaPem }, 'privateKeyPem'],
    ['P-384 key', { ...good, privateKeyPem: p384Pem }, 'privateKeyPem'],
  ];
  for (const [name, input, field] of bad) {
    test(`${name} → error naming ${field}`, () => {
      assert.throws(
        () => validateApnsCredential(input),
        (err) => err instanceof ApnsCredentialError && err.field === field,
      );
    });
  }
});
