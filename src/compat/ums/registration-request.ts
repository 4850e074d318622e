import type { DeviceRegistration } from '../../domain/device.js';
import { DEVICE_TYPES } from '../../domain/device.js';
import { invalid } from '../../domain/errors.js';
import { checkOneOf, checkString } from '../../domain/validate.js';
import { type Body, MAX_TEXT, optionalText, requiredText, zeroOrOne } from './fields.js';

/** The registration identity seed 000 uses everywhere: one app package on one terminal. */
export interface DeviceKey {
  readonly clientId: string;
  readonly appPackage: string;
}

/**
 * deviceReg / userReg body → native registration. `pushId` is the JPush registration id: with
 * collab3th 0 (JPush) it also becomes the device's jpush vendor token, with 1 (Herald's own
 * channel, "haier-M2M") any jpush token is removed, so the stored device says which channel it
 * registered for and UserRegInfo.collab3th reads it back.
 */
export function registrationOf(b: Body): DeviceRegistration {
  const clientId = requiredText(b, 'clientId');
  const pushId = requiredText(b, 'pushId');
  const deviceName = optionalText(b, 'deviceName');
  const deviceType = checkOneOf('deviceType', requiredText(b, 'deviceType'), DEVICE_TYPES);
  const typeId = optionalText(b, 'typeId', 64);
  // deviceReg's table omits appPackage but its example sends it, and a registration is identified by
  // (clientId, appPackage) as unRegister shows: it is required on both registration endpoints.
  const appPackage = requiredText(b, 'appPackage');
  const collab3th = zeroOrOne(b, 'collab3th');
  if (collab3th === undefined) throw invalid('collab3th', 'is required');
  return {
    clientId,
    appPackage,
    deviceType,
    pushId,
    ...(deviceName !== undefined ? { deviceName } : {}),
    ...(typeId !== undefined ? { typeId } : {}),
    vendorTokens: { jpush: collab3th === 0 ? pushId : '' },
  };
}

/**
 * The registration a body names (unRegister, msg/status). A terminal asking about itself may leave
 * clientId to its `clientId` header; the body wins when both are sent.
 */
export function deviceKeyOf(b: Body, clientIdHeader?: string): DeviceKey {
  const clientId =
    b.clientId === undefined && clientIdHeader !== undefined
      ? checkString('clientId', clientIdHeader, { max: MAX_TEXT })
      : requiredText(b, 'clientId');
  return { clientId, appPackage: requiredText(b, 'appPackage') };
}
