import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateXiaomiCredential, XiaomiCredentialError } from './credential.js';

test('validateXiaomiCredential names the bad field', { timeout: 30_000 }, () => {
  assert.deepEqual(validateXiaomiCredential({ appSecret: ' s ', packageName: 'com.example.app' }), {
    appSecret: 's',
    packageName: 'com.example.app',
  });
  assert.throws(() => validateXiaomiCredential('x'), XiaomiCredentialError);
  assert.throws(() => validateXiaomiCredential({ packageName: 'com.example.app' }), /appSecret/);
  assert.throws(() => validateXiaomiCredential({ appSecret: 's', packageName: 'example' }), /packageName/);
  assert.throws(() => validateXiaomiCredential({ appSecret: 's\nx', packageName: 'com.a.b' }), /one line/);
});
