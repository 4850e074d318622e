/** Seed 000's terminal kinds: 01 phone … 08 speaker. */
export const DEVICE_TYPES = ['01', '02', '03', '04', '05', '06', '07', '08'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const PLATFORMS = ['android', 'ios', 'web', 'linux', 'windows', 'macos', 'iot'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Vendors a device may hold a push token for (issue 4 adds their senders). */
export const VENDORS = [
  'apns',
  'fcm',
  'huawei',
  'xiaomi',
  'oppo',
  'vivo',
  'meizu',
  'jpush',
  'webpush',
] as const;
export type Vendor = (typeof VENDORS)[number];

/** Seed 000 UserRegInfo.status: 1 registered, 2 unregistered, 3 updated (1→3, 2→1, 3→3). */
export type DeviceStatus = 1 | 2 | 3;

export interface Device {
  readonly id: string;
  readonly appId: string;
  readonly clientId: string;
  readonly appPackage: string;
  readonly pushId: string | null;
  readonly deviceName: string | null;
  readonly deviceType: DeviceType;
  readonly typeId: string | null;
  readonly platform: Platform | null;
  readonly vendorTokens: Partial<Record<Vendor, string>>;
  readonly userId: string | null;
  readonly alias: string | null;
  readonly tags: readonly string[];
  readonly locale: string | null;
  readonly timezone: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly productId: string | null;
  readonly isTest: boolean;
  readonly status: DeviceStatus;
  /** First successful registration (epoch ms). */
  readonly regTime: number;
  readonly updatedAt: number;
  readonly lastActiveAt: number | null;
}

/** What a registration carries; everything but the identity triple is optional. */
export interface DeviceRegistration {
  readonly clientId: string;
  readonly appPackage: string;
  readonly deviceType: DeviceType;
  readonly pushId?: string | null;
  readonly deviceName?: string | null;
  readonly typeId?: string | null;
  readonly platform?: Platform | null;
  readonly vendorTokens?: Partial<Record<Vendor, string>>;
  readonly userId?: string | null;
  readonly alias?: string | null;
  readonly tags?: readonly string[];
  readonly locale?: string | null;
  readonly timezone?: string | null;
  readonly province?: string | null;
  readonly city?: string | null;
  readonly productId?: string | null;
  readonly isTest?: boolean;
}

/** Seed 000 status transitions: a new registration is 1; re-registering a live one is 3; a dead one comes back as 1. */
export function nextRegistrationStatus(current: DeviceStatus | undefined): DeviceStatus {
  if (current === undefined || current === 2) return 1;
  return 3;
}
