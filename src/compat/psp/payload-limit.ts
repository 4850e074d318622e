import type { Platform } from '../../domain/device.js';
import { PspError } from './error-table.js';

/** The seed: "payload (Android at most 1024 B, iOS 256 B)". 256 B is APNs' old payload ceiling the seed inherited. */
export const PSP_PAYLOAD_LIMITS = { android: 1024, ios: 256 } as const;

/**
 * The limit for a push that reaches `platform`. iOS gets the iOS limit; every other known platform
 * the Android one (the seed names only these two). `undefined` means the platforms are not known
 * at accept time (a groupcast, or a device registered without a platform): the payload must then
 * fit whichever device receives it, so the stricter iOS limit applies.
 */
export function payloadLimit(platform: Platform | null | undefined): number {
  if (platform === undefined || platform === null || platform === 'ios') return PSP_PAYLOAD_LIMITS.ios;
  return PSP_PAYLOAD_LIMITS.android;
}

export function checkPayloadSize(bytes: number, platform: Platform | null | undefined): void {
  const limit = payloadLimit(platform);
  if (bytes <= limit) return;
  const which =
    platform === undefined
      ? 'a groupcast may reach iOS devices, whose limit applies'
      : platform === null
        ? 'the device has no platform registered, so the iOS limit applies'
        : `the device's platform is ${platform}`;
  throw new PspError(2023, `payload is ${bytes} bytes; the limit is ${limit} bytes (${which})`);
}
