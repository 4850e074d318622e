import { CREDENTIAL_VALIDATORS } from '../channels/credential-validators.js';
import type { Clock } from '../domain/clock.js';
import type { Environment, StoredCredential } from '../domain/credential.js';
import { ENVIRONMENTS, maskSecrets } from '../domain/credential.js';
import type { Vendor } from '../domain/device.js';
import { VENDORS } from '../domain/device.js';
import { invalid, notFound } from '../domain/errors.js';
import type { SecretBox } from '../domain/secret-box.js';
import { checkOneOf } from '../domain/validate.js';
import type { Store } from '../store/store.js';

export interface CredentialView {
  readonly vendor: Vendor;
  readonly environment: Environment;
  readonly status: StoredCredential['status'];
  readonly lastError: string | null;
  /** The credential with every secret masked. */
  readonly credential: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

const aad = (appId: string, vendor: Vendor, environment: Environment) => `${appId}:${vendor}:${environment}`;

/** Vendor credentials of an app: validated on upload, sealed at rest, shown masked, rotated by uploading again. */
export class Credentials {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #box: SecretBox;

  constructor(store: Store, clock: Clock, box: SecretBox) {
    this.#store = store;
    this.#clock = clock;
    this.#box = box;
  }

  async put(appId: string, vendorIn: string, environmentIn: string, input: unknown): Promise<CredentialView> {
    const vendor = checkOneOf('vendor', vendorIn, VENDORS);
    const environment = checkOneOf('environment', environmentIn, ENVIRONMENTS);
    let checked: unknown;
    try {
      checked = CREDENTIAL_VALIDATORS[vendor](input);
    } catch (err) {
      const field = (err as { field?: string }).field;
      throw invalid(
        field && field !== '(root)' ? `credential.${field}` : 'credential',
        (err as Error).message,
      );
    }
    const now = this.#clock.now();
    const existing = await this.#store.credentials.get(appId, vendor, environment);
    await this.#store.credentials.put({
      appId,
      vendor,
      environment,
      sealed: this.#box.seal(JSON.stringify(checked), aad(appId, vendor, environment)),
      status: 'ok',
      lastError: null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    return this.get(appId, vendor, environment);
  }

  async get(appId: string, vendorIn: string, environmentIn: string): Promise<CredentialView> {
    const vendor = checkOneOf('vendor', vendorIn, VENDORS);
    const environment = checkOneOf('environment', environmentIn, ENVIRONMENTS);
    const c = await this.#store.credentials.get(appId, vendor, environment);
    if (!c) throw notFound('credential');
    return this.#view(c);
  }

  async list(appId: string): Promise<CredentialView[]> {
    return (await this.#store.credentials.list(appId)).map((c) => this.#view(c));
  }

  async delete(appId: string, vendorIn: string, environmentIn: string): Promise<void> {
    const vendor = checkOneOf('vendor', vendorIn, VENDORS);
    const environment = checkOneOf('environment', environmentIn, ENVIRONMENTS);
    if (!(await this.#store.credentials.delete(appId, vendor, environment))) throw notFound('credential');
  }

  /** The credential in clear, for a vendor sender; undefined when the app has none. */
  async open(appId: string, vendor: Vendor, environment: Environment): Promise<unknown> {
    const c = await this.#store.credentials.get(appId, vendor, environment);
    return c && JSON.parse(this.#box.open(c.sealed, aad(appId, vendor, environment)));
  }

  /** The credential a sender should use: prod before dev, skipping any a vendor refused. */
  async usable(
    appId: string,
    vendor: Vendor,
  ): Promise<{ environment: Environment; credential: unknown; updatedAt: number } | undefined> {
    for (const environment of ['prod', 'dev'] as const) {
      const c = await this.#store.credentials.get(appId, vendor, environment);
      if (c && c.status === 'ok') {
        const credential = JSON.parse(this.#box.open(c.sealed, aad(appId, vendor, environment))) as unknown;
        return { environment, credential, updatedAt: c.updatedAt };
      }
    }
    return undefined;
  }

  markFailing(appId: string, vendor: Vendor, environment: Environment, reason: string): Promise<void> {
    return this.#store.credentials.markFailing(appId, vendor, environment, reason, this.#clock.now());
  }

  #view(c: StoredCredential): CredentialView {
    const clear = JSON.parse(this.#box.open(c.sealed, aad(c.appId, c.vendor, c.environment))) as unknown;
    return {
      vendor: c.vendor,
      environment: c.environment,
      status: c.status,
      lastError: c.lastError,
      credential: maskSecrets(clear),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }
}
