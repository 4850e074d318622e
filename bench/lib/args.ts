/** `--name value` flags over defaults; numbers stay numbers so a typo fails loudly, not as NaN later. */
export function parseArgs<T extends Record<string, number | string>>(argv: string[], defaults: T): T {
  const out: Record<string, number | string> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (!(key in defaults))
      throw new Error(`unknown option --${key}; known: ${Object.keys(defaults).join(', ')}`);
    const raw = argv[++i];
    if (raw === undefined) throw new Error(`--${key} needs a value`);
    if (typeof defaults[key] === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${key} must be a non-negative number`);
      out[key] = n;
    } else out[key] = raw;
  }
  return out as T;
}
