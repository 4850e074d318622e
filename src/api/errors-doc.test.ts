import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES } from '../domain/errors.js';
import { HTTP_STATUS } from './error-mapper.js';

test('docs/errors.md lists every error code with its HTTP status, and nothing more', () => {
  const rows = [
    ...readFileSync('docs/errors.md', 'utf8').matchAll(
      /^\|\s*<a id="([a-z_]+)"><\/a>`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm,
    ),
  ];
  const documented = new Map(rows.map((r) => [r[2]!, Number(r[3])]));
  for (const r of rows) assert.equal(r[1], r[2], `anchor of ${r[2]}`);
  assert.deepEqual([...documented.keys()].sort(), Object.keys(ERROR_CODES).sort());
  for (const [code, status] of documented)
    assert.equal(status, HTTP_STATUS[code as keyof typeof HTTP_STATUS], code);
});
