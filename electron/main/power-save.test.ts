import type { PowerSaveBlocker } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { keepDisplaysAwake } from './power-save.js';

vi.mock('electron', () => ({}));

describe('keepDisplaysAwake', () => {
  it('blocks display sleep, not just app suspension, and releases that same blocker', () => {
    const started = new Set<number>();
    const blocker = {
      start: vi.fn(() => (started.add(3), 3)),
      stop: vi.fn((id: number) => void started.delete(id)),
      isStarted: (id: number) => started.has(id),
    };
    const release = keepDisplaysAwake(blocker as unknown as PowerSaveBlocker, { info: vi.fn(), warn: vi.fn(), error: vi.fn() });
    expect(blocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    release();
    release();
    expect(blocker.stop).toHaveBeenCalledTimes(1);
    expect(blocker.stop).toHaveBeenCalledWith(3);
  });
});
