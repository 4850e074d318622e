// A child process that drives POST /v1/push at a fixed rate (wrk2 is not installed).
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadCommand {
  readonly type: 'run';
  readonly port: number;
  readonly auth: string;
  /** One prebuilt JSON body per target device, used round robin. */
  readonly bodies: readonly string[];
  readonly rate: number;
  readonly seconds: number;
}

export interface LoadResult {
  readonly type: 'done';
  readonly intended: number;
  readonly sent: number;
  readonly accepted: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Requests never started because too many were outstanding: the server fell far behind. */
  readonly skipped: number;
  /** From the first intended send to the last response: the rate actually achieved is accepted / this. */
  readonly elapsedMs: number;
  /** Response time measured from the intended send time, so a stalled server is not hidden (coordinated omission). */
  readonly latencies: number[];
}

/** Beyond this many outstanding requests the run is hopeless; stop queueing rather than exhaust memory. */
const MAX_OUTSTANDING = 20_000;

function run(cmd: LoadCommand): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(cmd.rate * cmd.seconds);
  const latencies: number[] = [];
  let sent = 0;
  let accepted = 0;
  let non2xx = 0;
  let errors = 0;
  let skipped = 0;
  let finished = 0;
  const start = performance.now() + 20;
  return new Promise((resolve) => {
    const settle = () => {
      if (finished + skipped < total) return;
      agent.destroy();
      const elapsedMs = performance.now() - start;
      resolve({
        type: 'done',
        intended: total,
        sent,
        accepted,
        non2xx,
        errors,
        skipped,
        elapsedMs,
        latencies,
      });
    };
    const fire = (i: number, intendedAt: number) => {
      if (sent - finished >= MAX_OUTSTANDING) {
        skipped++;
        return settle();
      }
      sent++;
      const body = cmd.bodies[i % cmd.bodies.length]!;
      const req = request(
        {
          host: '127.0.0.1',
          port: cmd.port,
          method: 'POST',
          path: '/v1/push',
          agent,
          timeout: 30_000,
          headers: {
            authorization: cmd.auth,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - intendedAt);
            if (res.statusCode === 202) accepted++;
            else non2xx++;
            finished++;
            settle();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        finished++;
        settle();
      });
      req.end(body);
    };
    const interval = 1000 / cmd.rate;
    let next = 0;
    let lastProgress = start;
    // Token bucket: each tick sends everything whose intended time has passed, so timer jitter
    // delays requests but never drops them, and their latency still counts from the intended time.
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        fire(next, start + next * interval);
        next++;
      }
      if (now - lastProgress >= 1000) {
        lastProgress = now;
        process.send?.({ type: 'progress', sent, accepted, outstanding: sent - finished });
      }
      if (next < total) setTimeout(tick, 1);
    };
    setTimeout(tick, 20);
  });
}

process.on('message', (cmd: LoadCommand) => {
  void run(cmd).then((r) => process.send?.(r));
});
process.on('disconnect', () => process.exit(0));
