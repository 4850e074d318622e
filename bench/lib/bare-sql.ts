// The ceiling for a store query: the same SQL text, parameters inlined, timed by the database's own
// command-line client (`sqlite3` with `.timer on`, `psql` with `\timing`), warm, in one session.
import { execFile } from 'node:child_process';
import type { CompiledQuery } from 'kysely';

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  throw new Error(`cannot inline a ${typeof v} parameter`);
}

/** The compiled query with its parameters as literals (`?` for SQLite, `$n` for PostgreSQL). */
export function inline(q: CompiledQuery, dialect: 'sqlite' | 'postgres'): string {
  const params = q.parameters;
  if (dialect === 'postgres')
    return q.sql.replace(/\$(\d+)/g, (_, i: string) => literal(params[Number(i) - 1]));
  let i = 0;
  return q.sql.replace(/\?/g, () => literal(params[i++]));
}

export interface BareTiming {
  /** Milliseconds of each timed run, warm-up runs left out. */
  readonly ms: number[];
  /** The first result row as the client printed it (`|`-separated), to check it matches the store's answer. */
  readonly row: string;
}

function run(cmd: string, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
    child.stdin!.end(input);
  });
}

export async function timeSqlite3(
  file: string,
  sql: string,
  warmup: number,
  runs: number,
): Promise<BareTiming> {
  const script = `.timer on\n${`${sql};\n`.repeat(warmup + runs)}`;
  const out = await run('sqlite3', ['-readonly', '-bail', file], script);
  const ms = [...out.matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000);
  const row = out.split('\n').find((l) => l && !l.startsWith('Run Time')) ?? '';
  return { ms: ms.slice(warmup), row };
}

export async function timePsql(
  url: string,
  schema: string,
  sql: string,
  warmup: number,
  runs: number,
): Promise<BareTiming> {
  const script = `set search_path to "${schema}";\n\\timing on\n${`${sql};\n`.repeat(warmup + runs)}`;
  const out = await run('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', url], script);
  const ms = [...out.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
  const row = out.split('\n').find((l) => l && !l.startsWith('Time:')) ?? '';
  // The first timing is the `set search_path`.
  return { ms: ms.slice(1 + warmup), row };
}

/** The plan the database chooses, for the results file (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE). */
export async function plan(
  dialect: 'sqlite' | 'postgres',
  where: string,
  sql: string,
  schema = '',
): Promise<string> {
  if (dialect === 'sqlite') return run('sqlite3', ['-readonly', where], `explain query plan ${sql};\n`);
  return run(
    'psql',
    ['-X', '-q', '-A', '-t', where],
    `set search_path to "${schema}";\nexplain (analyze, buffers) ${sql};\n`,
  );
}
