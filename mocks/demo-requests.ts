import type { Vendor } from '../src/domain/device.js';

/**
 * One request a vendor mock recorded, in one shape for every vendor. What is recorded differs: APNs,
 * FCM and Web Push record every send they answer, refusals included; the other six record the sends
 * that passed their auth and validation checks. Token-endpoint calls carry no tokens and no status
 * (the mocks only count them).
 */
export interface DemoRequest {
  readonly vendor: Vendor;
  readonly path: string;
  readonly tokens: readonly string[];
  /** HTTP status; the Chinese vendors answer 200 and put their own code in the body. Null: not recorded. */
  readonly status: number | null;
  /** The vendor's refusal reason, when the mock recorded one (APNs `reason`, Web Push's check). */
  readonly note: string | null;
  /** Tokens the mock does not know (the demo never minted them): answered as dead. */
  readonly unknownTokens: readonly string[];
}

type Recorded = Omit<DemoRequest, 'vendor' | 'unknownTokens'>;

/** A mock's recorded requests, append-only, and how to read one. */
export interface RequestSource {
  readonly vendor: Vendor;
  /** How many the mock has recorded; `from(i)` reads those from index i on. */
  count(): number;
  from(index: number): Recorded[];
}

/** A mock endpoint that only counts its calls. */
export interface AuthCounter {
  readonly vendor: Vendor;
  readonly path: string;
  count(): number;
}

interface PathTokensStatus {
  readonly path: string;
  readonly tokens: readonly string[];
  readonly status: number;
}

/** A {@link RequestSource} over a mock's `requests()`; `map` is needed unless records already have path, tokens and status. */
export function source(vendor: Vendor, read: () => readonly PathTokensStatus[]): RequestSource;
export function source<T>(vendor: Vendor, read: () => readonly T[], map: (r: T) => Recorded): RequestSource;
export function source<T>(vendor: Vendor, read: () => readonly T[], map?: (r: T) => Recorded): RequestSource {
  const toRecorded =
    map ??
    ((r: T) => {
      const { path, tokens, status } = r as unknown as PathTokensStatus;
      return { path, tokens, status, note: null };
    });
  return { vendor, count: () => read().length, from: (i) => read().slice(i).map(toRecorded) };
}

/**
 * Polls every source and counter each `intervalMs` and hands each new request to `onRequest`, in
 * arrival order per mock. Polling (rather than a hook in every mock) keeps the mocks untouched; a
 * request shows up at most one interval late. Returns `stop`, which polls one last time first.
 */
export function watchRequests(
  sources: readonly RequestSource[],
  counters: readonly AuthCounter[],
  known: (vendor: Vendor, token: string) => boolean,
  onRequest: (request: DemoRequest) => void,
  intervalMs: number,
): () => void {
  const seen = new Map<RequestSource | AuthCounter, number>();
  for (const s of [...sources, ...counters]) seen.set(s, s.count());
  const poll = () => {
    for (const c of counters) {
      const n = c.count();
      for (let i = seen.get(c) ?? 0; i < n; i++) {
        onRequest({
          vendor: c.vendor,
          path: c.path,
          tokens: [],
          status: null,
          note: null,
          unknownTokens: [],
        });
      }
      seen.set(c, n);
    }
    for (const s of sources) {
      const fresh = s.from(seen.get(s) ?? 0);
      seen.set(s, (seen.get(s) ?? 0) + fresh.length);
      for (const r of fresh) {
        onRequest({ vendor: s.vendor, ...r, unknownTokens: r.tokens.filter((t) => !known(s.vendor, t)) });
      }
    }
  };
  const timer = setInterval(poll, intervalMs);
  return () => {
    clearInterval(timer);
    poll();
  };
}
