import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PSP_ERRORS } from './error-table.js';

test('docs/compat/001-psp.md lists every PSP error code with its HTTP status, and nothing more', () => {
  const rows = [
    ...readFileSync('docs/compat/001-psp.md', 'utf8').matchAll(/^\|\s*(\d{4})\s*\|\s*(\d{3})\s*\|/gm),
  ];
  const documented = new Map(rows.map((r) => [Number(r[1]), Number(r[2])]));
  assert.equal(documented.size, rows.length, 'a code is listed twice');
  assert.deepEqual([...documented.keys()].sort(), Object.keys(PSP_ERRORS).map(Number).sort());
  for (const [code, status] of documented)
    assert.equal(status, PSP_ERRORS[code as keyof typeof PSP_ERRORS].status, String(code));
});
