/**
 * A browser push subscription, which Herald stores as the device's `webpush` token: the JSON of
 * `PushSubscription.toJSON()`, i.e. `{"endpoint":"https://…","keys":{"p256dh":"<base64url>","auth":"<base64url>"}}`.
 */
export interface PushSubscription {
  readonly endpoint: string;
  /** The user agent's 65-byte uncompressed P-256 public key (RFC 8291 §2). */
  readonly p256dh: Buffer;
  /** The 16-byte authentication secret (RFC 8291 §2). */
  readonly auth: Buffer;
}

/** Either the parsed subscription or why the token is not one. */
export type ParsedSubscription =
  | { readonly ok: true; readonly value: PushSubscription }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses and checks a subscription token. Endpoints must be https (RFC 8030 §3: push services MUST use
 * TLS), unless `allowHttp` is set for a local mock; refusing other schemes keeps a forged
 * subscription from aiming Herald at arbitrary plain-HTTP hosts. `endpointAllowed` narrows further
 * (e.g. to the known push services' hosts).
 */
export function parseSubscription(
  token: string,
  allowHttp: boolean,
  endpointAllowed: (url: URL) => boolean = () => true,
): ParsedSubscription {
  let json: unknown;
  try {
    json = JSON.parse(token);
  } catch {
    return { ok: false, reason: 'subscription is not JSON' };
  }
  if (typeof json !== 'object' || json === null)
    return { ok: false, reason: 'subscription is not an object' };
  const { endpoint, keys } = json as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
  if (typeof endpoint !== 'string' || !URL.canParse(endpoint))
    return { ok: false, reason: 'endpoint is not a URL' };
  const url = new URL(endpoint);
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    return { ok: false, reason: `endpoint scheme ${url.protocol} is not https:` };
  }
  if (!endpointAllowed(url))
    return { ok: false, reason: `endpoint host ${url.host} is not an allowed push service` };
  const p256dh = typeof keys?.p256dh === 'string' ? Buffer.from(keys.p256dh, 'base64url') : Buffer.alloc(0);
  if (p256dh.length !== 65 || p256dh[0] !== 0x04) {
    return { ok: false, reason: 'keys.p256dh is not a 65-byte uncompressed P-256 point' };
  }
  const auth = typeof keys?.auth === 'string' ? Buffer.from(keys.auth, 'base64url') : Buffer.alloc(0);
  if (auth.length !== 16) return { ok: false, reason: 'keys.auth is not 16 bytes' };
  return { ok: true, value: { endpoint, p256dh, auth } };
}
