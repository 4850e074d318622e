import type { ApiServices } from '../../api/services.js';
import { MAX_AUDIENCE_LIST } from '../../domain/audience.js';
import type { Device } from '../../domain/device.js';
import type { DeviceListFilter } from '../../store/store.js';
import type { UmsCaller } from './auth.js';
import type { DeviceKey } from './registration-request.js';
import { UmsError } from './ret-codes.js';

/** Native list pages; the largest the store serves in one query. */
const PAGE = 1000;

/** Every device matching a native filter, page by page (a user or a clientId has a handful). */
async function listAll(services: ApiServices, appId: string, filter: DeviceListFilter): Promise<Device[]> {
  const out: Device[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await services.devices.list(appId, filter, { after, limit: PAGE });
    out.push(...page);
    const last = page.at(-1);
    if (page.length < PAGE || !last) return out;
    after = last.id;
  }
}

/** The registration (clientId, appPackage) of the caller's app, in any status; undefined when never registered. */
export async function findDevice(
  services: ApiServices,
  appId: string,
  key: DeviceKey,
): Promise<Device | undefined> {
  const [d] = await services.devices.list(
    appId,
    { clientId: key.clientId, appPackage: key.appPackage },
    { limit: 1 },
  );
  return d;
}

/**
 * The registration a caller may act on: a logged-in user (accessToken only) sees just their own
 * devices, and another user's device answers as if it were not registered, as the native API
 * answers another app's ids.
 */
export async function callersDevice(
  services: ApiServices,
  caller: UmsCaller,
  key: DeviceKey,
): Promise<Device> {
  const d = await findDevice(services, caller.app.id, key);
  if (!d || (caller.restrictedTo !== undefined && d.userId !== caller.restrictedTo)) {
    throw new UmsError(
      '30001',
      `clientId ${key.clientId} is not registered for appPackage ${key.appPackage}`,
    );
  }
  return d;
}

/** The registered devices of one user (status 1 or 3; an unregistered one no longer has a channel). */
export async function usersDevices(services: ApiServices, appId: string, userId: string): Promise<Device[]> {
  return (await listAll(services, appId, { userId })).filter((d) => d.status !== 2);
}

/**
 * Seed deviceIds are terminals' clientIds; the native audience names device ids, one per
 * (clientId, appPackage). Unregistered ones are left out, so naming only those is "not registered".
 */
export async function resolveClientIds(
  services: ApiServices,
  appId: string,
  clientIds: readonly string[],
  userId: string | undefined,
): Promise<string[]> {
  const ids: string[] = [];
  for (const clientId of new Set(clientIds)) {
    const found = await listAll(services, appId, { clientId, ...(userId !== undefined ? { userId } : {}) });
    for (const d of found) if (d.status !== 2) ids.push(d.id);
  }
  if (ids.length === 0) throw new UmsError('30001', 'deviceIds: none of these devices is registered');
  if (ids.length > MAX_AUDIENCE_LIST)
    throw new UmsError(
      '10001',
      `deviceIds: these name more than ${MAX_AUDIENCE_LIST} registrations; split the push`,
    );
  return ids;
}
