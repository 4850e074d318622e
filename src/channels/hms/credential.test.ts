import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HmsCredentialError, validateHmsCredential } from './credential.js';

test('validateHmsCredential names the bad field', { timeout: 30_000 }, () => {
  assert.deepEqual(validateHmsCredential({ appId: ' 123 ', clientSecret: 's' }), {
    appId: '123',
    clientSecret: 's',
  });
  assert.throws(() => validateHmsCredential(null), HmsCredentialError);
  assert.throws(() => validateHmsCredential({ clientSecret: 's' }), /appId/);
  assert.throws(
    () => validateHmsCredential({ appId: 'com.example', clientSecret: 's' }),
    /appId must be the numeric/,
  );
  assert.throws(() => validateHmsCredential({ appId: '1', clientSecret: '' }), /clientSecret/);
});
