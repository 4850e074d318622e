import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oppoSign } from './sign.js';

// Expected values computed outside Node: printf '%s' '<appKey><timestamp><masterSecret>' | sha256sum
test('oppoSign is lowercase hex SHA-256 of app_key + timestamp + master_secret', { timeout: 30_000 }, () => {
  assert.equal(
    oppoSign('b8eaa4a1c5e14b6f9d08c1f4', 1700000000000, 'd1c2e9f0a3b84c7d'),
    '405dc329823a3e9666169b4b7b455e19b6230f777f945cc9488aef208f54b063',
  );
  assert.equal(
    oppoSign('b8eaa4a1c5e14b6f9d08c1f4', '1700000000000', 'd1c2e9f0a3b84c7d'),
    '405dc329823a3e9666169b4b7b455e19b6230f777f945cc9488aef208f54b063',
  );
});

test('oppoSign hashes the UTF-8 bytes', { timeout: 30_000 }, () => {
  assert.equal(
    oppoSign('测试key', 1700000000000, '秘密'),
    '87ddc30d879d6f0530ec1024df6ff344729d35c371d645c28a3b57b5a8b2748e',
  );
});
