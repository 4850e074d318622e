import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { FcmCredential } from '../../src/channels/fcm/credential.js';

/** A throw-away service account and the public half the mock needs to check its assertions. */
export interface TestServiceAccount {
  readonly credential: FcmCredential;
  readonly publicKeyPem: string;
}

/**
 * Generates an RSA-2048 service account for `projectId`, shaped like a Firebase console download.
 * Pass `clientEmail` to make an impostor: same identity, another key.
 */
export function newServiceAccount(projectId: string, clientEmail?: string): TestServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    credential: {
      type: 'service_account',
      project_id: projectId,
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email:
        clientEmail ??
        `firebase-adminsdk-${randomBytes(3).toString('hex')}@${projectId}.iam.gserviceaccount.com`,
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
