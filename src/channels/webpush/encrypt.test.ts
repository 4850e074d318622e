import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import webpush from 'web-push';
import { decryptWebPush } from './decrypt.js';
import { encryptWebPush, WEBPUSH_MAX_PLAINTEXT } from './encrypt.js';

/** http_ece (Martin Thomson's reference implementation of RFC 8188) ships no types; this is the part used. */
interface HttpEce {
  decrypt(
    body: Buffer,
    params: { version: 'aes128gcm'; privateKey: ReturnType<typeof createECDH>; authSecret: string },
  ): Buffer;
}
const ece = createRequire(import.meta.url)('http_ece') as HttpEce;
const b64 = (s: string) => Buffer.from(s, 'base64url');

/** RFC 8291 Appendix A. */
const RFC = {
  plaintext: 'When I grow up, I want to be a watermelon',
  uaPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  authSecret: 'BTBZMqHH6r4Tts7J_aSIgg',
  asPrivate: 'yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw',
  salt: 'DGv6ra1nlYgDCS1FRnbzlw',
  body:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_' +
    'yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};

function userAgent() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const privateKey = Buffer.from(ecdh.getPrivateKey('hex').padStart(64, '0'), 'hex');
  return { ecdh, keys: { privateKey, publicKey: ecdh.getPublicKey(), authSecret: randomBytes(16) } };
}

describe('aes128gcm Web Push encryption', () => {
  test('RFC 8291 Appendix A: fixed keys and salt give the RFC body byte for byte', () => {
    const body = encryptWebPush(Buffer.from(RFC.plaintext), b64(RFC.uaPublic), b64(RFC.authSecret), {
      salt: b64(RFC.salt),
      senderPrivateKey: b64(RFC.asPrivate),
    });
    assert.equal(body.toString('base64url'), RFC.body);
    const keys = {
      privateKey: b64(RFC.uaPrivate),
      publicKey: b64(RFC.uaPublic),
      authSecret: b64(RFC.authSecret),
    };
    assert.equal(decryptWebPush(b64(RFC.body), keys).toString(), RFC.plaintext);
  });

  test('http_ece, an independent implementation, decrypts what Herald encrypts', () => {
    const ua = userAgent();
    const plaintext = Buffer.from(JSON.stringify({ title: 'Grüße', body: '✓'.repeat(100) }));
    const body = encryptWebPush(plaintext, ua.keys.publicKey, ua.keys.authSecret, { padding: 7 });
    const out = ece.decrypt(body, {
      version: 'aes128gcm',
      privateKey: ua.ecdh,
      authSecret: ua.keys.authSecret.toString('base64url'),
    });
    assert.deepEqual(out, plaintext);
  });

  test('Herald (and so the mock) decrypts what web-push encrypts', () => {
    const ua = userAgent();
    const sealed = webpush.encrypt(
      ua.keys.publicKey.toString('base64url'),
      ua.keys.authSecret.toString('base64url'),
      'from web-push',
      'aes128gcm',
    );
    assert.equal(decryptWebPush(sealed.cipherText, ua.keys).toString(), 'from web-push');
  });

  test('a fresh ephemeral key and salt per message', () => {
    const ua = userAgent();
    const a = encryptWebPush(Buffer.from('x'), ua.keys.publicKey, ua.keys.authSecret);
    const b = encryptWebPush(Buffer.from('x'), ua.keys.publicKey, ua.keys.authSecret);
    assert.notDeepEqual(a.subarray(0, 16), b.subarray(0, 16), 'salt');
    assert.notDeepEqual(a.subarray(21, 86), b.subarray(21, 86), 'keyid = sender public key');
  });

  test('3993 bytes of plaintext fill exactly 4096 bytes of body; one more byte is refused', () => {
    const ua = userAgent();
    const max = encryptWebPush(
      Buffer.alloc(WEBPUSH_MAX_PLAINTEXT, 0x61),
      ua.keys.publicKey,
      ua.keys.authSecret,
    );
    assert.equal(WEBPUSH_MAX_PLAINTEXT, 3993);
    assert.equal(max.length, 4096);
    assert.equal(decryptWebPush(max, ua.keys).length, 3993);
    assert.throws(
      () => encryptWebPush(Buffer.alloc(4080), ua.keys.publicKey, ua.keys.authSecret),
      RangeError,
    );
  });

  test('tampering, a wrong auth secret or a missing delimiter fail to decrypt', () => {
    const ua = userAgent();
    const body = encryptWebPush(Buffer.from('hello'), ua.keys.publicKey, ua.keys.authSecret);
    const flipped = Buffer.from(body);
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 1;
    assert.throws(() => decryptWebPush(flipped, ua.keys));
    assert.throws(() => decryptWebPush(body, { ...ua.keys, authSecret: randomBytes(16) }));
    assert.throws(
      () => encryptWebPush(Buffer.from('x'), Buffer.alloc(65, 4), ua.keys.authSecret),
      'not a curve point',
    );
  });
});
