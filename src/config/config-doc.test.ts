import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderConfigDoc } from './config-doc.js';
import { loadConfig, redactConfig } from './load-config.js';

test('docs/config.md is generated from the config schema (run `npm run docs` after changing it)', () => {
  assert.equal(readFileSync('docs/config.md', 'utf8'), renderConfigDoc());
});

test('environment variables are parsed and checked; secrets are redacted', () => {
  const c = loadConfig({
    HERALD_PORT: '9000',
    HERALD_DATABASE_URL: 'postgres://u:p@h/db',
    HERALD_LOG_LEVEL: 'debug',
  });
  assert.equal(c.port, 9000);
  assert.equal(c.logLevel, 'debug');
  assert.equal(c.dataDir, './data');
  assert.equal(redactConfig(c).databaseUrl, '********');
  assert.equal(redactConfig(c).port, 9000);
  assert.throws(() => loadConfig({ HERALD_PORT: 'eighty' }), /HERALD_PORT must be an integer/);
  assert.throws(() => loadConfig({ HERALD_LOG_FORMAT: 'xml' }), /HERALD_LOG_FORMAT must be one of/);
  assert.ok(Object.isFrozen(c));
});
