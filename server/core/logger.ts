import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; tests pass level 'silent'. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'skyfort' }, timestamp: pino.stdTimeFunctions.isoTime });
}
