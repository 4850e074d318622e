import { randomBytes, randomInt } from 'node:crypto';
import type { VendorEndpoints } from '../src/channels/endpoints.js';
import { VENDORS, type Vendor } from '../src/domain/device.js';
import { appleId, deviceToken, throwAwayKey } from './apns/keys.js';
import { type ApnsMock, startApnsMock } from './apns/server.js';
import {
  type AuthCounter,
  type DemoRequest,
  type RequestSource,
  source,
  watchRequests,
} from './demo-requests.js';
import { type FcmMock, startFcmMock } from './fcm/server.js';
import { newServiceAccount } from './fcm/service-account.js';
import { type HmsMock, startHmsMock } from './hms/server.js';
import { type JpushMock, startJpushMock } from './jpush/server.js';
import { type MeizuMock, startMeizuMock } from './meizu/server.js';
import { type OppoMock, startOppoMock } from './oppo/server.js';
import { startVivoMock, type VivoMock } from './vivo/server.js';
import { startWebPushMock, type WebPushMock } from './webpush/server.js';
import { newVapidCredential } from './webpush/vapid-keys.js';
import { startXiaomiMock, type XiaomiMock } from './xiaomi/server.js';

export type { DemoRequest } from './demo-requests.js';

/** The mocks that know their device tokens; the APNs and FCM mocks deliver to any well-formed token. */
const HAS_REGISTRY: ReadonlySet<Vendor> = new Set(VENDORS.filter((v) => v !== 'apns' && v !== 'fcm'));

/** The APNs topic and the Android package the demo credentials are issued for. */
export const DEMO_PACKAGE = 'com.herald.demo';

/** Options of {@link startDemoMocks}. */
export interface DemoMocksOptions {
  /** Vendor i of {@link VENDORS} listens on portBase + i; default: ephemeral ports. */
  readonly portBase?: number;
}

/** The running mocks, for a test that injects failures (`injectForToken`, `inject`, …). */
export interface DemoMockHandles {
  readonly apns: ApnsMock;
  readonly fcm: FcmMock;
  readonly huawei: HmsMock;
  readonly xiaomi: XiaomiMock;
  readonly oppo: OppoMock;
  readonly vivo: VivoMock;
  readonly meizu: MeizuMock;
  readonly jpush: JpushMock;
  readonly webpush: WebPushMock;
}

