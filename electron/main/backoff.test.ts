import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('Backoff', () => {
  it('doubles per consecutive failure up to the cap', () => {
    const c = clock();
    const b = new Backoff({ initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 }, c);
    const delays = Array.from({ length: 8 }, () => {
      c.advance(100);
      return b.fail();
    });
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(b.consecutive).toBe(8);
  });

  it('starts again from the first delay after a quiet spell', () => {
    const c = clock();
    const b = new Backoff({ initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 }, c);
    b.fail();
    b.fail();
    c.advance(60_000);
    expect(b.consecutive).toBe(0);
    expect(b.fail()).toBe(1_000);
  });
});
