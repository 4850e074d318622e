#!/usr/bin/env node
// Runs one compiled bench: `npm run bench -- fanout --devices 2000`. The bench itself stops its own
// children; this wrapper only forwards signals so Ctrl-C reaches it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [name, ...args] = process.argv.slice(2);
const dir = join('dist', 'bench');
const known = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.js') && !f.includes('worker') && !f.includes('load'))
      .map((f) => f.slice(0, -3))
  : [];
if (!name || !known.includes(name)) {
  console.error(`usage: npm run bench -- <${known.join('|') || 'name'}> [--option value …]`);
  process.exit(2);
}
const child = spawn(process.execPath, ['--enable-source-maps', join(dir, `${name}.js`), ...args], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
