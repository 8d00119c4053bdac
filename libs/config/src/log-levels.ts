import type { LogLevel } from '@nestjs/common';

/** LOG_LEVEL (pino-style names) as Nest logger levels. */
export function logLevels(level: string): LogLevel[] | false {
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const depth: Record<string, number> = { fatal: 1, error: 2, warn: 3, info: 4, debug: 5, trace: 6 };
  return level === 'silent' ? false : order.slice(0, depth[level] ?? 4);
}
