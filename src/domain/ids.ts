import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids (UUIDv7): rows inserted later sort later, which keeps replay order and keyset pages cheap. */
export function newId(): string {
  return uuidv7();
}

/** An unguessable secret (base64url), for app master secrets and device tokens. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A short public app key, easy to paste into a config file. */
export function newAppKey(): string {
  return randomBytes(12).toString('hex');
}
