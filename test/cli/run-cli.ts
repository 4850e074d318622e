import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to dist/test/cli/, so the repository root is three levels up.
const BIN = fileURLToPath(new URL('../../../bin/herald.js', import.meta.url));
// An empty working directory: no stray ./data/admin-token can stand in for the credentials a test gives.
const CWD = mkdtempSync(join(tmpdir(), 'herald-cli-test-'));
process.on('exit', () => rmSync(CWD, { recursive: true, force: true }));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once `pattern` shows up on the given stream; rejects after `timeoutMs`. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<CliResult>;
}

/** The caller's HERALD_* variables must not leak into a test; only `env` counts. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HERALD_')));
  return { ...clean, ...env };
}

/** Starts `herald <args>`; kills it (SIGKILL) if it outlives `timeoutMs`. */
export function startCli(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: CWD, env: childEnv(env), stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout: out, stderr: err });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    async waitFor(stream, pattern, waitMs = 10_000) {
      const until = Date.now() + waitMs;
      while (!pattern.test(stream === 'stdout' ? out : err)) {
        if (Date.now() > until || child.exitCode !== null) {
          throw new Error(`no ${pattern} on ${stream} within ${waitMs} ms\nstdout: ${out}\nstderr: ${err}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    exited,
  };
}

export function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<CliResult> {
  return startCli(args, env, timeoutMs).exited;
}

/** Parses stdout as JSON, with the whole output in the failure message. */
export function json<T>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
}
