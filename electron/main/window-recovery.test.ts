import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWindowRecovery } from './window-recovery.js';

vi.mock('electron', () => ({}));

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function fakeWindow() {
  const contents = Object.assign(new EventEmitter(), { reload: vi.fn(), forcefullyCrashRenderer: vi.fn() });
  let destroyed = false;
  const win = Object.assign(new EventEmitter(), { webContents: contents, isDestroyed: () => destroyed });
  return { win: win as unknown as BrowserWindow, raw: win, contents, destroy: () => void (destroyed = true) };
}

const gone = (reason = 'crashed') => [{ preventDefault() {} }, { reason, exitCode: 139 }];

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createWindowRecovery', () => {
  it('reloads a crashed renderer and counts the crash', async () => {
    const recovery = createWindowRecovery({ logger });
    const w = fakeWindow();
    recovery.watch(w.win, 'display 1');
    w.contents.emit('render-process-gone', ...gone());
    expect(recovery.crashes).toBe(1);
    expect(w.contents.reload).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.contents.reload).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith('renderer gone', expect.objectContaining({ reason: 'crashed', crashes: 1 }));
  });

  it('backs off in a crash loop instead of spinning', async () => {
    const recovery = createWindowRecovery({ logger });
    const w = fakeWindow();
    recovery.watch(w.win, 'display 1');
    const reloadTimes: number[] = [];
    w.contents.reload.mockImplementation(() => {
      reloadTimes.push(Date.now());
      w.contents.emit('render-process-gone', ...gone('oom')); // crashes again on load
    });
    const start = Date.now();
    w.contents.emit('render-process-gone', ...gone('oom'));
    await vi.advanceTimersByTimeAsync(200_000);
    const gaps = reloadTimes.map((t, i) => t - (i === 0 ? start : (reloadTimes[i - 1] ?? 0)));
    expect(gaps.slice(0, 7)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000]);
    expect(recovery.crashes).toBe(reloadTimes.length + 1);
  });

  it('kills and reloads a window that stays unresponsive past the grace period', async () => {
    const recovery = createWindowRecovery({ logger, unresponsiveGraceMs: 10_000 });
    const w = fakeWindow();
    recovery.watch(w.win, 'display 2');
    w.raw.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(w.contents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(w.contents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    expect(recovery.hangs).toBe(1);
    // The kill also reports the renderer gone: still one reload, not two.
    w.contents.emit('render-process-gone', ...gone('killed'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(w.contents.reload).toHaveBeenCalledTimes(1);
  });

  it('leaves a window alone that answers again within the grace period', async () => {
    const recovery = createWindowRecovery({ logger, unresponsiveGraceMs: 10_000 });
    const w = fakeWindow();
    recovery.watch(w.win, 'display 2');
    w.raw.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(5_000);
    w.raw.emit('responsive');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.contents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    expect(w.contents.reload).not.toHaveBeenCalled();
    expect(recovery.hangs).toBe(0);
  });

  it('retries a main-frame load that failed (aggregator restarting), but not an aborted one', async () => {
    const recovery = createWindowRecovery({ logger });
    const w = fakeWindow();
    recovery.watch(w.win, 'display 4');
    w.contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'http://127.0.0.1:1/', true);
    w.contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://127.0.0.1:1/x.png', false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(w.contents.reload).not.toHaveBeenCalled();
    w.contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://127.0.0.1:1/', true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.contents.reload).toHaveBeenCalledTimes(1);
  });

  it('does not reload a window that was closed meanwhile', async () => {
    const recovery = createWindowRecovery({ logger });
    const w = fakeWindow();
    recovery.watch(w.win, 'display 3');
    w.contents.emit('render-process-gone', ...gone());
    w.destroy();
    w.raw.emit('closed');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(w.contents.reload).not.toHaveBeenCalled();
  });
});
