import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meizuSign } from './sign.js';

// Expected values computed outside Node: printf '%s' '<sorted k=v…><appSecret>' | md5sum
const SECRET = '9f3c7a1b2d4e6f8a0c2e4b6d8';

test('meizuSign sorts by name, joins k=v with no separator, appends the secret, MD5 lowercase hex', {
  timeout: 30_000,
}, () => {
  const params = {
    pushIds: 'RA50c6348036a7c0c5d58ed2,RA50aa11bb22cc33dd44ee55ff',
    messageJson: '{"noticeBarInfo":{"title":"T","content":"C"}}',
    appId: '100000',
  };
  assert.equal(meizuSign(params, SECRET), '3863b23ba59a32d19aefdb5bcb0a64a5');
  assert.equal(meizuSign({ ...params, sign: 'ignored' }, SECRET), '3863b23ba59a32d19aefdb5bcb0a64a5');
});

test('meizuSign uses raw values (UTF-8, spaces unencoded)', { timeout: 30_000 }, () => {
  assert.equal(meizuSign({ c: 'x y', a: '1', b: '好' }, SECRET), '662b0d4311b7e91bd804e7432195508e');
});
