/** Query parameters of every list endpoint: keyset pages, so a page is as cheap at the end as at the start. */
export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'Items per page.' },
  cursor: { type: 'string', maxLength: 64, description: 'nextCursor of the previous page.' },
} as const;

export interface PageQuery {
  limit: number;
  cursor?: string;
}

export function pageOf<T>(
  items: T[],
  limit: number,
  keyOf: (t: T) => string,
): { items: T[]; nextCursor: string | null } {
  const last = items[items.length - 1];
  return { items, nextCursor: items.length === limit && last !== undefined ? keyOf(last) : null };
}

/** OpenAPI security requirement of the app API: Basic or an HMAC signature. */
export const APP_SECURITY: Array<Record<string, string[]>> = [{ appBasic: [] }, { appSignature: [] }];
export const ADMIN_SECURITY: Array<Record<string, string[]>> = [{ adminBearer: [] }];
