import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import type { App } from '../../domain/app.js';
import { HeraldError, invalid } from '../../domain/errors.js';
import { checkString } from '../../domain/validate.js';

/** Who is calling a seed 004 endpoint, and for which app. */
export interface NotifyCaller {
  readonly app: App;
  /** The operator's admin token was given as `access-token`. */
  readonly admin: boolean;
  /** An admin's `group_id` / `user_id` headers: whom the operator says it acts for. */
  readonly actingFor: { readonly groupId?: string; readonly userId?: string };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

function isAdminToken(services: ApiServices, given: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(services.adminToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Resolves the seed's headers to an app:
 * - `access-token` from `POST /v1/access-tokens` speaks for its own app; `app_id`, when given, must
 *   be that app (any other id is refused alike, so a caller learns nothing about other apps);
 * - the operator's HERALD admin token is the seed's "admin token": it acts for the app `app_id`
 *   names, and only it may send `group_id` / `user_id`.
 * Throws `unauthorized`, `forbidden`, `not_found` (admin naming an unknown app) or a bad field.
 */
export async function authenticate(services: ApiServices, req: FastifyRequest): Promise<NotifyCaller> {
  const token = header(req, 'access-token');
  if (token === undefined)
    throw new HeraldError('unauthorized', 'access-token: send the token from POST /v1/access-tokens');
  const appId = header(req, 'app_id');
  const groupId = header(req, 'group_id');
  const userId = header(req, 'user_id');
  if (isAdminToken(services, token)) {
    if (appId === undefined) throw invalid('app_id', 'an admin access-token must name the app it acts for');
    const actingFor = {
      ...(groupId !== undefined ? { groupId: checkString('group_id', groupId, { max: 100 }) } : {}),
      ...(userId !== undefined ? { userId: checkString('user_id', userId, { max: 100 }) } : {}),
    };
    return { app: await services.admin.get(appId), admin: true, actingFor };
  }
  const { app } = await services.accessTokens.verify(token);
  for (const [name, value] of [
    ['group_id', groupId],
    ['user_id', userId],
  ] as const) {
    if (value !== undefined)
      throw new HeraldError('forbidden', `${name}: only an admin access-token may act for another identity`, {
        field: name,
      });
  }
  if (appId !== undefined && appId !== app.id)
    throw new HeraldError('forbidden', 'app_id: the access-token does not speak for this app', {
      field: 'app_id',
    });
  return { app, admin: false, actingFor: {} };
}
