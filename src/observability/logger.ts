import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON lines in production; readable lines on a terminal (or when asked). */
export function createLogger(opts: {
  level: string;
  format: 'auto' | 'json' | 'pretty';
  isTty: boolean;
}): Logger {
  const pretty = opts.format === 'pretty' || (opts.format === 'auto' && opts.isTty);
  if (!pretty) return pino({ level: opts.level, base: { service: 'herald' } });
  return pino({
    level: opts.level,
    transport: {
      target: 'pino-pretty',
      options: { colorize: opts.isTty, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
    },
  });
}
