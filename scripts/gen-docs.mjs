#!/usr/bin/env node
// Regenerates the docs that are derived from code (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { renderConfigDoc } from '../dist/src/config/config-doc.js';

writeFileSync('docs/config.md', renderConfigDoc());
console.log('wrote docs/config.md');
