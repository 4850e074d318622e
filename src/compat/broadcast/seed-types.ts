/** The seed's JSON shapes, as Herald writes them (enums and counts as numbers). */

export interface SeedAction {
  readonly type: number;
  readonly url?: string;
  readonly command?: string;
}

export interface SeedGroup {
  readonly type: number;
  readonly start_day?: string;
  readonly end_day?: string;
}

export interface SeedArea {
  readonly type: number;
  readonly province?: string;
  readonly city?: string;
}

export interface SeedTag {
  readonly type: number;
  readonly tag_list?: readonly string[];
}

export interface SeedScope {
  readonly type: number;
  readonly user?: readonly string[];
  readonly app_list?: readonly string[];
  readonly product_list?: readonly string[];
  readonly group?: SeedGroup;
  readonly area?: SeedArea;
  readonly tag?: SeedTag;
}

export interface SeedTask {
  readonly id: string;
  readonly title: string;
  readonly content: string;
  readonly time: string;
  readonly expire: string | null;
  readonly action: SeedAction | null;
  readonly status: number;
  readonly user_num: number;
  readonly arrive_num: number;
  readonly read_num: number;
  readonly scope: SeedScope;
}

/** The fields of a task in the order the seed lists them; `filter` picks among these. */
export const SEED_TASK_FIELDS = [
  'id',
  'title',
  'content',
  'time',
  'expire',
  'action',
  'status',
  'user_num',
  'arrive_num',
  'read_num',
  'scope',
] as const satisfies ReadonlyArray<keyof SeedTask>;
export type SeedTaskField = (typeof SEED_TASK_FIELDS)[number];

/** A JSON object from a request body, read field by field. */
export type JsonObject = Readonly<Record<string, unknown>>;
