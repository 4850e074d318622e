import { createPublicKey, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../../src/domain/clock.js';
import { listenOn } from '../lib/http-mock.js';
import { behaviorReply, type FcmBehavior } from './behaviors.js';
import { googleError } from './google-error.js';
import { type MockReply, readBody, writeJson } from './http-util.js';
import { grantAccessToken, type IssuedToken, type MockAccount, oauthError } from './token-endpoint.js';
import { validateSendBody } from './validate-message.js';

export type { FcmBehavior } from './behaviors.js';

/** One messages:send request the mock received, whatever it answered. */
export interface FcmMockRequest {
  readonly projectId: string;
  readonly token: string | null;
  readonly status: number;
  readonly body: unknown;
}

/** Options of {@link startFcmMock}. */
export interface FcmMockOptions {
  /** Shared with the channel under test to run token expiry on fake time. */
  readonly clock?: Clock;
  /** `expires_in` of issued access tokens; Google's is 3600 (3599 in practice). */
  readonly accessTokenTtlSeconds?: number;
  /** Listen on this port of 127.0.0.1; default 0, an ephemeral one. */
  readonly port?: number;
}

/** A running local FCM: the OAuth token endpoint plus HTTP v1 messages:send, on a loopback port. */
export interface FcmMock {
  /** Base URL for the channel's `baseUrl`. */
  readonly url: string;
  /** The token endpoint, for the channel's `tokenUri` (and the JWT `aud` it checks). */
  readonly tokenUri: string;
  registerServiceAccount(clientEmail: string, publicKeyPem: string, projectId: string): void;
  /** Every later send to `token` fails with `behavior`. */
  injectForToken(token: string, behavior: FcmBehavior): void;
  /** Token endpoint answers: `server_error` (500) or `invalid_grant` (400) until reset with null. */
  injectTokenEndpoint(failure: 'server_error' | 'invalid_grant' | null): void;
  /** Forgets every access token it issued, as a revocation would: the next send gets 401. */
  revokeAccessTokens(): void;
  /** messages:send requests received, in arrival order, including refused ones. */
  requests(): readonly FcmMockRequest[];
  /** How many grants the token endpoint has answered (successful or not). */
  tokenRequests(): number;
  /** Forgets recorded requests, injections and the token count (not accounts or issued tokens). */
  clear(): void;
  close(): Promise<void>;
}

const SEND_PATH = /^\/v1\/projects\/([^/]+)\/messages:send$/;

/** Starts the FCM mock on 127.0.0.1 and an ephemeral port (or `opts.port`). */
export async function startFcmMock(opts: FcmMockOptions = {}): Promise<FcmMock> {
  const clock = opts.clock ?? systemClock;
  const accounts = new Map<string, MockAccount>();
  const issued = new Map<string, IssuedToken>();
  const behaviors = new Map<string, FcmBehavior>();
  let records: FcmMockRequest[] = [];
  let tokenCount = 0;
  let tokenFailure: 'server_error' | 'invalid_grant' | null = null;
  let tokenUri = '';

  const tokenEndpoint = async (raw: string): Promise<MockReply> => {
    tokenCount++;
    if (tokenFailure === 'server_error') return oauthError('internal_failure', 'Backend error', 500);
    if (tokenFailure === 'invalid_grant')
      return oauthError('invalid_grant', 'Invalid grant: account not found');
    const state = { tokenUri, accounts, issued, ttlSeconds: opts.accessTokenTtlSeconds ?? 3600 };
    return grantAccessToken(state, new URLSearchParams(raw), clock.now());
  };

  const sendEndpoint = (projectId: string, req: IncomingMessage, raw: string): MockReply => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const reply = answerSend(projectId, req.headers.authorization, parsed);
    records.push({ projectId, token: reply.token, status: reply.reply.status, body: parsed });
    return reply.reply;
  };

  const answerSend = (projectId: string, auth: string | undefined, body: unknown) => {
    const bearer = /^Bearer (\S+)$/.exec(auth ?? '')?.[1];
    const grant = bearer === undefined ? undefined : issued.get(bearer);
    const { token, error } = validateSendBody(body);
    if (!grant || grant.expiresAt <= clock.now()) {
      const text = 'Request had invalid authentication credentials. Expected OAuth 2 access token.';
      return { token, reply: googleError(401, 'UNAUTHENTICATED', text) };
    }
    if (accounts.get(grant.clientEmail)?.projectId !== projectId) {
      return {
        token,
        reply: googleError(403, 'PERMISSION_DENIED', `Permission denied on project ${projectId}`),
      };
    }
    if (error) return { token, reply: error };
    const behavior = token === null ? undefined : behaviors.get(token);
    if (behavior) return { token, reply: behaviorReply(behavior) };
    return {
      token,
      reply: { status: 200, body: { name: `projects/${projectId}/messages/${randomUUID()}` } },
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://mock').pathname;
    const raw = (await readBody(req)).toString('utf8');
    const project = SEND_PATH.exec(path)?.[1];
    if (req.method === 'POST' && path === '/token') return writeJson(res, await tokenEndpoint(raw));
    if (req.method === 'POST' && project !== undefined)
      return writeJson(res, sendEndpoint(decodeURIComponent(project), req, raw));
    writeJson(res, googleError(404, 'NOT_FOUND', `No route ${req.method} ${path}`));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => writeJson(res, googleError(500, 'INTERNAL', String(err))));
  });
  await listenOn(server, opts.port ?? 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tokenUri = `${url}/token`;

  return {
    url,
    tokenUri,
    registerServiceAccount(clientEmail, publicKeyPem, projectId) {
      accounts.set(clientEmail, { clientEmail, publicKey: createPublicKey(publicKeyPem), projectId });
    },
    injectForToken: (token, behavior) => void behaviors.set(token, behavior),
    injectTokenEndpoint(failure) {
      tokenFailure = failure;
    },
    revokeAccessTokens: () => issued.clear(),
    requests: () => records,
    tokenRequests: () => tokenCount,
    clear() {
      records = [];
      behaviors.clear();
      tokenCount = 0;
      tokenFailure = null;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets of the channel under test would hold close() open.
        server.closeAllConnections();
      }),
  };
}
