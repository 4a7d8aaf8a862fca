import type { App } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { allowAutoplayWithoutGesture } from './autoplay-policy.js';

vi.mock('electron', () => ({}));

describe('allowAutoplayWithoutGesture', () => {
  it("sets Chromium's autoplay policy so a wall rings without anyone clicking", () => {
    const appendSwitch = vi.fn();
    allowAutoplayWithoutGesture({ commandLine: { appendSwitch } } as unknown as App);
    expect(appendSwitch).toHaveBeenCalledExactlyOnceWith('autoplay-policy', 'no-user-gesture-required');
  });

  it('is wired into the main process before the app is ready', async () => {
    const { readFileSync } = await import('node:fs');
    const main = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
    const wired = main.indexOf('allowAutoplayWithoutGesture(app)');
    expect(wired).toBeGreaterThan(0);
    expect(wired).toBeLessThan(main.indexOf('await app.whenReady()'));
  });
});
