import { hkdfSync } from 'node:crypto';

/** RFC 8188 §2.1 header: salt (16) ‖ rs (4) ‖ idlen (1) ‖ keyid (65 = the sender's P-256 public key, RFC 8291 §4). */
export const HEADER_BYTES = 16 + 4 + 1 + 65;
/** AES-GCM authentication tag appended to the record (RFC 8188 §2). */
export const TAG_BYTES = 16;
/** Last-record padding delimiter (RFC 8188 §2: 0x02 ends the final record). */
export const LAST_RECORD_DELIMITER = 0x02;

const KEY_INFO = Buffer.from('WebPush: info\0', 'latin1');
const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0', 'latin1');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0', 'latin1');

/** Inputs of the RFC 8291 key derivation; both public keys are 65-byte uncompressed P-256 points. */
export interface EceKeyInput {
  readonly ecdhSecret: Buffer;
  readonly authSecret: Buffer;
  readonly uaPublic: Buffer;
  readonly asPublic: Buffer;
  readonly salt: Buffer;
}

/**
 * RFC 8291 §3.3–3.4 then RFC 8188 §2.2–2.3: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info\0" ‖
 * ua_public ‖ as_public, 32); CEK = HKDF(salt, IKM, "Content-Encoding: aes128gcm\0", 16);
 * NONCE = HKDF(salt, IKM, "Content-Encoding: nonce\0", 12). The single record has sequence number 0,
 * so the nonce is used as derived. The same derivation serves sender and receiver.
 */
export function deriveContentKeys(input: EceKeyInput): { cek: Buffer; nonce: Buffer } {
  const keyInfo = Buffer.concat([KEY_INFO, input.uaPublic, input.asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', input.ecdhSecret, input.authSecret, keyInfo, 32));
  return {
    cek: Buffer.from(hkdfSync('sha256', ikm, input.salt, CEK_INFO, 16)),
    nonce: Buffer.from(hkdfSync('sha256', ikm, input.salt, NONCE_INFO, 12)),
  };
}