/** Every vendor mock in this process, each holding one registered demo credential. */
export interface DemoMocks {
  readonly mocks: DemoMockHandles;
  /** Base URL (Web Push: origin) of each mock. */
  readonly urls: Readonly<Record<Vendor, string>>;
  /** The `HERALD_VENDOR_ENDPOINTS` value that points Herald at these mocks (Web Push needs none). */
  readonly endpoints: Required<VendorEndpoints>;
  /** The APNs mock's self-signed certificate (PEM): Herald's `HERALD_VENDOR_CA_FILE`. */
  readonly apnsCa: string;
  /**
   * Per vendor, the body of `PUT /v1/apps/:id/credentials/<vendor>/prod`: it passes Herald's validator
   * for that vendor, and the mock accepts it (and only it, for the vendors that authenticate apps).
   */
  readonly credentials: Readonly<Record<Vendor, Readonly<Record<string, unknown>>>>;
  /** `n` new device tokens per vendor that the mocks deliver to (Web Push: subscription JSON). */
  mintTokens(n: number): Record<Vendor, string[]>;
  /**
   * Calls `onRequest` for each request the mocks record from now on, polling every `intervalMs`.
   * Returns a function that stops watching (after one last poll). See `demo-requests.ts` for what counts.
   */
  watch(onRequest: (request: DemoRequest) => void, intervalMs?: number): () => void;
  /** Stops every mock. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the nine vendor mocks on 127.0.0.1 and registers one freshly generated credential with each.
 * All state (credentials, known tokens) lives in memory: a new start means new credentials and tokens.
 */
export async function startDemoMocks(opts: DemoMocksOptions = {}): Promise<DemoMocks> {
  const port = (vendor: Vendor) =>
    opts.portBase === undefined ? undefined : opts.portBase + VENDORS.indexOf(vendor);
  const started: Array<{ close(): Promise<void> }> = [];
  const track = async <T extends { close(): Promise<void> }>(mock: Promise<T>): Promise<T> => {
    const m = await mock;
    started.push(m);
    return m;
  };
  const closeAll = async () => {
    await Promise.allSettled(started.map((m) => m.close()));
  };
  try {
    // One at a time, so a port in use fails with that port's error and nothing half-started is left.
    const apns = await track(startApnsMock({ port: port('apns') ?? 0 }));
    const fcm = await track(startFcmMock({ port: port('fcm') }));
    const hms = await track(startHmsMock({ port: port('huawei') }));
    const xiaomi = await track(startXiaomiMock({ port: port('xiaomi') }));
    const oppo = await track(startOppoMock({ port: port('oppo') }));
    const vivo = await track(startVivoMock({ port: port('vivo') }));
    const meizu = await track(startMeizuMock({ port: port('meizu') }));
    const jpush = await track(startJpushMock({ port: port('jpush') }));
    const webpush = await track(startWebPushMock({ port: port('webpush') }));

    const key = throwAwayKey(appleId());
    apns.registerKey(key.teamId, key.keyId, key.publicKeyPem, DEMO_PACKAGE);
    const projectId = 'herald-demo';
    const account = newServiceAccount(projectId);
    fcm.registerServiceAccount(account.credential.client_email, account.publicKeyPem, projectId);
    const huawei = { appId: digits(9), clientSecret: hex(32) };
    hms.registerApp(huawei.appId, huawei.clientSecret);
    const mi = { appSecret: randomBytes(18).toString('base64'), packageName: DEMO_PACKAGE };
    xiaomi.registerApp(mi.appSecret, mi.packageName);
    const op = { appKey: hex(16), masterSecret: hex(16) };
    oppo.registerApp(op.appKey, op.masterSecret);
    const vi = { appId: digits(5), appKey: hex(16), appSecret: hex(16) };
    vivo.registerApp(vi.appId, vi.appKey, vi.appSecret);
    const mz = { appId: digits(6), appSecret: hex(16) };
    meizu.registerApp(mz.appId, mz.appSecret);
    // JPush AppKey and Master Secret are 24 hex-looking characters (validateJpushCredential).
    const jp = { appKey: hex(12), masterSecret: hex(12) };
    jpush.registerApp(jp.appKey, jp.masterSecret);
    const vapid = newVapidCredential('mailto:demo@herald.test');

    const credentials: Record<Vendor, Record<string, unknown>> = {
      apns: {
        keyId: key.keyId,
        teamId: key.teamId,
        privateKeyPem: key.privateKeyPem,
        topic: DEMO_PACKAGE,
        environment: 'production',
      },
      fcm: { ...account.credential },
      huawei,
      xiaomi: mi,
      oppo: op,
      vivo: vi,
      meizu: mz,
      jpush: jp,
      webpush: { ...vapid },
    };
    // Tokens minted here; the mocks with a registry answer any other as dead (the log says so).
    const minted = new Set<string>();
    const mint = (token: string) => {
      minted.add(token);
      return token;
    };
    const fcmToken = () =>
      `${randomBytes(16).toString('base64url')}:APA91b${randomBytes(100).toString('base64url')}`;
    const mintOne: Record<Vendor, () => string> = {
      // APNs and FCM keep no registry: every well-formed token is delivered unless a fault is injected.
      apns: deviceToken,
      fcm: fcmToken,
      huawei: () => hms.okToken(),
      xiaomi: () => xiaomi.okToken(),
      oppo: () => oppo.okToken(),
      vivo: () => vivo.okToken(),
      meizu: () => meizu.okToken(),
      jpush: () => jpush.okToken(),
      // Bound to the demo VAPID key, as a browser subscribed with it as applicationServerKey.
      webpush: () => webpush.createSubscription({ applicationServerKey: vapid.publicKey }),
    };
    const sources: RequestSource[] = [
      source('apns', apns.requests, (r) => ({
        path: `/3/device/${r.token}`,
        tokens: [r.token],
        status: r.status,
        note: r.reason,
      })),
      source('fcm', fcm.requests, (r) => ({
        path: `/v1/projects/${r.projectId}/messages:send`,
        tokens: r.token === null ? [] : [r.token],
        status: r.status,
        note: null,
      })),
      source('huawei', hms.requests),
      source('xiaomi', xiaomi.requests),
      source('oppo', oppo.requests),
      source('vivo', vivo.requests),
      source('meizu', meizu.requests),
      source('jpush', jpush.requests),
      source('webpush', webpush.requests, (r) => ({
        path: `/push/${r.subscriptionId}`,
        tokens: [r.subscription ?? r.subscriptionId],
        status: r.status,
        note: r.error,
      })),
    ];
    // The OAuth / auth endpoints keep only a count: each new one is logged as a request without tokens.
    const authCounters: AuthCounter[] = [
      { vendor: 'fcm', path: '/token', count: fcm.tokenRequests },
      { vendor: 'huawei', path: '/oauth2/v3/token', count: hms.tokenRequests },
      { vendor: 'oppo', path: '/server/v1/auth', count: oppo.authRequests },
      { vendor: 'vivo', path: '/message/auth', count: vivo.authRequests },
    ];

    const urls: Record<Vendor, string> = {
      apns: apns.url,
      fcm: fcm.url,
      huawei: hms.url,
      xiaomi: xiaomi.url,
      oppo: oppo.url,
      vivo: vivo.url,
      meizu: meizu.url,
      jpush: jpush.url,
      webpush: webpush.origin,
    };
    return {
      mocks: { apns, fcm, huawei: hms, xiaomi, oppo, vivo, meizu, jpush, webpush },
      urls,
      endpoints: {
        apns: apns.url,
        fcm: fcm.url,
        fcmToken: fcm.tokenUri,
        huawei: hms.url,
        huaweiToken: hms.tokenUrl,
        xiaomi: xiaomi.url,
        oppo: oppo.url,
        vivo: vivo.url,
        meizu: meizu.url,
        jpush: jpush.url,
      },
      apnsCa: apns.ca,
      credentials,
      mintTokens(n) {
        const out = {} as Record<Vendor, string[]>;
        for (const vendor of VENDORS) out[vendor] = Array.from({ length: n }, () => mint(mintOne[vendor]()));
        return out;
      },
      watch: (onRequest, intervalMs = 200) =>
        watchRequests(
          sources,
          authCounters,
          (v, t) => !HAS_REGISTRY.has(v) || minted.has(t),
          onRequest,
          intervalMs,
        ),
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** `n` digits, the first not zero (app ids are numbers). */
function digits(n: number): string {
  return String(randomInt(1, 10)) + Array.from({ length: n - 1 }, () => randomInt(10)).join('');
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
