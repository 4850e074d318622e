import { createECDH } from 'node:crypto';
import type { VapidCredential } from '../../src/channels/webpush/vapid.js';

/** A throw-away VAPID identity, as `web-push generate-vapid-keys` would make. */
export function newVapidCredential(subject = 'mailto:ops@herald.test'): VapidCredential {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    // getPrivateKey() drops leading zero bytes (about 1 key in 256); VAPID wants exactly 32.
    privateKey: Buffer.from(ecdh.getPrivateKey('hex').padStart(64, '0'), 'hex').toString('base64url'),
    subject,
  };
}
