/**
 * Where each vendor is reached. Unset keys mean the vendor's real production endpoint; demos and
 * tests point them at the local mocks (`herald mocks` prints a ready-made value).
 */
export interface VendorEndpoints {
  readonly apns?: string;
  readonly fcm?: string;
  readonly fcmToken?: string;
  readonly huawei?: string;
  readonly huaweiToken?: string;
  readonly xiaomi?: string;
  readonly oppo?: string;
  readonly vivo?: string;
  readonly meizu?: string;
  readonly jpush?: string;
}

export const ENDPOINT_KEYS = [
  'apns',
  'fcm',
  'fcmToken',
  'huawei',
  'huaweiToken',
  'xiaomi',
  'oppo',
  'vivo',
  'meizu',
  'jpush',
] as const satisfies ReadonlyArray<keyof VendorEndpoints>;
