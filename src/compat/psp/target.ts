import type { ApiServices } from '../../api/services.js';
import type { AudienceSpec } from '../../domain/audience.js';
import { MAX_AUDIENCE_LIST } from '../../domain/audience.js';
import type { Platform } from '../../domain/device.js';
import { HeraldError } from '../../domain/errors.js';
import { PspError } from './error-table.js';
import type { PspTarget } from './request-mapping.js';

/** A PSP target as a native audience, and the platform it reaches (undefined: not known before delivery). */
export interface ResolvedTarget {
  readonly audience: AudienceSpec;
  readonly platform: Platform | null | undefined;
}

/** not_found from a native lookup becomes the PSP code for that id; anything else passes through. */
async function orRefuse<T>(lookup: Promise<T>, refusal: PspError): Promise<T> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof HeraldError && err.code === 'not_found') throw refusal;
    throw err;
  }
}

/**
 * Resolves ids against the app so a typo is refused rather than accepted as a push to nobody:
 * the unicast device (whose platform picks the payload limit) and each groupcast organisation.
 * User ids are the app's own external ids and are not registered anywhere, so they are not checked.
 */
export async function resolveTarget(
  services: ApiServices,
  appId: string,
  t: PspTarget,
): Promise<ResolvedTarget> {
  if (t.type === 'unicast') {
    const device = await orRefuse(
      services.devices.get(appId, t.deviceId),
      new PspError(2030, `device_tokens: no device ${t.deviceId} in this app`),
    );
    return { audience: { deviceIds: [device.id] }, platform: device.platform };
  }
  if (t.orgIds !== undefined) {
    // The native list cap, checked before the lookups so an oversized list costs no queries.
    if (t.orgIds.length > MAX_AUDIENCE_LIST)
      throw new PspError(2024, `org_ids must list at most ${MAX_AUDIENCE_LIST} organisations`);
    for (const id of new Set(t.orgIds)) {
      await orRefuse(
        services.orgs.get(appId, id),
        new PspError(2031, `org_ids: no organisation ${id} in this app`),
      );
    }
    return { audience: { organisations: t.orgIds }, platform: undefined };
  }
  return { audience: { userIds: t.userIds ?? [] }, platform: undefined };
}
