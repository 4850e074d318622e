import { createDecipheriv, createECDH } from 'node:crypto';
import { deriveContentKeys, LAST_RECORD_DELIMITER, TAG_BYTES } from './ece-keys.js';

/** A user agent's side of a subscription: its P-256 key pair and the auth secret. */
export interface ReceiverKeys {
  /** 32-byte private scalar. */
  readonly privateKey: Buffer;
  /** 65-byte uncompressed public key, the subscription's `p256dh`. */
  readonly publicKey: Buffer;
  /** 16 bytes, the subscription's `auth`. */
  readonly authSecret: Buffer;
}

/**
 * Decrypts an `aes128gcm` Web Push body as the browser would (RFC 8291 §3, RFC 8188 §2): reads the
 * header, ECDH with the key id, same derivation, strips padding and requires the 0x02 delimiter of a
 * single final record. Throws on any malformed or unauthentic body. Used by the push-service mock.
 */
export function decryptWebPush(body: Buffer, keys: ReceiverKeys): Buffer {
  if (body.length < 21) throw new Error('body shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body.readUInt8(20);
  // RFC 8291 §4: the key id is the sender's uncompressed P-256 public key.
  if (idlen !== 65) throw new Error(`idlen ${idlen}, expected 65`);
  // RFC 8188 §2.1: rs below 18 leaves no room for a tag and a delimiter.
  if (rs < 18) throw new Error(`rs ${rs} < 18`);
  const asPublic = body.subarray(21, 21 + idlen);
  const sealed = body.subarray(21 + idlen);
  if (sealed.length <= TAG_BYTES) throw new Error('no ciphertext');
  // RFC 8291 §4: exactly one record, so the ciphertext must fit in rs.
  if (sealed.length > rs)
    throw new Error(`ciphertext of ${sealed.length} B is more than one record of ${rs} B`);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(keys.privateKey);
  const input = { ecdhSecret: ecdh.computeSecret(asPublic), authSecret: keys.authSecret, salt };
  const { cek, nonce } = deriveContentKeys({ ...input, uaPublic: keys.publicKey, asPublic });
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const record = Buffer.concat([
    decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
  let end = record.length - 1;
  while (end >= 0 && record[end] === 0) end--;
  if (end < 0 || record[end] !== LAST_RECORD_DELIMITER) throw new Error('missing 0x02 last-record delimiter');
  return record.subarray(0, end);
}
