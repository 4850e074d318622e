/** A node of an app's organisation tree (seed 001's police organisations; any hierarchy of users). */
export interface OrgNode {
  readonly id: string;
  readonly appId: string;
  readonly parentId: string | null;
  readonly name: string;
  /** Ids from the root down to this node, as "/root/…/id/". */
  readonly path: string;
  readonly createdAt: number;
}

/** Deep enough for any real organisation chart; bounds the path a move has to rewrite. */
export const MAX_ORG_DEPTH = 16;
/** Members added or removed per call. */
export const MAX_MEMBERS_PER_CALL = 500;

export function depthOf(path: string): number {
  return path.split('/').filter(Boolean).length;
}
