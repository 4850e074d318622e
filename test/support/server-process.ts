import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { eventually } from './herald-harness.js';

/** A port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** `herald serve` as a separate process, as a user runs it, so it can be killed for real. */
export class ServerProcess {
  readonly url: string;
  readonly #env: NodeJS.ProcessEnv;
  #child: ChildProcess | undefined;
  output = '';

  constructor(port: number, env: Record<string, string>) {
    this.url = `http://127.0.0.1:${port}`;
    this.#env = {
      ...process.env,
      HERALD_PORT: String(port),
      HERALD_HOST: '127.0.0.1',
      HERALD_LOG_FORMAT: 'json',
      ...env,
    };
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['bin/herald.js', 'serve'], {
      env: this.#env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stdout?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    try {
      await eventually(
        async () => ((await fetch(`${this.url}/readyz`)).status === 200 ? true : undefined),
        20_000,
        `server at ${this.url} to be ready`,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server output ---\n${this.output.slice(-4000)}`);
    }
  }

  /** Sends the signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.#child;
    // A child killed by a signal has exitCode null and signalCode set: it has exited all the same.
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }
}
