import type { FastifyRequest } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import type { App } from '../../domain/app.js';
import { HeraldError } from '../../domain/errors.js';
import { UmsError } from './ret-codes.js';

/** Who is calling a UMS endpoint. */
export interface UmsCaller {
  readonly app: App;
  /** The logged-in user, from an accessToken issued for one user; undefined for the app server. */
  readonly userId: string | undefined;
  /** True when appId/appKey were sent: the app server, trusted with every device of its app. */
  readonly appCredentials: boolean;
  /**
   * Set when the caller proved only a user's token (a terminal after login, no appId/appKey): it may
   * touch that user's devices only and is never shown a device's connection token.
   */
  readonly restrictedTo: string | undefined;
}

/** What an endpoint needs: any proof of the app, or a logged-in user besides. */
export type Need = 'app' | 'user';

function header(req: FastifyRequest, name: string): string | undefined {
  // Node lower-cases header names, so `appId`, `APPID` and `appid` all arrive as `appid`.
  const v = req.headers[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** The calling terminal's clientId header; seed 000 asks bodies to keep it "consistent with the header". */
export function clientIdHeader(req: FastifyRequest): string | undefined {
  return header(req, 'clientId');
}

/**
 * UMS auth over the native authenticators (docs/compat/000-ums.md, "Auth"):
 * - `appId` + `appKey` headers: the app's Herald appKey and masterSecret (the app server);
 * - `accessToken` header: a token from `POST /v1/access-tokens`, issued for a user when it
 *   carries `userId` (a terminal after login). It proves the app on its own.
 * When both are sent they must name the same app.
 */
export async function authenticate(
  req: FastifyRequest,
  services: ApiServices,
  need: Need,
): Promise<UmsCaller> {
  const appId = header(req, 'appId');
  const appKey = header(req, 'appKey');
  const token = header(req, 'accessToken');
  let app: App | undefined;
  if (appId !== undefined || appKey !== undefined) {
    if (appId === undefined || appKey === undefined)
      throw new UmsError('20001', 'appId and appKey headers go together');
    try {
      app = await services.auth.basic(appId, appKey);
    } catch (err) {
      if (err instanceof HeraldError && err.code === 'unauthorized')
        throw new UmsError('20001', 'appId or appKey is wrong');
      throw err;
    }
  }
  let userId: string | undefined;
  if (token !== undefined) {
    let claims: Awaited<ReturnType<ApiServices['accessTokens']['verify']>>;
    try {
      claims = await services.accessTokens.verify(token);
    } catch (err) {
      if (err instanceof HeraldError && err.code === 'unauthorized')
        throw new UmsError('20002', `accessToken: ${err.message}`);
      throw err;
    }
    if (app && claims.app.id !== app.id)
      throw new UmsError('20003', 'accessToken was issued for another app than appId');
    app = claims.app;
    userId = claims.userId;
  }
  if (!app) throw new UmsError('20001', 'send appId and appKey headers, or an accessToken header');
  if (need === 'user' && userId === undefined) {
    throw token === undefined
      ? new UmsError('20002', 'accessToken: this endpoint needs the token of a logged-in user')
      : new UmsError('20003', 'accessToken: this endpoint needs a token issued for a user (with userId)');
  }
  const appCredentials = appId !== undefined;
  return { app, userId, appCredentials, restrictedTo: appCredentials ? undefined : userId };
}
