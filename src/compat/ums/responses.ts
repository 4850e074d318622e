import type { DeliveryHistory } from '../../app/task-queries.js';
import type { Device } from '../../domain/device.js';

/** Every success starts so (seed 000's "请求应答"). */
export const SUCCESS = { retCode: '00000', retInfo: 'success' } as const;

/**
 * Seed times are Strings with no format given; ISO 8601 in UTC is unambiguous whatever the reader's
 * time zone. A time that has not happened yet is "".
 */
export function timeText(epochMs: number | null | undefined): string {
  return epochMs === null || epochMs === undefined ? '' : new Date(epochMs).toISOString();
}

/** Seed 000 UserRegInfo. Absent strings are "" (the seed: "手机没有可以填空", a phone may leave typeId empty). */
export interface UserRegInfo {
  readonly userId: string;
  readonly clientId: string;
  readonly deviceName: string;
  readonly pushId: string;
  readonly deviceType: string;
  readonly typeId: string;
  readonly appPackage: string;
  readonly regTime: string;
  readonly status: number;
  readonly collab3th: 0 | 1;
}

export function userRegInfo(d: Device): UserRegInfo {
  return {
    userId: d.userId ?? '',
    clientId: d.clientId,
    deviceName: d.deviceName ?? '',
    pushId: d.pushId ?? '',
    deviceType: d.deviceType,
    typeId: d.typeId ?? '',
    appPackage: d.appPackage,
    regTime: timeText(d.regTime),
    status: d.status,
    // Registration keeps the JPush id as the jpush token exactly when collab3th was 0.
    collab3th: d.vendorTokens.jpush ? 0 : 1,
  };
}

/** Seed 000 MessageInfo, for one message on one terminal. `mesgId` is the seed's own spelling. */
export interface MessageInfo {
  readonly mesgId: string;
  readonly userId: string;
  readonly revTime: string;
  readonly pushTime: string;
  readonly status: number;
}

export function messageInfo(h: DeliveryHistory, d: Device): MessageInfo {
  return {
    mesgId: h.messageId,
    userId: d.userId ?? '',
    revTime: timeText(h.acceptedAt),
    pushTime: timeText(h.history.find((s) => s.status === 'sent')?.at),
    status: h.statusCode,
  };
}
