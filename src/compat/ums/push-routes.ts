import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import type { Audience, AudienceSpec } from '../../domain/audience.js';
import { authenticate, type UmsCaller } from './auth.js';
import { resolveClientIds } from './device-lookup.js';
import { type Body, bodyOf } from './fields.js';
import { byAppTargets, byDevTargets, byDevTypeTargets, pushOf, type UmsTargets } from './push-request.js';
import { SUCCESS } from './responses.js';

const tags = ['ums v3 (seed 000)'];

/**
 * The seed's pushes send "to oneself" (向自己发送): with a user's accessToken the audience is that
 * user's devices. Without one it is the app server's cloud-to-device push (云-端) over the whole app.
 */
async function audienceOf(services: ApiServices, caller: UmsCaller, t: UmsTargets): Promise<Audience> {
  const spec: { -readonly [K in keyof AudienceSpec]: AudienceSpec[K] } = {};
  if (t.clientIds)
    spec.deviceIds = await resolveClientIds(services, caller.app.id, t.clientIds, caller.userId);
  else if (caller.userId !== undefined) spec.userIds = [caller.userId];
  if (t.deviceTypes) spec.deviceTypes = t.deviceTypes;
  if (t.appPackages) spec.appPackages = t.appPackages;
  return Object.keys(spec).length === 0 ? 'all' : spec;
}

/** msg/pushByDev, msg/pushByDevType, msg/pushByApp and msg/pushMsgByApp (seed 000 "端-端消息推送"). */
export function pushRoutes(api: FastifyInstance, services: ApiServices): void {
  const push = (targetsOf: (b: Body) => UmsTargets) => async (req: FastifyRequest) => {
    const caller = await authenticate(req, services, 'app');
    const b = bodyOf(req.body);
    // Everything is checked before a device is looked up, so a bad field never reads as "not registered".
    const { message, options } = pushOf(b);
    const targets = targetsOf(b);
    const audience = await audienceOf(services, caller, targets);
    const r = await services.push.push(caller.app, { audience, message, options });
    return { ...SUCCESS, msgId: r.message.id };
  };
  api.post('/msg/pushByDev', { schema: { tags } }, push(byDevTargets));
  api.post('/msg/pushByDevType', { schema: { tags } }, push(byDevTypeTargets));
  api.post('/msg/pushByApp', { schema: { tags } }, push(byAppTargets));
  // The path of pushByApp's own request example; both are served so either reading of the seed works.
  api.post('/msg/pushMsgByApp', { schema: { tags } }, push(byAppTargets));
}
