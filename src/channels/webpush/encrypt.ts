import { createCipheriv, createECDH, randomBytes } from 'node:crypto';
import { deriveContentKeys, HEADER_BYTES, LAST_RECORD_DELIMITER, TAG_BYTES } from './ece-keys.js';

/** Record size Herald writes; web-push uses the same. Push services must accept 4096-byte bodies (RFC 8030 §7.2). */
export const WEBPUSH_RECORD_SIZE = 4096;
/** 4096 − 86 header − 16 tag − 1 delimiter = 3993 bytes of plaintext (RFC 8291 §4). */
export const WEBPUSH_MAX_PLAINTEXT = 4096 - HEADER_BYTES - TAG_BYTES - 1;

/** Knobs for tests; production calls leave them unset. */
export interface EncryptOptions {
  /** Default: 16 fresh random bytes, as RFC 8188 §2.1 requires per message. */
  readonly salt?: Buffer;
  /** The sender's 32-byte P-256 private key. Default: a fresh key pair per message (RFC 8291 §2). */
  readonly senderPrivateKey?: Buffer;
  /** Zero bytes after the delimiter, to hide the length. Default 0. */
  readonly padding?: number;
}

/**
 * Encrypts `plaintext` for one subscription with the `aes128gcm` content coding (RFC 8291 over RFC
 * 8188): a single record, body = header ‖ AES-128-GCM(plaintext ‖ 0x02 ‖ padding). Throws when the
 * subscription key is not a P-256 point or the record would not fit in {@link WEBPUSH_RECORD_SIZE}.
 */
export function encryptWebPush(
  plaintext: Buffer,
  uaPublic: Buffer,
  authSecret: Buffer,
  opts: EncryptOptions = {},
): Buffer {
  const padding = opts.padding ?? 0;
  const recordBytes = plaintext.length + 1 + padding + TAG_BYTES;
  if (recordBytes > WEBPUSH_RECORD_SIZE) {
    throw new RangeError(`record of ${recordBytes} B exceeds rs ${WEBPUSH_RECORD_SIZE}`);
  }
  const ecdh = createECDH('prime256v1');
  if (opts.senderPrivateKey) ecdh.setPrivateKey(opts.senderPrivateKey);
  else ecdh.generateKeys();
  const asPublic = ecdh.getPublicKey();
  const salt = opts.salt ?? randomBytes(16);
  const { cek, nonce } = deriveContentKeys({
    ecdhSecret: ecdh.computeSecret(uaPublic),
    authSecret,
    uaPublic,
    asPublic,
    salt,
  });
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  const record = Buffer.concat([plaintext, Buffer.from([LAST_RECORD_DELIMITER]), Buffer.alloc(padding)]);
  const sealed = Buffer.concat([cipher.update(record), cipher.final(), cipher.getAuthTag()]);
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(WEBPUSH_RECORD_SIZE, 16);
  header.writeUInt8(asPublic.length, 20);
  return Buffer.concat([header, asPublic, sealed]);
}
