// A deterministic population of devices for one app, as it looks after a few years in production:
// a long tail of tags, a few big provinces, a handful of products, activity skewed towards recent days.
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** mulberry32: a small seeded PRNG, so every run (and both databases) get the same population. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples 0..weights.length-1 in proportion to weights (binary search over the cumulative sum). */
function sampler(weights: readonly number[], rand: () => number): () => number {
  const cdf: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w;
    cdf.push(sum);
  }
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** Zipf weights 1/rank^s: a few very popular values and a long tail. */
const zipf = (n: number, s: number) => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

/** Roughly by population, so the Zipf skew puts the most devices where most people live. */
// biome-ignore format: one table
export const PROVINCES = [
  'Guangdong', 'Shandong', 'Henan', 'Jiangsu', 'Sichuan', 'Hebei', 'Zhejiang', 'Hunan', 'Anhui',
  'Hubei', 'Guangxi', 'Yunnan', 'Jiangxi', 'Liaoning', 'Fujian', 'Shaanxi', 'Heilongjiang', 'Shanxi',
  'Guizhou', 'Chongqing', 'Jilin', 'Gansu', 'Inner Mongolia', 'Xinjiang', 'Shanghai', 'Beijing',
  'Tianjin', 'Hainan', 'Hong Kong', 'Ningxia', 'Qinghai', 'Tibet', 'Macau', 'Taiwan',
] as const;
export const TAG_COUNT = 200;
/** Tag of popularity rank r (1 = most popular). */
export const tagOfRank = (r: number) => `interest-${String(r).padStart(3, '0')}`;
/** City j (1 = biggest) of a province. */
export const cityOf = (province: string, j: number) => `${province} city ${j}`;
const citiesIn = (p: number) => 4 + ((p * 7) % 9); // 4..12 cities per province
const PRODUCTS = ['aircon', 'fridge', 'washer', 'heater', 'range-hood', 'purifier'];
const DAY = 86_400_000;

/** Columns in the order of DEVICE_COLUMNS; nullable columns hold null. */
export type DeviceRow = readonly (string | number | null)[];
// biome-ignore format: one table
export const DEVICE_COLUMNS = [
  'id', 'app_id', 'client_id', 'app_package', 'token', 'push_id', 'device_name', 'device_type',
  'type_id', 'platform', 'user_id', 'alias', 'locale', 'timezone', 'province', 'city', 'product_id',
  'is_test', 'status', 'reg_time', 'updated_at', 'last_active_at',
] as const;
/** Which DEVICE_COLUMNS are integers (bigint on PostgreSQL), for typed unnest arrays. */
export const INTEGER_COLUMNS = new Set(['is_test', 'status', 'reg_time', 'updated_at', 'last_active_at']);

export interface Population {
  /** Device rows in id order, generated a chunk at a time so 1M rows never sit in memory as objects. */
  devices(chunk: number): Iterable<DeviceRow[]>;
  /** For each tag (in rank order), the ids of the devices carrying it, ascending: device_tags in key order. */
  tagRows(): Iterable<{ tag: string; deviceIds: string[] }>;
  readonly tagRowCount: number;
}

/**
 * `n` devices of `appId` at time `now`. Tags: 3–8 per device, Zipf(1) over 200 tags. Area: 34
 * provinces Zipf(0.8), 4–12 cities each Zipf(1), 3% unknown. Activity over 90 days, skewed recent,
 * 5% never connected. 3% unregistered (status 2), 2% re-registered (status 3).
 */
export function population(appId: string, n: number, now: number, seed = 42): Population {
  const rand = prng(seed);
  const tag = sampler(zipf(TAG_COUNT, 1), rand);
  const province = sampler(zipf(PROVINCES.length, 0.8), rand);
  const cityByProvince = PROVINCES.map((_, p) => sampler(zipf(citiesIn(p), 1), rand));
  const product = sampler([35, 25, 15, 12, 8, 5], rand);
  const deviceType = sampler([55, 10, 8, 7, 6, 6, 4, 4], rand);
  const platform = sampler([70, 25, 5], rand);
  // Ids made up front (UUIDv7, ascending) so tags can refer to them; 1M ids are ~40 MB of strings.
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) ids[i] = uuidv7();
  ids.sort();
  // Device indexes per tag: 3–8 distinct tags per device.
  const perTag: number[][] = Array.from({ length: TAG_COUNT }, () => []);
  const picked = new Set<number>();
  let tagRowCount = 0;
  for (let i = 0; i < n; i++) {
    const k = 3 + Math.floor(rand() * 6);
    picked.clear();
    while (picked.size < k) picked.add(tag());
    for (const t of picked) perTag[t]!.push(i);
    tagRowCount += k;
  }
  return {
    tagRowCount,
    *tagRows() {
      for (let t = 0; t < TAG_COUNT; t++)
        yield { tag: tagOfRank(t + 1), deviceIds: perTag[t]!.map((i) => ids[i]!) };
    },
    *devices(chunk: number) {
      for (let start = 0; start < n; start += chunk) {
        const rows: DeviceRow[] = [];
        const tokens = randomBytes(24 * chunk);
        for (let i = start; i < Math.min(n, start + chunk); i++) {
          const p = rand() < 0.03 ? -1 : province();
          const pName = p < 0 ? null : PROVINCES[p]!;
          const city = p < 0 ? null : cityOf(pName!, cityByProvince[p]!() + 1);
          const r = rand();
          const lastActive = r < 0.05 ? null : now - Math.floor(90 * DAY * rand() ** 2);
          const regTime = (lastActive ?? now) - Math.floor(730 * DAY * rand());
          const u = rand();
          const hasUser = u < 0.8;
          const status = u < 0.03 ? 2 : u < 0.05 ? 3 : 1;
          const plat = platform();
          rows.push([
            ids[i]!,
            appId,
            `client-${i}`,
            plat === 1 ? 'com.example.app.ios' : 'com.example.app',
            tokens.subarray((i - start) * 24, (i - start + 1) * 24).toString('base64url'),
            rand() < 0.6 ? `push-${i}` : null,
            null,
            `0${deviceType() + 1}`,
            null,
            ['android', 'ios', 'web'][plat]!,
            hasUser ? `user-${Math.floor(rand() * n * 0.75)}` : null,
            rand() < 0.3 ? `alias-${i}` : null,
            'zh-CN',
            'Asia/Shanghai',
            pName,
            city,
            rand() < 0.1 ? null : PRODUCTS[product()]!,
            rand() < 0.001 ? 1 : 0,
            status,
            regTime,
            regTime,
            lastActive,
          ]);
        }
        yield rows;
      }
    },
  };
}
