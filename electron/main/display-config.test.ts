import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DISPLAY_CONFIG, DisplayConfigSchema, assignmentFor, loadDisplayConfig } from './display-config.js';

vi.mock('electron', () => ({}));

let dir: string;
let file: string;
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const TOKEN = `sfd_${'a'.repeat(43)}`;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'skyfort-displays-'));
  file = path.join(dir, 'nested', 'skyfort-displays.json');
  vi.clearAllMocks();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadDisplayConfig', () => {
  it('writes the defaults when the file is missing, and reads them back', () => {
    const config = loadDisplayConfig(file, logger);
    expect(config).toEqual(DEFAULT_DISPLAY_CONFIG);
    expect(config.aggregator).toEqual({ mode: 'bundled', simulate: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(DEFAULT_DISPLAY_CONFIG);
    expect(loadDisplayConfig(file, logger)).toEqual(DEFAULT_DISPLAY_CONFIG);
  });

  it('logs a clear error and runs on defaults for a file that is not JSON, leaving it for a person to fix', () => {
    loadDisplayConfig(file, logger);
    writeFileSync(file, '{ "displays": [ oops');
    expect(loadDisplayConfig(file, logger)).toEqual(DEFAULT_DISPLAY_CONFIG);
    expect(logger.error).toHaveBeenCalledWith('display config is not valid JSON; using defaults', expect.objectContaining({ file }));
    expect(readFileSync(file, 'utf8')).toBe('{ "displays": [ oops');
  });

  it('names the bad field when the file does not validate', () => {
    loadDisplayConfig(file, logger);
    writeFileSync(file, JSON.stringify({ displays: [{ match: { index: 0 }, view: '../../etc' }] }));
    expect(loadDisplayConfig(file, logger)).toEqual(DEFAULT_DISPLAY_CONFIG);
    const [, fields] = logger.error.mock.calls[0] ?? [];
    expect(fields.reason).toMatch(/displays\[0\]\.view/);
  });

  it('refuses a remote aggregator over plain http unless it is on this machine', () => {
    const remote = (url: string) => DisplayConfigSchema.safeParse({ aggregator: { mode: 'remote', url, displayToken: TOKEN } });
    expect(remote('http://noc.example.com').success).toBe(false);
    expect(remote('https://noc.example.com/some/path').data?.aggregator).toEqual({ mode: 'remote', url: 'https://noc.example.com', displayToken: TOKEN });
    expect(remote('http://127.0.0.1:7420').success).toBe(true);
    expect(remote('javascript:alert(1)').success).toBe(false);
    expect(DisplayConfigSchema.safeParse({ aggregator: { mode: 'remote', url: 'https://noc.example.com', displayToken: 'sft_nope' } }).success).toBe(false);
  });

  it('rejects unknown keys rather than ignoring a typo', () => {
    expect(DisplayConfigSchema.safeParse({ dispalys: [] }).success).toBe(false);
  });
});

describe('assignmentFor', () => {
  const config = DisplayConfigSchema.parse({
    defaults: { view: 'overview', locale: 'zh-CN', kiosk: true },
    displays: [
      { match: { index: 1 }, view: 'alarms' },
      { match: { label: 'LG 86UL3J' }, view: 'topology', locale: 'en' },
      { match: { id: 77 }, view: null, kiosk: false, fullscreen: false },
    ],
  });

  it('falls back to the defaults for a display nobody configured', () => {
    expect(assignmentFor(config, { id: 1, label: 'x', index: 0 })).toEqual({ view: 'overview', locale: 'zh-CN', kiosk: true, fullscreen: true });
  });

  it('matches by index, label and id, merging over the defaults', () => {
    expect(assignmentFor(config, { id: 2, label: 'x', index: 1 })).toMatchObject({ view: 'alarms', locale: 'zh-CN', kiosk: true });
    expect(assignmentFor(config, { id: 3, label: 'LG 86UL3J', index: 2 })).toMatchObject({ view: 'topology', locale: 'en' });
    expect(assignmentFor(config, { id: 77, label: 'x', index: 3 })).toEqual({ view: null, locale: 'zh-CN', kiosk: false, fullscreen: false });
  });

  it('prefers the most specific match: id over label over index', () => {
    expect(assignmentFor(config, { id: 77, label: 'LG 86UL3J', index: 1 }).view).toBeNull();
    expect(assignmentFor(config, { id: 5, label: 'LG 86UL3J', index: 1 }).view).toBe('topology');
  });

  it('gives each display its own control-room sound, over the defaults', () => {
    const withSound = DisplayConfigSchema.parse({
      defaults: { sound: { enabled: false } },
      displays: [{ match: { index: 0 }, view: 'alarms', sound: { volume: 0.4 } }],
    });
    expect(assignmentFor(withSound, { id: 1, label: 'x', index: 0 }).sound).toEqual({ enabled: true, volume: 0.4 });
    expect(assignmentFor(withSound, { id: 2, label: 'x', index: 1 }).sound).toEqual({ enabled: false, volume: 0.7 });
    // Unset everywhere: no sound entry at all, and the console falls back to its own settings.
    expect(assignmentFor(config, { id: 1, label: 'x', index: 0 }).sound).toBeUndefined();
    expect(DisplayConfigSchema.safeParse({ defaults: { sound: { volume: 2 } } }).success).toBe(false);
    expect(DisplayConfigSchema.safeParse({ defaults: { sound: { enabled: true, loud: true } } }).success).toBe(false);
  });
});
