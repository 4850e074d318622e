import { type Clock, systemClock } from '../../src/domain/clock.js';
import { type MockReply, type MockRequest, parseForm, startHttpMock } from '../lib/http-mock.js';
import { type AcceptedRequest, RequestLog } from '../lib/request-log.js';
import { type TokenBehavior, TokenBook } from '../lib/token-book.js';
import { meizuBehaviorReply, meizuOk } from './replies.js';
import { validateMeizuPush } from './validate.js';

/** A running local Flyme Push server API (varnished / unvarnished pushByPushId). */
export interface MeizuMock {
  readonly url: string;
  registerApp(appId: string, appSecret: string): void;
  okToken(): string;
  /** A pushId Flyme does not know: listed under "110002" in `value`, top-level code still "200". */
  deadToken(): string;
  injectForToken(token: string, behavior: TokenBehavior): void;
  requests(): readonly AcceptedRequest[];
  clear(): void;
  close(): Promise<void>;
}

const PATH = /^\/garcia\/api\/server\/push\/(varnished|unvarnished)\/pushByPushId$/;
/** Flyme collapses (520) messages past 5 per minute to one device of one app (README, per-target codes). */
const PER_DEVICE_PER_MINUTE = 5;

/** Starts the Flyme mock on 127.0.0.1 and an ephemeral port (or `opts.port`). */
export async function startMeizuMock(opts: { clock?: Clock; port?: number } = {}): Promise<MeizuMock> {
  const clock = opts.clock ?? systemClock;
  const apps = new Map<string, string>();
  // pushIds look like the README's: an 'R' prefix and alphanumerics.
  const book = new TokenBook({ prefix: 'RA50', length: 40 });
  const log = new RequestLog();
  const recent = new Map<string, number[]>();

  const tooFrequent = (pushId: string): boolean => {
    const now = clock.now();
    const times = (recent.get(pushId) ?? []).filter((t) => now - t < 60_000);
    times.push(now);
    recent.set(pushId, times);
    return times.length > PER_DEVICE_PER_MINUTE;
  };

  const push = (req: MockRequest, varnished: boolean): MockReply => {
    const form = parseForm(req.raw);
    const valid = validateMeizuPush(form, (id) => apps.get(id), varnished);
    if ('status' in valid) return valid;
    const { pushIds } = valid;
    const injected = book.firstInjected(pushIds);
    let reply: MockReply;
    if (injected) {
      reply = meizuBehaviorReply(injected);
    } else {
      const failed: Record<string, string[]> = {};
      for (const id of pushIds) {
        const code = !book.isKnown(id) ? '110002' : tooFrequent(id) ? '520' : null;
        if (code) failed[code] = [...(failed[code] ?? []), id];
      }
      reply = meizuOk(failed);
    }
    log.add({ path: req.path, tokens: pushIds, body: form, status: reply.status });
    return reply;
  };

  const server = await startHttpMock((req) => {
    const m = PATH.exec(req.path);
    if (req.method !== 'POST' || !m) return { status: 404, body: 'Not Found' };
    return push(req, m[1] === 'varnished');
  }, opts.port);

  return {
    url: server.url,
    registerApp: (appId, appSecret) => void apps.set(appId, appSecret),
    okToken: () => book.okToken(),
    deadToken: () => book.deadToken(),
    injectForToken: (token, behavior) => book.inject(token, behavior),
    requests: () => log.list(),
    clear() {
      log.clear();
      book.clearInjections();
      recent.clear();
    },
    close: () => server.close(),
  };
}
