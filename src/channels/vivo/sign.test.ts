import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vivoSign } from './sign.js';

// Expected value computed outside Node: printf '%s' '<appId><appKey><timestamp><appSecret>' | md5sum
test('vivoSign is lowercase hex MD5 of appId + appKey + timestamp + appSecret, values trimmed', {
  timeout: 30_000,
}, () => {
  const expected = 'af532020c661ee77f8706339f2adb35c';
  assert.equal(
    vivoSign('10004', '25509283-3767-4b9e-83fe-b6e55ac6243e', 1501484120000, 'a8f3c2e1d0b94f76'),
    expected,
  );
  assert.equal(
    vivoSign(' 10004 ', '25509283-3767-4b9e-83fe-b6e55ac6243e ', '1501484120000', ' a8f3c2e1d0b94f76'),
    expected,
  );
});
