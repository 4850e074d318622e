/** Failures the CLI reports as one line and exit code 1, instead of a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The server answered with its `{error: {code, message}}` body (or something we could not parse). */
export class ApiError extends CliError {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(`error ${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

export type Auth = { kind: 'admin'; token: string } | { kind: 'app'; appKey: string; masterSecret: string };

export type Query = Record<string, string | number | undefined>;

// Errors a socket reports when nothing listens there or the host is unknown: all mean "no server".
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNRESET',
]);
const REQUEST_TIMEOUT_MS = 30_000;

/** Thin JSON client of the Herald HTTP API, over Node's global fetch. */
export class HeraldHttp {
  readonly url: string;
  readonly #authorization: string;

  constructor(url: string, auth: Auth) {
    this.url = url.replace(/\/+$/, '');
    this.#authorization =
      auth.kind === 'admin'
        ? `Bearer ${auth.token}`
        : `Basic ${Buffer.from(`${auth.appKey}:${auth.masterSecret}`).toString('base64')}`;
  }

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      authorization: this.#authorization,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw networkError(this.url, err);
    }
    const text = await res.text();
    if (!res.ok) throw apiErrorOf(res, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function apiErrorOf(res: Response, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = body.error ?? {};
    if (typeof code === 'string' && typeof message === 'string')
      return new ApiError(res.status, code, message);
  } catch {
    // Not Herald's JSON: a proxy or a different service answered; report the HTTP status.
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText || text.slice(0, 200) || 'no details');
}

/** fetch hides the socket error in `cause` (sometimes nested in an AggregateError). */
function socketCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, errors, cause } = e as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    e = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}

function networkError(url: string, err: unknown): CliError {
  if (err instanceof Error && err.name === 'TimeoutError') {
    return new CliError(`Herald at ${url} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
  }
  const code = socketCode(err);
  if (code === undefined || UNREACHABLE.has(code)) {
    return new CliError(
      `cannot reach Herald at ${url} — is \`herald serve\` running?${code && code !== 'ECONNREFUSED' ? ` (${code})` : ''}`,
    );
  }
  return new CliError(`request to Herald at ${url} failed: ${code}`);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One page of a list endpoint, or with `all` every page, following nextCursor. */
export async function listPages<T>(
  client: HeraldHttp,
  path: string,
  query: Query,
  opts: { limit: number; all: boolean },
): Promise<Page<T>> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await client.get<Page<T>>(path, { ...query, limit: opts.limit, cursor });
    items.push(...page.items);
    if (!opts.all || page.nextCursor === null) return { items, nextCursor: page.nextCursor };
    cursor = page.nextCursor;
  }
}
