import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, ROOT } from './proc.js';

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(xs: readonly number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A plain aligned table: first row is the header. */
export function table(rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const [head, ...body] = cells;
  return [line(head!), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * Prints the table, then the JSON as the very last stdout line (what scripts parse), and keeps the
 * JSON in bench/results/ in the source tree, not in dist/, so results survive a clean build.
 */
export function report(name: string, text: string, result: Record<string, unknown>): void {
  const at = new Date().toISOString();
  const full = { bench: name, at, node: process.version, ...result };
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${at.replace(/:/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
  log(`results written to ${file.replace(`${ROOT}/`, '')}`);
  process.stdout.write(`\n${text}\n\n${JSON.stringify(full)}\n`);
}
