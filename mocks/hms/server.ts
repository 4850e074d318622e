import { randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '../../src/domain/clock.js';
import { type MockReply, type MockRequest, parseForm, parseJson, startHttpMock } from '../lib/http-mock.js';
import { type AcceptedRequest, RequestLog } from '../lib/request-log.js';
import { type TokenBehavior, TokenBook } from '../lib/token-book.js';
import { hmsBehaviorReply, hmsError, hmsResult } from './replies.js';
import { validateHmsSend } from './validate.js';

/** Options of {@link startHmsMock}. */
export interface HmsMockOptions {
  /** Shared with the channel under test to run access-token expiry on fake time. */
  readonly clock?: Clock;
  /** `expires_in` of issued access tokens; Huawei's is 3600. */
  readonly accessTokenTtlSeconds?: number;
  /** Listen on this port of 127.0.0.1; default 0, an ephemeral one. */
  readonly port?: number;
}

/** A running local Push Kit: the OAuth token endpoint and v1 messages:send on one loopback port. */
export interface HmsMock {
  /** Base URL for the channel's `baseUrl`. */
  readonly url: string;
  /** The OAuth endpoint, for the channel's `tokenUrl`. */
  readonly tokenUrl: string;
  registerApp(appId: string, clientSecret: string): void;
  /** A new token the mock delivers to. */
  okToken(): string;
  /** A new token the mock does not know: listed in `illegal_tokens`, or 80300007 when alone. */
  deadToken(): string;
  injectForToken(token: string, behavior: TokenBehavior): void;
  /** Marks every issued access token expired: the next send gets 80200003. */
  expireAccessTokens(): void;
  /** Send requests that passed auth and validation, in arrival order. */
  requests(): readonly AcceptedRequest[];
  /** Token endpoint calls, successful or not. */
  tokenRequests(): number;
  clear(): void;
  close(): Promise<void>;
}

const SEND_PATH = /^\/v1\/([^/]+)\/messages:send$/;
const TOKEN_PATH = '/oauth2/v3/token';

/** Starts the Push Kit mock on 127.0.0.1 and an ephemeral port (or `opts.port`). */
export async function startHmsMock(opts: HmsMockOptions = {}): Promise<HmsMock> {
  const clock = opts.clock ?? systemClock;
  const ttlMs = (opts.accessTokenTtlSeconds ?? 3600) * 1000;
  const apps = new Map<string, string>();
  const issued = new Map<string, { appId: string; expiresAt: number }>();
  const book = new TokenBook({ prefix: 'IQAAAACy0', length: 130 });
  const log = new RequestLog();
  let tokenCalls = 0;

  const grant = (req: MockRequest): MockReply => {
    tokenCalls++;
    const form = parseForm(req.raw);
    if (form.grant_type !== 'client_credentials') {
      return { status: 400, body: { error: 1102, error_description: 'unsupported grant_type' } };
    }
    const secret = apps.get(form.client_id ?? '');
    // Huawei's exact OAuth error numbers are not verified [I]; the shape (error, error_description) is.
    if (secret === undefined || secret !== form.client_secret) {
      return { status: 400, body: { error: 1101, sub_error: 20356, error_description: 'invalid client' } };
    }
    const token = randomBytes(24).toString('base64');
    issued.set(token, { appId: form.client_id as string, expiresAt: clock.now() + ttlMs });
    return { status: 200, body: { access_token: token, expires_in: ttlMs / 1000, token_type: 'Bearer' } };
  };

  const send = (appId: string, req: MockRequest): MockReply => {
    const auth = /^Bearer (.+)$/.exec(req.header('authorization') ?? '');
    const access = auth ? issued.get(auth[1] as string) : undefined;
    if (!access || access.appId !== appId) return hmsError(401, '80200001', 'Oauth authentication error');
    if (clock.now() >= access.expiresAt) return hmsError(401, '80200003', 'Oauth Token expired.');
    const body = parseJson(req.raw);
    const valid = validateHmsSend(body);
    if ('status' in valid) return valid;
    const { tokens } = valid;
    const injected = book.firstInjected(tokens);
    const reply = injected
      ? hmsBehaviorReply(injected)
      : hmsResult(
          tokens,
          tokens.filter((t) => !book.isKnown(t)),
        );
    if (!valid.validateOnly) log.add({ path: req.path, tokens, body, status: reply.status });
    return reply;
  };

  const server = await startHttpMock((req) => {
    if (req.method !== 'POST') return { status: 405, body: 'Method Not Allowed' };
    if (req.path === TOKEN_PATH) return grant(req);
    const m = SEND_PATH.exec(req.path);
    return m ? send(decodeURIComponent(m[1] as string), req) : { status: 404, body: 'Not Found' };
  }, opts.port);

  return {
    url: server.url,
    tokenUrl: `${server.url}${TOKEN_PATH}`,
    registerApp: (appId, clientSecret) => void apps.set(appId, clientSecret),
    okToken: () => book.okToken(),
    deadToken: () => book.deadToken(),
    injectForToken: (token, behavior) => book.inject(token, behavior),
    expireAccessTokens() {
      for (const entry of issued.values()) entry.expiresAt = Number.NEGATIVE_INFINITY;
    },
    requests: () => log.list(),
    tokenRequests: () => tokenCalls,
    clear() {
      log.clear();
      book.clearInjections();
      tokenCalls = 0;
    },
    close: () => server.close(),
  };
}
