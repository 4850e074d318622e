/** Path of the device WebSocket endpoint. */
export const CONNECT_PATH = '/v1/connect';

/**
 * Builds the URL a device connects to.
 *
 * Accepts the endpoint itself (`wss://push.example.com/v1/connect`) or just the server's
 * origin (`https://push.example.com`, path `/v1/connect` is then added). http(s) is mapped
 * to ws(s). The token travels as `?token=` because the standard WebSocket API cannot set
 * an `Authorization` header.
 */
export function buildConnectUrl(url: string, token: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`HeraldClient: invalid url ${JSON.stringify(url)}`);
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  else if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new TypeError(`HeraldClient: url must be ws:, wss:, http: or https:, got ${parsed.protocol}`);
  }
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = CONNECT_PATH;
  parsed.searchParams.set('token', token);
  return parsed.toString();
}
