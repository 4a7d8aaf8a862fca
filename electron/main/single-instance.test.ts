import { EventEmitter } from 'node:events';
import type { App } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance } from './single-instance.js';

vi.mock('electron', () => ({}));

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function fakeApp(gotLock: boolean) {
  return Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => gotLock, quit: vi.fn() });
}

describe('claimSingleInstance', () => {
  it('quits the second instance', () => {
    const app = fakeApp(false);
    const focus = vi.fn();
    expect(claimSingleInstance(app as unknown as App, focus, logger)).toBe(false);
    expect(app.quit).toHaveBeenCalled();
  });

  it('keeps the first instance and focuses it when a second one starts', () => {
    const app = fakeApp(true);
    const focus = vi.fn();
    expect(claimSingleInstance(app as unknown as App, focus, logger)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.emit('second-instance', {}, [], '/');
    expect(focus).toHaveBeenCalledTimes(1);
  });
});
