import type { Clock } from '../domain/clock.js';
import { HeraldError, invalid, notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { OrgNode } from '../domain/organisation.js';
import { depthOf, MAX_MEMBERS_PER_CALL, MAX_ORG_DEPTH } from '../domain/organisation.js';
import { checkString, checkStringList } from '../domain/validate.js';
import type { PageRequest, Store } from '../store/store.js';

/** An app's organisation tree: create, rename, move, delete nodes, and their members. */
export class Organisations {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  async create(appId: string, name: string, parentId: string | null): Promise<OrgNode> {
    checkString('name', name, { max: 100 });
    const parent = parentId === null ? null : await this.#parent(appId, parentId);
    const id = newId();
    const path = `${parent?.path ?? '/'}${id}/`;
    if (depthOf(path) > MAX_ORG_DEPTH)
      throw invalid('parentId', `the tree may be at most ${MAX_ORG_DEPTH} levels deep`);
    const node: OrgNode = { id, appId, parentId, name, path, createdAt: this.#clock.now() };
    await this.#store.orgs.insert(node);
    return node;
  }

  async get(appId: string, id: string): Promise<OrgNode> {
    const node = await this.#store.orgs.get(appId, id);
    if (!node) throw notFound('organisation');
    return node;
  }

  /** The whole tree, or one node's subtree, parents before children. */
  async list(appId: string, under: string | null): Promise<OrgNode[]> {
    const root = under === null ? null : await this.get(appId, under);
    return this.#store.orgs.list(appId, root?.path ?? null);
  }

  async update(
    appId: string,
    id: string,
    patch: { name?: string; parentId?: string | null },
  ): Promise<OrgNode> {
    const node = await this.get(appId, id);
    if (patch.name !== undefined)
      await this.#store.orgs.rename(appId, id, checkString('name', patch.name, { max: 100 }));
    if (patch.parentId !== undefined && patch.parentId !== node.parentId) {
      const parent = patch.parentId === null ? null : await this.#parent(appId, patch.parentId);
      if (parent?.path.startsWith(node.path))
        throw new HeraldError('conflict', 'a node cannot move under itself or its own descendants', {
          field: 'parentId',
        });
      const newPath = `${parent?.path ?? '/'}${id}/`;
      const deepest = (await this.#store.orgs.list(appId, node.path)).reduce(
        (d, n) => Math.max(d, depthOf(n.path)),
        0,
      );
      if (deepest - depthOf(node.path) + depthOf(newPath) > MAX_ORG_DEPTH) {
        throw invalid('parentId', `the tree may be at most ${MAX_ORG_DEPTH} levels deep`);
      }
      await this.#store.orgs.move(appId, node, patch.parentId, newPath);
    }
    return this.get(appId, id);
  }

  /** Deletes a node; one with children only when `recursive`, so a slip cannot drop a whole branch. */
  async delete(appId: string, id: string, recursive: boolean): Promise<number> {
    const node = await this.get(appId, id);
    const subtree = await this.#store.orgs.list(appId, node.path);
    if (subtree.length > 1 && !recursive) {
      throw new HeraldError(
        'conflict',
        `the node has ${subtree.length - 1} nodes below it; pass recursive=true to delete them too`,
      );
    }
    return this.#store.orgs.deleteSubtree(appId, node);
  }

  async addMembers(appId: string, id: string, userIds: unknown): Promise<void> {
    await this.get(appId, id);
    await this.#store.orgs.addMembers(
      appId,
      id,
      checkStringList('userIds', userIds, MAX_MEMBERS_PER_CALL, 100),
    );
  }

  async removeMembers(appId: string, id: string, userIds: unknown): Promise<number> {
    await this.get(appId, id);
    return this.#store.orgs.removeMembers(
      appId,
      id,
      checkStringList('userIds', userIds, MAX_MEMBERS_PER_CALL, 100),
    );
  }

  async members(appId: string, id: string, page: PageRequest): Promise<string[]> {
    await this.get(appId, id);
    return this.#store.orgs.members(appId, id, page);
  }

  async #parent(appId: string, parentId: string): Promise<OrgNode> {
    const parent = await this.#store.orgs.get(appId, parentId);
    if (!parent) throw invalid('parentId', 'names no organisation of this app');
    return parent;
  }
}
