import type { Clock } from '../domain/clock.js';
import type { Vendor } from '../domain/device.js';
import { ApnsChannel } from './apns/apns-channel.js';
import { validateApnsCredential } from './apns/credential.js';
import type { Channel } from './channel.js';
import type { VendorEndpoints } from './endpoints.js';
import { validateFcmCredential } from './fcm/credential.js';
import { FcmChannel } from './fcm/fcm-channel.js';
import { HmsChannel } from './hms/hms-channel.js';
import { JpushChannel } from './jpush/jpush-channel.js';
import { MeizuChannel } from './meizu/meizu-channel.js';
import { OppoChannel } from './oppo/oppo-channel.js';
import { VivoChannel } from './vivo/vivo-channel.js';
import { validateVapidCredential } from './webpush/vapid.js';
import { WebPushChannel } from './webpush/webpush-channel.js';
import { XiaomiChannel } from './xiaomi/xiaomi-channel.js';

export interface ChannelFactoryOptions {
  readonly endpoints: VendorEndpoints;
  /** Extra trust for a private APNs endpoint (the mock's self-signed certificate), PEM. */
  readonly ca?: string;
  /** Web Push to http: endpoints: only for local mocks. */
  readonly webpushAllowHttp?: boolean;
  readonly clock: Clock;
}

/** Builds the sender for one app credential; the credential was validated on upload and is re-validated here. */
export function createChannel(vendor: Vendor, credential: unknown, o: ChannelFactoryOptions): Channel {
  const e = o.endpoints;
  const clock = o.clock;
  switch (vendor) {
    case 'apns':
      return new ApnsChannel({
        credential: validateApnsCredential(credential),
        clock,
        ...(e.apns ? { baseUrl: e.apns } : {}),
        ...(o.ca ? { ca: o.ca } : {}),
      });
    case 'fcm':
      return new FcmChannel({
        credential: validateFcmCredential(credential),
        clock,
        ...(e.fcm ? { baseUrl: e.fcm } : {}),
        ...(e.fcmToken ? { tokenUri: e.fcmToken } : {}),
      });
    case 'huawei':
      return new HmsChannel({
        credential,
        clock,
        ...(e.huawei ? { baseUrl: e.huawei } : {}),
        ...(e.huaweiToken ? { tokenUrl: e.huaweiToken } : {}),
      });
    case 'xiaomi':
      return new XiaomiChannel({ credential, clock, ...(e.xiaomi ? { baseUrl: e.xiaomi } : {}) });
    case 'oppo':
      return new OppoChannel({ credential, clock, ...(e.oppo ? { baseUrl: e.oppo } : {}) });
    case 'vivo':
      return new VivoChannel({ credential, clock, ...(e.vivo ? { baseUrl: e.vivo } : {}) });
    case 'meizu':
      return new MeizuChannel({ credential, clock, ...(e.meizu ? { baseUrl: e.meizu } : {}) });
    case 'jpush':
      return new JpushChannel({ credential, clock, ...(e.jpush ? { baseUrl: e.jpush } : {}) });
    case 'webpush':
      return new WebPushChannel({
        vapid: validateVapidCredential(credential),
        clock,
        ...(o.webpushAllowHttp ? { allowHttpEndpoints: true } : {}),
      });
  }
}
