import { SingleBar } from 'cli-progress';

export interface Progress {
  increment(): void;
  stop(): void;
}

/**
 * A bar on a terminal; otherwise a line at most once a second and one at the end,
 * so logs of a 15 000-device run stay short.
 */
export function progress(stream: NodeJS.WriteStream, label: string, total: number): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: `${label} {bar} {value}/{total}`,
      barsize: 30,
      hideCursor: false,
    });
    bar.start(total, 0);
    return { increment: () => bar.increment(), stop: () => bar.stop() };
  }
  let done = 0;
  let lastLine = Date.now();
  return {
    increment() {
      done += 1;
      if (done < total && Date.now() - lastLine >= 1000) {
        lastLine = Date.now();
        stream.write(`${label} ${done}/${total}\n`);
      }
    },
    stop: () => stream.write(`${label} ${done}/${total}\n`),
  };
}

/** Runs `fn(i)` for i in 0..count-1 with at most `limit` at once; the first failure stops new starts. */
export async function forEachLimit(
  count: number,
  limit: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < count) {
      const i = next++;
      try {
        await fn(i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
