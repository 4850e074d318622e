import { type Clock, systemClock } from '../../src/domain/clock.js';
import { type MockReply, type MockRequest, parseForm, startHttpMock } from '../lib/http-mock.js';
import { type AcceptedRequest, RequestLog } from '../lib/request-log.js';
import { type TokenBehavior, TokenBook } from '../lib/token-book.js';
import { xiaomiBehaviorReply, xiaomiError, xiaomiOk } from './replies.js';
import { validateXiaomiForm } from './validate.js';

/** A running local MiPush: `/v3/message/regid` and the feedback API on one loopback port. */
export interface XiaomiMock {
  readonly url: string;
  registerApp(appSecret: string, packageName: string): void;
  okToken(): string;
  /** A regid MiPush does not know: listed in `bad_regids`, or 20301 "No valid targets!" when alone. */
  deadToken(): string;
  injectForToken(token: string, behavior: TokenBehavior): void;
  /** Send requests that passed auth and validation, in arrival order. */
  requests(): readonly AcceptedRequest[];
  /** Regids waiting in the feedback queue (unknown regids sent to), without consuming them. */
  feedbackQueue(): readonly string[];
  clear(): void;
  close(): Promise<void>;
}

const SEND_PATH = /^\/v[23]\/message\/regid$/;
const FEEDBACK_PATH = '/v1/feedback/fetch_invalid_regids';

/** Starts the MiPush mock on 127.0.0.1 and an ephemeral port (or `opts.port`). */
export async function startXiaomiMock(opts: { clock?: Clock; port?: number } = {}): Promise<XiaomiMock> {
  const clock = opts.clock ?? systemClock;
  const apps = new Map<string, string>();
  const book = new TokenBook({
    length: 64,
    // Real regids are base64 with '/' and '+', which exercises the form encoding.
    alphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+',
  });
  const log = new RequestLog();
  let feedback: string[] = [];

  // `key` must be lowercase and the secret exact (21301 "authentication failed" otherwise).
  const appFor = (req: MockRequest): string | undefined => {
    const m = /^key=(.+)$/.exec(req.header('authorization') ?? '');
    return m ? apps.get(m[1] as string) : undefined;
  };

  const send = (req: MockRequest): MockReply => {
    const pkg = appFor(req);
    if (pkg === undefined) return xiaomiError(21301, 'Authentication failed', '认证失败');
    if (!(req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return xiaomiError(10008, 'Parameters must be form-encoded', '参数错误');
    }
    const form = parseForm(req.raw);
    const valid = validateXiaomiForm(form, pkg, clock.now());
    if ('status' in valid) return valid;
    const { regids } = valid;
    const injected = book.firstInjected(regids);
    const bad = regids.filter((r) => !book.isKnown(r));
    // Unknown regids are accepted and queued for the feedback API; all unknown is 20301.
    const reply = injected
      ? xiaomiBehaviorReply(injected)
      : bad.length === regids.length
        ? xiaomiError(20301, 'No valid targets!', '发送消息失败')
        : xiaomiOk(regids.length, bad);
    if (!injected) feedback.push(...bad);
    log.add({ path: req.path, tokens: regids, body: form, status: reply.status });
    return reply;
  };

  const fetchFeedback = (req: MockRequest): MockReply => {
    if (appFor(req) === undefined) return xiaomiError(21301, 'Authentication failed', '认证失败');
    // At most 1000 per call; the returned ones are gone from the queue, as at MiPush.
    const list = feedback.slice(0, 1000);
    feedback = feedback.slice(1000);
    return { status: 200, body: { result: 'ok', code: 0, data: { list } } };
  };

  const server = await startHttpMock((req) => {
    if (req.method === 'POST' && SEND_PATH.test(req.path)) return send(req);
    if (req.method === 'GET' && req.path === FEEDBACK_PATH) return fetchFeedback(req);
    return { status: 404, body: 'Not Found' };
  }, opts.port);

  return {
    url: server.url,
    registerApp: (appSecret, packageName) => void apps.set(appSecret, packageName),
    okToken: () => book.okToken(),
    deadToken: () => book.deadToken(),
    injectForToken: (token, behavior) => book.inject(token, behavior),
    requests: () => log.list(),
    feedbackQueue: () => [...feedback],
    clear() {
      log.clear();
      book.clearInjections();
    },
    close: () => server.close(),
  };
}
