import { createHash } from 'node:crypto';

/**
 * The per-request signature of Flyme Push (MEIZUPUSH/PushAPI README, "签名算法"): every parameter but
 * `sign`, sorted by name, concatenated as `key=value` with no separator, the AppSecret appended, MD5 in
 * lowercase hex. Values are the raw strings, before URL encoding.
 */
export function meizuSign(params: Readonly<Record<string, string>>, appSecret: string): string {
  const text = Object.keys(params)
    .filter((k) => k !== 'sign')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('');
  return createHash('md5')
    .update(text + appSecret, 'utf8')
    .digest('hex');
}
