import { type ClientHttp2Session, connect } from 'node:http2';
import { BENCH_TOKENS } from './apns-clients.js';
import type { BenchClient } from './rounds.js';

/** A fixed APNs request for the bare loop: headers (authorization included) and body. */
export interface BareRequest {
  readonly url: string;
  readonly ca: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/**
 * The least a Node client can do per push: `session.request` + `end(body)` + wait for the status,
 * round-robin over `sessions` connections, no pool, no timeout, no classification. Its figure is
 * the ceiling of any client built on node:http2 on this machine; Herald's distance to it is
 * Herald's own overhead. (APNs allows one stream per connection until a push succeeds: the
 * warm-up's first sends are refused streams, which count as failures there only.)
 */
export function bareHttp2Client(req: BareRequest, sessions: number): BenchClient {
  const pool: ClientHttp2Session[] = Array.from({ length: sessions }, () => connect(req.url, { ca: req.ca }));
  for (const s of pool) s.on('error', () => undefined);
  return {
    name: 'bare-node-http2',
    once: (i) =>
      new Promise<boolean>((resolve, reject) => {
        const stream = pool[i % pool.length]!.request(
          {
            ':method': 'POST',
            ':path': `/3/device/${BENCH_TOKENS[i % BENCH_TOKENS.length]}`,
            ...req.headers,
          },
          { endStream: false },
        );
        let status = 0;
        stream.on('response', (h) => {
          status = Number(h[':status']);
        });
        stream.resume();
        stream.on('end', () => resolve(status === 200));
        stream.on('error', reject);
        stream.end(req.body);
      }),
    close: async () => {
      for (const s of pool) s.destroy();
    },
  };
}
