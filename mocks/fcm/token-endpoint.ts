import { type KeyObject, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { MockReply } from './http-util.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ALLOWED_SCOPES = [
  'https://www.googleapis.com/auth/firebase.messaging',
  'https://www.googleapis.com/auth/cloud-platform',
];
/** Google refuses assertions whose iat is ahead of its clock by more than a small skew. */
const SKEW_S = 60;

/** A service account the mock knows: its public key checks the assertion's RS256 signature. */
export interface MockAccount {
  readonly clientEmail: string;
  readonly publicKey: KeyObject;
  readonly projectId: string;
}

/** An access token the mock issued. */
export interface IssuedToken {
  readonly clientEmail: string;
  readonly expiresAt: number;
}

/** What the token endpoint reads and writes. */
export interface TokenEndpointState {
  readonly tokenUri: string;
  readonly accounts: ReadonlyMap<string, MockAccount>;
  readonly issued: Map<string, IssuedToken>;
  readonly ttlSeconds: number;
}

/**
 * `POST /token` as Google's OAuth server answers the JWT-bearer grant (RFC 7523 §2.1, §3): checks
 * grant_type, RS256 signature with the registered key, iss, aud = token URI, scope, exp > now,
 * exp - iat ≤ 3600, iat not in the future; issues an opaque token with `expires_in`.
 */
export async function grantAccessToken(
  state: TokenEndpointState,
  form: URLSearchParams,
  now: number,
): Promise<MockReply> {
  if (form.get('grant_type') !== JWT_BEARER)
    return oauthError('unsupported_grant_type', 'Invalid grant_type');
  const assertion = form.get('assertion');
  if (!assertion) return oauthError('invalid_request', 'Missing required parameter: assertion');
  let iss: unknown;
  try {
    if (decodeProtectedHeader(assertion).alg !== 'RS256')
      return oauthError('invalid_grant', 'Invalid JWT: alg must be RS256');
    iss = decodeJwt(assertion).iss;
  } catch {
    return oauthError('invalid_grant', 'Invalid JWT: cannot decode');
  }
  const account = typeof iss === 'string' ? state.accounts.get(iss) : undefined;
  if (!account) return oauthError('invalid_grant', 'Invalid grant: account not found');
  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(assertion, account.publicKey, {
      algorithms: ['RS256'],
      issuer: account.clientEmail,
      audience: state.tokenUri,
      currentDate: new Date(now),
      requiredClaims: ['iat', 'exp'],
    });
    claims = verified.payload;
  } catch (err) {
    return oauthError('invalid_grant', `Invalid JWT Signature or claims: ${(err as Error).message}`);
  }
  const iat = claims.iat as number;
  const exp = claims.exp as number;
  if (exp - iat > 3600)
    return oauthError('invalid_grant', 'Invalid JWT: exp is more than one hour after iat');
  if (iat > now / 1000 + SKEW_S) return oauthError('invalid_grant', 'Invalid JWT: iat is in the future');
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.some((s) => ALLOWED_SCOPES.includes(s)))
    return oauthError('invalid_scope', 'Missing FCM scope');
  const token = `ya29.mock-${randomBytes(24).toString('base64url')}`;
  state.issued.set(token, { clientEmail: account.clientEmail, expiresAt: now + state.ttlSeconds * 1000 });
  return { status: 200, body: { access_token: token, expires_in: state.ttlSeconds, token_type: 'Bearer' } };
}

/** RFC 6749 §5.2 error body; Google answers 400 for these. */
export function oauthError(error: string, description: string, status = 400): MockReply {
  return { status, body: { error, error_description: description } };
}
