import { randomInt } from 'node:crypto';
import { type Clock, systemClock } from '../../src/domain/clock.js';
import { asObject, type MockReply, type MockRequest, parseJson, startHttpMock } from '../lib/http-mock.js';
import { type AcceptedRequest, RequestLog } from '../lib/request-log.js';
import { type TokenBehavior, TokenBook } from '../lib/token-book.js';
import { jpushBehaviorReply, jpushError } from './replies.js';
import { validateJpushPush } from './validate.js';

/** Options of {@link startJpushMock}. */
export interface JpushMockOptions {
  readonly clock?: Clock;
  /** Pushes allowed per minute per appKey before 429 / 2002 (JPush's free tier is 600). */
  readonly ratePerMinute?: number;
  /** Listen on this port of 127.0.0.1; default 0, an ephemeral one. */
  readonly port?: number;
}

/** A running local JPush Push API v3 (`/v3/push` and `/v3/push/validate`) on a loopback port. */
export interface JpushMock {
  readonly url: string;
  registerApp(appKey: string, masterSecret: string): void;
  okToken(): string;
  /** A registration id JPush does not know: 1011 when a push matches nothing else, silently skipped otherwise. */
  deadToken(): string;
  injectForToken(token: string, behavior: TokenBehavior): void;
  /** Pushes that passed auth and validation, in arrival order (validate-only calls excluded). */
  requests(): readonly AcceptedRequest[];
  clear(): void;
  close(): Promise<void>;
}

const WINDOW_MS = 60_000;

/** Starts the JPush mock on 127.0.0.1 and an ephemeral port (or `opts.port`). */
export async function startJpushMock(opts: JpushMockOptions = {}): Promise<JpushMock> {
  const clock = opts.clock ?? systemClock;
  const limit = opts.ratePerMinute ?? 600;
  const apps = new Map<string, string>();
  // Registration ids are 19-ish lowercase hex-like strings, e.g. 1a0018970a4ee2d9c8e.
  const book = new TokenBook({ length: 19, alphabet: '0123456789abcdef' });
  const log = new RequestLog();
  const windows = new Map<string, { start: number; used: number }>();

  /** Every answer carries the three X-Rate-Limit headers of the per-appKey one-minute window. */
  const rate = (appKey: string): { headers: Record<string, string>; over: boolean } => {
    const now = clock.now();
    let w = windows.get(appKey);
    if (!w || now - w.start >= WINDOW_MS) {
      w = { start: now, used: 0 };
      windows.set(appKey, w);
    }
    w.used++;
    const headers = {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, limit - w.used)),
      'x-rate-limit-reset': String(Math.ceil((w.start + WINDOW_MS - now) / 1000)),
    };
    return { headers, over: w.used > limit };
  };

  const push = (req: MockRequest, validateOnly: boolean): MockReply => {
    const [appKey, secret] = basic(req.header('authorization'));
    if (appKey === null || apps.get(appKey) !== secret) return jpushError(401, 1004, 'Authen failed');
    const { headers, over } = rate(appKey);
    const reply = answer(req, validateOnly);
    if (over) return { ...jpushError(429, 2002, 'Rate limit exceeded'), headers };
    return { ...reply, headers: { ...headers, ...reply.headers } };
  };

  const answer = (req: MockRequest, validateOnly: boolean): MockReply => {
    const body = parseJson(req.raw);
    const valid = validateJpushPush(body);
    if ('status' in valid) return valid;
    const { regids } = valid;
    const injected = book.firstInjected(regids);
    const reply: MockReply = injected
      ? jpushBehaviorReply(injected)
      : !regids.some((r) => book.isKnown(r))
        ? jpushError(
            400,
            1011,
            'cannot find user by this audience or has been inactive for more than 255 days',
          )
        : {
            status: 200,
            body: {
              sendno: String(asObject(asObject(body)?.options)?.sendno ?? 0),
              msg_id: String(randomInt(2 ** 47)),
            },
          };
    if (!validateOnly) log.add({ path: req.path, tokens: regids, body, status: reply.status });
    return reply;
  };

  const server = await startHttpMock((req) => {
    if (req.path !== '/v3/push' && req.path !== '/v3/push/validate')
      return jpushError(404, 1020, 'Not found');
    if (req.method !== 'POST') return jpushError(405, 1001, 'Only POST is supported');
    return push(req, req.path.endsWith('/validate'));
  }, opts.port);

  return {
    url: server.url,
    registerApp: (appKey, masterSecret) => void apps.set(appKey, masterSecret),
    okToken: () => book.okToken(),
    deadToken: () => book.deadToken(),
    injectForToken: (token, behavior) => book.inject(token, behavior),
    requests: () => log.list(),
    clear() {
      log.clear();
      book.clearInjections();
      windows.clear();
    },
    close: () => server.close(),
  };
}

function basic(header: string | undefined): [string | null, string | null] {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m) return [null, null];
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? [null, null] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}
