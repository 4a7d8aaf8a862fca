import { describe, expect, it } from 'vitest';
import { refreshDelay } from './session-store';

describe('token refresh timing', () => {
  it('refreshes a minute before the end of a long token', () => {
    expect(refreshDelay(0, 3_600_000)).toBe(3_540_000);
  });
  it('refreshes a short token with a fifth of its life left, never in the past', () => {
    expect(refreshDelay(0, 10_000)).toBe(8_000);
    expect(refreshDelay(20_000, 10_000)).toBe(0);
  });
});
