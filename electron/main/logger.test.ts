import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, fileSink, teeSink } from './logger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), now: () => Date.UTC(2026, 0, 2) });
    log.warn('aggregator restarting', { attempt: 2, err: new Error('boom') });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const entry = JSON.parse(lines[0] ?? '');
    expect(entry).toMatchObject({ t: '2026-01-02T00:00:00.000Z', level: 'warn', msg: 'aggregator restarting', attempt: 2 });
    expect(entry.err.message).toBe('boom');
  });

  it('never throws when the sink fails', () => {
    const log = createLogger({ write: () => { throw new Error('disk full'); } });
    expect(() => log.error('x')).not.toThrow();
  });
});

describe('fileSink', () => {
  it('rotates the file past its size cap so weeks of logs stay bounded', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skyfort-log-'));
    dirs.push(dir);
    const file = path.join(dir, 'logs', 'desktop.log');
    const write = fileSink(file, 100);
    for (let i = 0; i < 5; i++) write(`${'x'.repeat(40)}\n`);
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(readFileSync(file, 'utf8').length).toBeLessThanOrEqual(100);
  });

  it('tee keeps writing to the other sinks when one throws', () => {
    const got: string[] = [];
    const write = teeSink(() => { throw new Error('closed'); }, (l) => got.push(l));
    write('a\n');
    expect(got).toEqual(['a\n']);
  });
});
