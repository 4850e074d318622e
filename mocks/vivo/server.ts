import { type Clock, systemClock } from '../../src/domain/clock.js';
import { asObject, type MockReply, type MockRequest, parseJson, startHttpMock } from '../lib/http-mock.js';
import { type AcceptedRequest, RequestLog } from '../lib/request-log.js';
import { type TokenBehavior, TokenBook } from '../lib/token-book.js';
import { tokenFault, type VivoAuthState, vivoAuth } from './auth.js';
import { vivoBehaviorReply, vivoReply, vivoTaskId } from './replies.js';
import { notificationFault } from './validate.js';

/** A running local vivo Push API: auth, send, saveListPayload, pushToList. */
export interface VivoMock {
  readonly url: string;
  registerApp(appId: string, appKey: string, appSecret: string): void;
  okToken(): string;
  /** A regId vivo does not know: 10302 with invalidUser.status 1, or listed in pushToList's invalidUsers. */
  deadToken(): string;
  injectForToken(token: string, behavior: TokenBehavior): void;
  /** Makes every issued authToken invalid. */
  expireAuthTokens(): void;
  /** send and pushToList requests that passed auth and validation (the ones carrying regIds). */
  requests(): readonly AcceptedRequest[];
  authRequests(): number;
  clear(): void;
  close(): Promise<void>;
}

/** Starts the vivo mock on 127.0.0.1 and an ephemeral port (or `opts.port`). */
export async function startVivoMock(opts: { clock?: Clock; port?: number } = {}): Promise<VivoMock> {
  const clock = opts.clock ?? systemClock;
  const state: VivoAuthState = { apps: new Map(), issued: new Map() };
  const tasks = new Set<string>();
  // regIds are 23 characters (API doc: "长度23个字符").
  const book = new TokenBook({ length: 23, alphabet: '0123456789' });
  const log = new RequestLog();
  let authCalls = 0;

  const send = (req: MockRequest, b: Record<string, unknown>): MockReply => {
    const regId = b.regId;
    if (typeof regId !== 'string' || regId === '') return vivoReply(10050, 'alias和regId不能同时为空');
    const fault = notificationFault(b);
    if (fault) return fault;
    const injected = book.firstInjected([regId]);
    const reply = injected
      ? vivoBehaviorReply(injected)
      : book.isKnown(regId)
        ? vivoReply(0, '请求成功', { taskId: vivoTaskId() })
        : vivoReply(10302, 'regId不合法', { invalidUser: { status: 1, userid: regId } });
    log.add({ path: req.path, tokens: [regId], body: b, status: reply.status });
    return reply;
  };

  const save = (b: Record<string, unknown>): MockReply => {
    const fault = notificationFault(b);
    if (fault) return fault;
    const taskId = vivoTaskId();
    tasks.add(taskId);
    return vivoReply(0, '请求成功', { taskId });
  };

  const pushToList = (req: MockRequest, b: Record<string, unknown>): MockReply => {
    const regIds = b.regIds;
    if (
      !Array.isArray(regIds) ||
      regIds.length < 2 ||
      regIds.length > 1000 ||
      !regIds.every((r) => typeof r === 'string')
    ) {
      return vivoReply(10063, 'regIds个数必须大于等于2,小于等于1000');
    }
    if (typeof b.taskId !== 'string' || !tasks.has(b.taskId)) return vivoReply(10064, 'taskId不合法');
    if (typeof b.requestId !== 'string' || b.requestId === '') return vivoReply(10055, 'requestId不合法');
    const ids = regIds as string[];
    const injected = book.firstInjected(ids);
    // Shape of the invalid-user list on pushToList is not verified [I].
    const invalidUsers = ids.filter((r) => !book.isKnown(r)).map((userid) => ({ status: 1, userid }));
    const reply = injected
      ? vivoBehaviorReply(injected)
      : vivoReply(0, '请求成功', { requestId: b.requestId, taskId: b.taskId, invalidUsers });
    log.add({ path: req.path, tokens: ids, body: b, status: reply.status });
    return reply;
  };

  const server = await startHttpMock((req) => {
    if (req.method !== 'POST') return { status: 405, body: 'Method Not Allowed' };
    const body = parseJson(req.raw);
    if (req.path === '/message/auth') {
      authCalls++;
      return vivoAuth(state, body, clock.now());
    }
    const fault = tokenFault(state, req.header('authtoken'), body, clock.now());
    if (fault) return fault;
    const b = asObject(body) ?? {};
    if (req.path === '/message/send') return send(req, b);
    if (req.path === '/message/saveListPayload') return save(b);
    if (req.path === '/message/pushToList') return pushToList(req, b);
    return { status: 404, body: 'Not Found' };
  }, opts.port);

  return {
    url: server.url,
    registerApp: (appId, appKey, appSecret) => void state.apps.set(appId, { appKey, appSecret }),
    okToken: () => book.okToken(),
    deadToken: () => book.deadToken(),
    injectForToken: (token, behavior) => book.inject(token, behavior),
    expireAuthTokens: () => state.issued.clear(),
    requests: () => log.list(),
    authRequests: () => authCalls,
    clear() {
      log.clear();
      book.clearInjections();
      authCalls = 0;
    },
    close: () => server.close(),
  };
}
