import {
  constants,
  createSecureServer,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../../src/domain/clock.js';
import { selfSignedCert, type TlsMaterial } from './cert.js';
import { type ControlTarget, handleControl, isControlPath } from './control.js';
import { type ApnsFault, FaultBook } from './faults.js';
import { type ApnsMockRequest, handlePush, type PushContext } from './handle-push.js';
import { ProviderAuth } from './provider-auth.js';

export type { ApnsFault } from './faults.js';
export { apnsFaults } from './faults.js';
export type { ApnsMockRequest } from './handle-push.js';

/** How {@link startApnsMock} runs. Every field has a default faithful to Apple. */
export interface ApnsMockOptions {
  /** Default 0 (a free port) on 127.0.0.1. */
  readonly port?: number;
  readonly host?: string;
  /** Judges JWT `iat`; share a fake clock with the channel to test token ageing. */
  readonly clock?: Clock;
  /** Default: a fresh self-signed certificate from openssl. */
  readonly tls?: TlsMaterial;
  /** Streams per connection once a request with a valid token succeeded. Default 1000. */
  readonly maxConcurrentStreams?: number;
  /** Streams per connection before that. Apple: one. */
  readonly initialMaxConcurrentStreams?: number;
  /** Apple: no new provider token within 20 minutes of the previous one. */
  readonly tokenUpdateMinIntervalMs?: number;
  /** Tolerance for a JWT `iat` ahead of the mock's clock. Default 60 s. */
  readonly futureSkewSeconds?: number;
  /** Keep every request for {@link ApnsMock.requests}. Default true; the bench turns it off. */
  readonly record?: boolean;
}

/** Counters since start (or the last clear). */
export interface ApnsMockStats extends Record<string, number> {
  readonly sessionsOpened: number;
  readonly sessionsOpen: number;
  readonly requests: number;
  /** Most streams ever open at once on one connection. */
  readonly peakStreams: number;
}

/** A running APNs mock. */
export interface ApnsMock extends ControlTarget {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The server certificate (PEM), to pass as the client's CA. */
  readonly ca: string;
  stats(): ApnsMockStats;
  close(): Promise<void>;
}

interface SessionState {
  active: number;
  raised: boolean;
}

/**
 * Starts a local APNs provider API over HTTP/2 + TLS that checks what Apple checks (see
 * `mocks/apns/request-check.ts` and `provider-auth.ts`) and answers injected faults per token.
 */
export async function startApnsMock(opts: ApnsMockOptions = {}): Promise<ApnsMock> {
  const tls = opts.tls ?? (await selfSignedCert());
  const maxStreams = opts.maxConcurrentStreams ?? 1000;
  const recording = opts.record ?? true;
  const auth = new ProviderAuth({
    clock: opts.clock ?? systemClock,
    minUpdateIntervalMs: opts.tokenUpdateMinIntervalMs ?? 20 * 60_000,
    futureSkewSeconds: opts.futureSkewSeconds ?? 60,
  });
  const faults = new FaultBook();
  const sessions = new Map<ServerHttp2Session, SessionState>();
  let records: ApnsMockRequest[] = [];
  const counts = { sessionsOpened: 0, requests: 0, peakStreams: 0 };

  const goaway = (session: ServerHttp2Session, reason: string) => {
    const state = sessions.get(session);
    if (!state || session.closed || session.destroyed) return;
    // lastStreamID 0 lets nghttp2 name the last stream it processed: streams up to it are still
    // answered, later ones refused (RFC 9113 §6.8). A number of our own could fall below the id in
    // the GOAWAY that close() sends next, and raising it is a PROTOCOL_ERROR for the client.
    session.goaway(constants.NGHTTP2_NO_ERROR, 0, Buffer.from(JSON.stringify({ reason })));
    session.close();
  };
  const ctx: PushContext = {
    auth,
    faults,
    record(build) {
      counts.requests++;
      if (recording) records.push(build());
    },
    succeeded(stream) {
      const state = sessions.get(stream.session as ServerHttp2Session);
      if (!state || state.raised || stream.session?.destroyed) return;
      state.raised = true;
      stream.session?.settings({ maxConcurrentStreams: maxStreams });
    },
    goaway: (stream, reason) => stream.session && goaway(stream.session as ServerHttp2Session, reason),
  };

  const server = createSecureServer({
    key: tls.key,
    cert: tls.cert,
    settings: { maxConcurrentStreams: opts.initialMaxConcurrentStreams ?? 1 },
  });
  server.on('session', (session: ServerHttp2Session) => {
    counts.sessionsOpened++;
    sessions.set(session, { active: 0, raised: false });
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  server.on(
    'stream',
    (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, _flags: number, rawHeaders: string[]) => {
      stream.on('error', () => undefined);
      if (isControlPath(headers[':path'])) return handleControl(handle, stream, headers);
      const state = sessions.get(stream.session as ServerHttp2Session);
      if (state) {
        state.active++;
        counts.peakStreams = Math.max(counts.peakStreams, state.active);
        stream.on('close', () => state.active--);
      }
      handlePush(ctx, stream, headers, rawHeaders);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const handle: ApnsMock = {
    url: `https://127.0.0.1:${port}`,
    port,
    ca: tls.cert,
    registerKey: (teamId, keyId, publicKeyPem, topic) => auth.register(teamId, keyId, publicKeyPem, topic),
    injectForToken: (token: string, fault: ApnsFault) => faults.set(token, fault),
    requests: () => records,
    clear() {
      records = [];
      faults.clear();
      Object.assign(counts, { sessionsOpened: 0, requests: 0, peakStreams: 0 });
    },
    goAway(reason = 'Shutdown') {
      for (const session of sessions.keys()) goaway(session, reason);
    },
    stats: () => ({ ...counts, sessionsOpen: sessions.size }),
    async close() {
      for (const session of sessions.keys()) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return handle;
}
