import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import type { Device } from '../../domain/device.js';
import { invalid } from '../../domain/errors.js';
import { authenticate, type UmsCaller } from './auth.js';
import { callersDevice, findDevice, usersDevices } from './device-lookup.js';
import { bodyOf, listField, optionalText } from './fields.js';
import { deviceKeyOf, registrationOf } from './registration-request.js';
import { SUCCESS, userRegInfo } from './responses.js';
import { UmsError } from './ret-codes.js';

const tags = ['ums v3 (seed 000)'];

/**
 * A terminal with only its user's token may register a device that is new, unregistered, unbound or
 * already its user's; taking over another user's live registration needs that user's unRegister first
 * (the seed's "授权已经移交给他人", authorization handed to someone else).
 */
function mayClaim(caller: UmsCaller, existing: Device | undefined): boolean {
  if (caller.restrictedTo === undefined || !existing) return true;
  return existing.status === 2 || existing.userId === null || existing.userId === caller.restrictedTo;
}

/**
 * The own channel needs the device's connection token, which the seed's answer has no field for:
 * trusted callers get `deviceId` and `deviceToken` added, as the native POST /v1/devices answers.
 */
function channelOf(caller: UmsCaller, deviceId: string, deviceToken: string) {
  return caller.restrictedTo === undefined ? { deviceId, deviceToken } : {};
}

/** deviceReg, userReg, unRegister and deviceList (seed 000 "消息通道注册", "获取用户注册设备列表"). */
export function registrationRoutes(api: FastifyInstance, services: ApiServices): void {
  api.post('/deviceReg', { schema: { tags } }, async (req) => {
    const caller = await authenticate(req, services, 'app');
    const reg = registrationOf(bodyOf(req.body));
    if (!mayClaim(caller, await findDevice(services, caller.app.id, reg)))
      throw new UmsError('20003', `clientId ${reg.clientId} is registered to another user`);
    const r = await services.devices.register(caller.app.id, reg);
    return { ...SUCCESS, ...channelOf(caller, r.device.id, r.deviceToken) };
  });

  api.post('/userReg', { schema: { tags } }, async (req) => {
    const caller = await authenticate(req, services, 'user');
    const reg = registrationOf(bodyOf(req.body));
    if (!mayClaim(caller, await findDevice(services, caller.app.id, reg)))
      throw new UmsError(
        '20003',
        `clientId ${reg.clientId} is registered to another user; unRegister it first`,
      );
    const r = await services.devices.register(caller.app.id, { ...reg, userId: caller.userId });
    return { ...SUCCESS, ...channelOf(caller, r.device.id, r.deviceToken) };
  });

  api.post('/unRegister', { schema: { tags } }, async (req) => {
    const caller = await authenticate(req, services, 'app');
    const device = await callersDevice(services, caller, deviceKeyOf(bodyOf(req.body)));
    await services.devices.unregister(caller.app.id, device.id);
    return SUCCESS;
  });

  api.post('/deviceList', { schema: { tags } }, async (req) => {
    const caller = await authenticate(req, services, 'app');
    const b = bodyOf(req.body);
    const packages = listField(b, 'appPackage', 'appPackages')?.values;
    // The seed lets an app server list a user's devices without a user token; it names the user then.
    const named = optionalText(b, 'userId');
    if (named !== undefined && caller.userId !== undefined && named !== caller.userId)
      throw new UmsError('20003', 'userId: differs from the user of accessToken');
    const userId = caller.userId ?? named;
    if (userId === undefined) throw invalid('userId', 'is required without the accessToken of a user');
    const devices = await usersDevices(services, caller.app.id, userId);
    const wanted = packages ? new Set(packages) : undefined;
    return {
      ...SUCCESS,
      deviceList: devices.filter((d) => !wanted || wanted.has(d.appPackage)).map(userRegInfo),
    };
  });
}
