import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { SecretBox } from './secret-box.js';

test('sealed secrets open with the same key and row, and with nothing else', () => {
  const box = new SecretBox(randomBytes(32));
  const sealed = box.seal('{"privateKey":"top secret"}', 'app-1:apns:prod');
  assert.ok(!sealed.includes('top secret'));
  assert.notEqual(box.seal('x', 'a'), box.seal('x', 'a'), 'a fresh IV each time');
  assert.equal(box.open(sealed, 'app-1:apns:prod'), '{"privateKey":"top secret"}');
  assert.throws(() => box.open(sealed, 'app-2:apns:prod'));
  assert.throws(() => new SecretBox(randomBytes(32)).open(sealed, 'app-1:apns:prod'));
  const parts = sealed.split('.');
  parts[3] = `${parts[3]!.slice(0, -2)}AA`;
  assert.throws(() => box.open(parts.join('.'), 'app-1:apns:prod'));
  assert.equal(SecretBox.parseKey('00'.repeat(32)).length, 32);
  assert.throws(() => SecretBox.parseKey('short'));
});
