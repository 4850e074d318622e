import type { Vendor } from '../domain/device.js';
import { validateApnsCredential } from './apns/credential.js';
import { validateFcmCredential } from './fcm/credential.js';
import { validateHmsCredential } from './hms/credential.js';
import { validateJpushCredential } from './jpush/credential.js';
import { validateMeizuCredential } from './meizu/credential.js';
import { validateOppoCredential } from './oppo/credential.js';
import { validateVivoCredential } from './vivo/credential.js';
import { validateVapidCredential } from './webpush/vapid.js';
import { validateXiaomiCredential } from './xiaomi/credential.js';

/**
 * Each vendor's own check of an uploaded credential (a .p8 key parses, a service account has its
 * fields, …). Each throws an error with the bad `field`.
 */
export const CREDENTIAL_VALIDATORS: Record<Vendor, (input: unknown) => unknown> = {
  apns: validateApnsCredential,
  fcm: validateFcmCredential,
  huawei: validateHmsCredential,
  xiaomi: validateXiaomiCredential,
  oppo: validateOppoCredential,
  vivo: validateVivoCredential,
  meizu: validateMeizuCredential,
  jpush: validateJpushCredential,
  webpush: validateVapidCredential,
};
