import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ApiServices } from '../../api/services.js';
import type { App } from '../../domain/app.js';
import { PspError } from './error-table.js';

/**
 * Header names. The seed puts "project key, secret token and timestamp" in headers but leaves their
 * names to a chapter it never wrote; these follow its Java example and the API it is modelled on.
 */
export const PSP_HEADERS = {
  appKey: 'appkey',
  timestamp: 'timestamp',
  token: 'validation_token',
  // nginx drops headers with underscores unless `underscores_in_headers on`, so the dashed form is accepted too.
  tokenDashed: 'validation-token',
} as const;

/** md5Hex(appkey.toLowerCase() + appMasterSecret.toLowerCase() + timestamp), exactly as the seed's Java example. */
export function validationToken(appKey: string, masterSecret: string, timestamp: string): string {
  return createHash('md5')
    .update(appKey.toLowerCase() + masterSecret.toLowerCase() + timestamp, 'utf8')
    .digest('hex');
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined || one.trim() === '' ? undefined : one.trim();
}

/** Epoch milliseconds, as the seed's example "1385321933302"; digits only, so "1e12" or "12.5" are refused. */
function parseTimestamp(raw: string): number | undefined {
  return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * Authenticates a PSP call from its headers and returns the app. The window and the app lookup are
 * the native authenticator's, so HERALD_SIGNATURE_WINDOW_SEC governs every signing scheme alike.
 * The token covers no body and no nonce (the seed's design): within the window it can be reused.
 */
export async function authenticate(req: FastifyRequest, services: ApiServices): Promise<App> {
  const appKey = header(req, PSP_HEADERS.appKey);
  if (appKey === undefined) throw new PspError(2001);
  const timestamp = header(req, PSP_HEADERS.timestamp);
  if (timestamp === undefined) throw new PspError(2002);
  const token = header(req, PSP_HEADERS.token) ?? header(req, PSP_HEADERS.tokenDashed);
  if (token === undefined) throw new PspError(2003);
  const ms = parseTimestamp(timestamp);
  if (ms === undefined || !services.auth.isFresh(ms)) {
    throw new PspError(
      2004,
      `timestamp must be epoch milliseconds within ${services.auth.windowMs / 1000} s of server time`,
    );
  }
  // App keys are issued in lower case; the seed lowercases the key before hashing, so a client may too.
  const lower = appKey.toLowerCase();
  const app =
    (await services.auth.byKey(appKey)) ?? (lower === appKey ? undefined : await services.auth.byKey(lower));
  if (!app) throw new PspError(2005);
  const expected = Buffer.from(validationToken(app.appKey, app.masterSecret, timestamp));
  const given = Buffer.from(token.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new PspError(2006);
  return app;
}
