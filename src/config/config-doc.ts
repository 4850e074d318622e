import { CONFIG_SCHEMA } from './schema.js';

/** docs/config.md, generated from the schema (`npm run docs`); a test keeps the file in step. */
export function renderConfigDoc(): string {
  const rows = Object.values(CONFIG_SCHEMA).map((e) => {
    const def = e.default === undefined ? '—' : `\`${String(e.default)}\``;
    return `| \`${e.env}\` | ${def} | ${e.secret ? 'yes' : ''} | ${e.doc} |`;
  });
  return [
    '# Configuration',
    '',
    'Herald reads its settings from environment variables once, at start. `herald serve --help` shows the flags that override them.',
    'Secrets are masked in `GET /v1/admin/config` and in logs.',
    '',
    '| variable | default | secret | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
