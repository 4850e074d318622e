import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A TLS key and certificate, both PEM. */
export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

/**
 * A throw-away self-signed P-256 certificate for `localhost` and `127.0.0.1`, made with the openssl
 * binary (Node has no certificate generator). Clients trust it by passing `cert` as their CA.
 */
export async function selfSignedCert(): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'apns-mock-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
