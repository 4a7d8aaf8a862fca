import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** Where each line goes: one JSON object per line, so `jq` and log shippers read it as is. */
  write(line: string): void;
  now?: () => number;
}

/**
 * The shell's log: JSON lines with a timestamp, level and message. It never throws: a full disk
 * must not take a wall down with it.
 */
export function createLogger({ write, now = Date.now }: LoggerOptions): Logger {
  const log = (level: LogLevel, msg: string, fields?: LogFields) => {
    try {
      write(JSON.stringify({ t: new Date(now()).toISOString(), level, src: 'desktop', msg, ...fields }, errorAware) + '\n');
    } catch {
      // A log line that cannot be written is lost; the wall keeps running.
    }
  };
  return {
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}

function errorAware(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}

/**
 * Appends to `file`, rotating it to `file.1` past `maxBytes`: a wall runs for weeks and its log
 * must not fill the disk. Synchronous, so the lines before a crash are on disk.
 */
export function fileSink(file: string, maxBytes = 10 * 1024 * 1024): (line: string) => void {
  mkdirSync(path.dirname(file), { recursive: true });
  let size = sizeOf(file);
  return (line) => {
    if (size + line.length > maxBytes && size > 0) {
      renameSync(file, `${file}.1`);
      size = 0;
    }
    appendFileSync(file, line);
    size += Buffer.byteLength(line);
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Several sinks at once (the log file, and stdout so `npm start` shows progress). */
export function teeSink(...sinks: ((line: string) => void)[]): (line: string) => void {
  return (line) => {
    for (const sink of sinks) {
      try {
        sink(line);
      } catch {
        // One broken sink (a closed stdout) must not silence the others.
      }
    }
  };
}
