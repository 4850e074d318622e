import { jwtVerify, SignJWT } from 'jose';
import type { App } from '../domain/app.js';
import type { Clock } from '../domain/clock.js';
import { HeraldError, invalid } from '../domain/errors.js';
import type { AppAuthenticator } from './app-auth.js';

/** Two hours: long enough for a batch job, short enough that a leaked token soon stops working. */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 2 * 3600;
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

export interface IssuedAccessToken {
  readonly accessToken: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  /** Seconds. */
  readonly expiresIn: number;
}

export interface AccessTokenClaims {
  readonly app: App;
  /** Present when the token was issued for one end user (seed 000's logged-in user). */
  readonly userId: string | undefined;
}

const ISSUER = 'herald';

/**
 * Bearer tokens an app exchanges its key and secret for (seed 003's `Access-Token`, seed 004's
 * `access-token`, seed 000's user `accessToken`). A token is an HS256 JWT signed with the app's
 * master secret: nothing is stored, any node can check it, and rotating the secret revokes every
 * token at once.
 */
export class AccessTokens {
  readonly #apps: Pick<AppAuthenticator, 'byKey'>;
  readonly #clock: Clock;

  /** Apps are looked up through the authenticator's short cache, as Basic and HMAC calls are. */
  constructor(apps: Pick<AppAuthenticator, 'byKey'>, clock: Clock) {
    this.#apps = apps;
    this.#clock = clock;
  }

  async issue(app: App, opts: { ttlSeconds?: number; userId?: string } = {}): Promise<IssuedAccessToken> {
    const ttl = opts.ttlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > MAX_ACCESS_TOKEN_TTL_SECONDS)
      throw invalid('ttl', `must be an integer ${60}..${MAX_ACCESS_TOKEN_TTL_SECONDS} (seconds)`);
    if (opts.userId !== undefined && (opts.userId.length < 1 || opts.userId.length > 100))
      throw invalid('userId', 'must be 1 to 100 characters');
    const nowSec = Math.floor(this.#clock.now() / 1000);
    const jwt = new SignJWT({ key: app.appKey, ...(opts.userId === undefined ? {} : { uid: opts.userId }) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(app.id)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + ttl);
    return {
      accessToken: await jwt.sign(Buffer.from(app.masterSecret)),
      expiresAt: (nowSec + ttl) * 1000,
      expiresIn: ttl,
    };
  }

  /** The app (and user) a token speaks for; `unauthorized` when it is forged, expired or its app is gone. */
  async verify(token: string): Promise<AccessTokenClaims> {
    const claimed = unverifiedClaims(token);
    const app = claimed && (await this.#apps.byKey(claimed.key));
    if (!app || app.id !== claimed?.sub)
      throw new HeraldError('unauthorized', 'access token is malformed or its app no longer exists');
    try {
      const { payload } = await jwtVerify(token, Buffer.from(app.masterSecret), {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: new Date(this.#clock.now()),
      });
      return { app, userId: typeof payload.uid === 'string' ? payload.uid : undefined };
    } catch (err) {
      const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new HeraldError(
        'unauthorized',
        expired ? 'access token has expired; request a new one' : 'access token signature does not match',
      );
    }
  }
}

/** The app's id and key before verification: they name the app whose secret verifies the signature. */
function unverifiedClaims(token: string): { sub: string; key: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 2000) return undefined;
  try {
    const p = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as {
      sub?: unknown;
      key?: unknown;
    };
    return typeof p.sub === 'string' && typeof p.key === 'string' ? { sub: p.sub, key: p.key } : undefined;
  } catch {
    return undefined;
  }
}
