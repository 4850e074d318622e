#!/usr/bin/env node
// The compiled CLI; `npm run build` (or `npm start`, which builds first) produces it.
import { main } from '../dist/src/cli/main.js';

main(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
