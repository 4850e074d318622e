import { type Clock, systemClock } from '../../src/domain/clock.js';
import {
  asObject,
  type MockReply,
  type MockRequest,
  parseForm,
  parseJson,
  startHttpMock,
} from '../lib/http-mock.js';
import { type AcceptedRequest, RequestLog } from '../lib/request-log.js';
import { type TokenBehavior, TokenBook } from '../lib/token-book.js';
import { authTokenFault, type OppoAuthState, oppoAuth } from './auth.js';
import { oppoBehaviorReply, oppoId, oppoReply } from './replies.js';
import { notificationFault } from './validate.js';

/** A running local OPPO Push server API v1 (auth, unicast, save_message_content, broadcast). */
export interface OppoMock {
  readonly url: string;
  registerApp(appKey: string, masterSecret: string): void;
  okToken(): string;
  /** A registration id OPPO does not know: code 10000 on unicast, listed under "10000" on broadcast. */
  deadToken(): string;
  injectForToken(token: string, behavior: TokenBehavior): void;
  /** Makes every issued auth_token invalid: the next call gets 11. */
  expireAuthTokens(): void;
  /** unicast and broadcast requests that passed auth and validation (the ones carrying ids). */
  requests(): readonly AcceptedRequest[];
  /** Auth calls, successful or not. */
  authRequests(): number;
  clear(): void;
  close(): Promise<void>;
}

const P = '/server/v1';

/** Starts the OPPO mock on 127.0.0.1 and an ephemeral port (or `opts.port`). */
export async function startOppoMock(opts: { clock?: Clock; port?: number } = {}): Promise<OppoMock> {
  const clock = opts.clock ?? systemClock;
  const state: OppoAuthState = { apps: new Map(), issued: new Map() };
  const saved = new Set<string>();
  // CN registration ids look like CN_<hex> (region by prefix, vendor-channels.md §5 Hosts).
  const book = new TokenBook({ prefix: 'CN_', length: 35, alphabet: '0123456789abcdef' });
  const log = new RequestLog();
  let authCalls = 0;

  const unicast = (req: MockRequest, form: Record<string, string>): MockReply => {
    const message = asObject(parseJson(form.message ?? ''));
    if (!message) return oppoReply(41, 'Invalid argument: message');
    const regid = message.target_value;
    if (message.target_type === undefined || typeof regid !== 'string' || regid === '') {
      return oppoReply(40, 'Missing required argument: target_type or target_value');
    }
    const fault = notificationFault(asObject(message.notification) ?? {});
    if (fault) return fault;
    const injected = book.firstInjected([regid]);
    const reply = injected
      ? oppoBehaviorReply(injected)
      : book.isKnown(regid)
        ? oppoReply(0, 'Success', { messageId: oppoId() })
        : oppoReply(10000, 'Invalid Registration_id');
    log.add({ path: req.path, tokens: [regid], body: message, status: reply.status });
    return reply;
  };

  const save = (form: Record<string, string>): MockReply => {
    const { auth_token: _token, ...fields } = form;
    const fault = notificationFault(fields);
    if (fault) return fault;
    const id = oppoId();
    saved.add(id);
    return oppoReply(0, 'Success', { message_id: id });
  };

  const broadcast = (req: MockRequest, form: Record<string, string>): MockReply => {
    if (!form.message_id || !saved.has(form.message_id)) return oppoReply(41, 'Invalid argument: message_id');
    if (form.target_type !== '2') return oppoReply(41, 'Invalid argument: target_type');
    // target_value: registration ids separated by ';', at most 1000.
    const regids = (form.target_value ?? '').split(';').filter((r) => r !== '');
    if (regids.length === 0 || regids.length > 1000) return oppoReply(41, 'Invalid argument: target_value');
    const injected = book.firstInjected(regids);
    const unknown = regids.filter((r) => !book.isKnown(r));
    const data: Record<string, unknown> = { message_id: form.message_id, task_id: oppoId() };
    if (unknown.length > 0) data['10000'] = unknown;
    const reply = injected ? oppoBehaviorReply(injected) : oppoReply(0, 'success', data);
    log.add({ path: req.path, tokens: regids, body: form, status: reply.status });
    return reply;
  };

  const server = await startHttpMock((req) => {
    if (req.method !== 'POST') return oppoReply(12, 'Http Action Not Allowed');
    const form = parseForm(req.raw);
    if (req.path === `${P}/auth`) {
      authCalls++;
      return oppoAuth(state, form, clock.now());
    }
    // The doc puts auth_token in the body; some clients send it as a header, which OPPO also takes.
    const authFault = authTokenFault(state, form.auth_token ?? req.header('auth_token'), clock.now());
    if (authFault) return authFault;
    if (req.path === `${P}/message/notification/unicast`) return unicast(req, form);
    if (req.path === `${P}/message/notification/save_message_content`) return save(form);
    if (req.path === `${P}/message/notification/broadcast`) return broadcast(req, form);
    return oppoReply(20, 'Invalid Method');
  }, opts.port);

  return {
    url: server.url,
    registerApp: (appKey, masterSecret) => void state.apps.set(appKey, masterSecret),
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
