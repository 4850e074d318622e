import { type Kysely, sql } from 'kysely';
import type { OrgNode } from '../domain/organisation.js';
import type { Database, OrgNodesTable } from './schema.js';
import type { OrgRepository, PageRequest } from './store.js';

const toNode = (r: OrgNodesTable): OrgNode => ({
  id: r.id,
  appId: r.app_id,
  parentId: r.parent_id,
  name: r.name,
  path: r.path,
  createdAt: r.created_at,
});

/** LIKE treats % and _ as wildcards; ids never contain them, but the escape keeps prefixes literal. */
const prefix = (path: string) => `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class KyselyOrgRepository implements OrgRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(node: OrgNode): Promise<void> {
    await this.#db
      .insertInto('org_nodes')
      .values({
        id: node.id,
        app_id: node.appId,
        parent_id: node.parentId,
        name: node.name,
        path: node.path,
        created_at: node.createdAt,
      })
      .execute();
  }

  async get(appId: string, id: string): Promise<OrgNode | undefined> {
    const r = await this.#db
      .selectFrom('org_nodes')
      .selectAll()
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toNode(r);
  }

  async list(appId: string, under: string | null): Promise<OrgNode[]> {
    let q = this.#db.selectFrom('org_nodes').selectAll().where('app_id', '=', appId).orderBy('path');
    if (under !== null) q = q.where(sql<boolean>`path like ${prefix(under)} escape '\\'`);
    return (await q.execute()).map(toNode);
  }

  async rename(appId: string, id: string, name: string): Promise<void> {
    await this.#db
      .updateTable('org_nodes')
      .set({ name })
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .execute();
  }

  async move(appId: string, node: OrgNode, parentId: string | null, newPath: string): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      // Every node below keeps its tail and gets the new head: one statement for the subtree.
      await tx
        .updateTable('org_nodes')
        .set({ path: sql<string>`${newPath} || substr(path, ${node.path.length + 1})` })
        .where('app_id', '=', appId)
        .where(sql<boolean>`path like ${prefix(node.path)} escape '\\'`)
        .execute();
      await tx
        .updateTable('org_nodes')
        .set({ parent_id: parentId })
        .where('app_id', '=', appId)
        .where('id', '=', node.id)
        .execute();
    });
  }

  async deleteSubtree(appId: string, node: OrgNode): Promise<number> {
    return this.#db.transaction().execute(async (tx) => {
      const ids = tx
        .selectFrom('org_nodes')
        .select('id')
        .where('app_id', '=', appId)
        .where(sql<boolean>`path like ${prefix(node.path)} escape '\\'`);
      await tx.deleteFrom('org_members').where('node_id', 'in', ids).execute();
      const r = await tx
        .deleteFrom('org_nodes')
        .where('app_id', '=', appId)
        .where(sql<boolean>`path like ${prefix(node.path)} escape '\\'`)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }

  async addMembers(appId: string, nodeId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    await this.#db
      .insertInto('org_members')
      .values([...new Set(userIds)].map((user_id) => ({ app_id: appId, node_id: nodeId, user_id })))
      .onConflict((oc) => oc.columns(['node_id', 'user_id']).doNothing())
      .execute();
  }

  async removeMembers(appId: string, nodeId: string, userIds: readonly string[]): Promise<number> {
    if (userIds.length === 0) return 0;
    const r = await this.#db
      .deleteFrom('org_members')
      .where('app_id', '=', appId)
      .where('node_id', '=', nodeId)
      .where('user_id', 'in', [...userIds])
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async members(appId: string, nodeId: string, page: PageRequest): Promise<string[]> {
    let q = this.#db
      .selectFrom('org_members')
      .select('user_id')
      .where('app_id', '=', appId)
      .where('node_id', '=', nodeId)
      .orderBy('user_id')
      .limit(page.limit);
    if (page.after) q = q.where('user_id', '>', page.after);
    return (await q.execute()).map((r) => r.user_id);
  }
}
