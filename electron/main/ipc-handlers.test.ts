import { EventEmitter } from 'node:events';
import type { IpcMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, type LaunchInfo } from '../../shared/ipc/bridge.js';
import { DisplayConfigSchema } from './display-config.js';
import { buildLaunchInfo, registerIpcHandlers } from './ipc-handlers.js';

vi.mock('electron', () => ({}));

const ORIGIN = 'http://127.0.0.1:41000';
const TOKEN = `sfd_${'b'.repeat(43)}`;
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
type Handler = (event: unknown, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Handler>();
  const ipcMain = {
    handle: (ch: string, h: Handler) => void handlers.set(ch, h),
    on: (ch: string, h: Handler) => void listeners.set(ch, h),
    removeHandler: (ch: string) => void handlers.delete(ch),
    removeAllListeners: (ch: string) => void listeners.delete(ch),
  };
  return { ipcMain: ipcMain as unknown as IpcMain, handlers, listeners };
}

function event(url: string, id = 7, parent: unknown = null) {
  return { senderFrame: { url, parent }, sender: Object.assign(new EventEmitter(), { id }) };
}

const wallInfo: LaunchInfo = { aggregatorUrl: ORIGIN, displayToken: TOKEN, view: 'overview', locale: 'zh-CN', sound: null };

function setup() {
  const ipc = fakeIpcMain();
  const launchInfoFor = vi.fn((id: number) => (id === 7 ? wallInfo : null));
  const unregister = registerIpcHandlers({ ipcMain: ipc.ipcMain, origin: () => ORIGIN, launchInfoFor, logger });
  return { ...ipc, launchInfoFor, unregister };
}

describe('registerIpcHandlers', () => {
  it('answers launch info to a window of ours on the aggregator origin', async () => {
    const { handlers } = setup();
    expect(await handlers.get(IPC_CHANNELS.launchInfo)?.(event(`${ORIGIN}/#/wall/overview`))).toEqual(wallInfo);
  });

  it('rejects a foreign sender before looking anything up', () => {
    const { handlers, launchInfoFor } = setup();
    const invoke = handlers.get(IPC_CHANNELS.launchInfo);
    expect(() => invoke?.(event('https://evil.example/'))).toThrow('sender not allowed');
    expect(() => invoke?.(event('http://127.0.0.1:9999/'))).toThrow('sender not allowed');
    expect(() => invoke?.(event(`${ORIGIN}/`, 7, {}))).toThrow('sender not allowed'); // a subframe
    expect(() => invoke?.({ senderFrame: null, sender: { id: 7 } })).toThrow('sender not allowed');
    expect(launchInfoFor).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith('ipc from untrusted sender rejected', expect.objectContaining({ url: 'https://evil.example/' }));
  });

  it('rejects a trusted origin in a window that is not one of ours', () => {
    const { handlers } = setup();
    expect(() => handlers.get(IPC_CHANNELS.launchInfo)?.(event(`${ORIGIN}/`, 99))).toThrow('not a Skyfort display window');
  });

  it('logs stream state changes once each, and ignores junk and foreign senders', () => {
    logger.info.mockClear();
    logger.warn.mockClear();
    const { listeners } = setup();
    const send = listeners.get(IPC_CHANNELS.streamState);
    const e = event(`${ORIGIN}/#/wall/overview`);
    send?.(e, 'live');
    send?.(e, 'live');
    send?.(e, 'stale');
    send?.(e, { toString: () => 'x' });
    send?.(event('https://evil.example/'), 'stale');
    expect(logger.info.mock.calls.filter(([m]) => m === 'window stream state')).toHaveLength(1);
    expect(logger.warn.mock.calls.filter(([m]) => m === 'window stream state')).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith('ipc stream state rejected', expect.anything());
  });

  it('unregisters both channels', () => {
    const { handlers, listeners, unregister } = setup();
    unregister();
    expect(handlers.size + listeners.size).toBe(0);
  });
});

describe('buildLaunchInfo', () => {
  const endpoint = { url: ORIGIN, displayToken: TOKEN };
  it('gives a wall window the display credential and its view and locale', () => {
    const wall = DisplayConfigSchema.parse({ defaults: { view: 'alarms', locale: 'en' } }).defaults;
    expect(buildLaunchInfo(wall, endpoint)).toEqual({ aggregatorUrl: ORIGIN, displayToken: TOKEN, view: 'alarms', locale: 'en', sound: null });
  });

  it("passes the display's control-room sound through, filling its defaults", () => {
    const loud = DisplayConfigSchema.parse({ defaults: { view: 'alarms', sound: { volume: 1 } } }).defaults;
    expect(buildLaunchInfo(loud, endpoint).sound).toEqual({ enabled: true, volume: 1 });
    const quiet = DisplayConfigSchema.parse({ defaults: { sound: { enabled: false } } }).defaults;
    expect(buildLaunchInfo(quiet, endpoint).sound).toEqual({ enabled: false, volume: 0.7 });
  });

  it('gives the desk no credential: people sign in there', () => {
    const desk = DisplayConfigSchema.parse({ defaults: { view: null } }).defaults;
    expect(buildLaunchInfo(desk, endpoint).displayToken).toBeNull();
  });
});
