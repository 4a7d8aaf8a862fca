import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { LoginRateLimiter } from './login-rate-limiter.js';

describe('login rate limiter', () => {
  it('blocks a key after its failures for the rest of the window of wall time', () => {
    const clock = new ManualClock();
    const limiter = new LoginRateLimiter(clock, { maxFailures: 5, windowMs: 60_000 });
    const key = LoginRateLimiter.keyOf('Op1', '10.0.0.1');
    expect(key).toBe(LoginRateLimiter.keyOf('op1', '10.0.0.1'));
    for (let i = 0; i < 5; i++) {
      expect(limiter.isBlocked(key)).toBe(false);
      limiter.recordFailure(key);
    }
    expect(limiter.isBlocked(key)).toBe(true);
    clock.advance(59_999);
    expect(limiter.isBlocked(key)).toBe(true);
    clock.advance(1);
    expect(limiter.isBlocked(key)).toBe(false);
  });

  it('remembers a bounded number of keys however many addresses try', () => {
    const clock = new ManualClock();
    const limiter = new LoginRateLimiter(clock, { maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) limiter.recordFailure(LoginRateLimiter.keyOf('admin', `10.0.${i >> 8}.${i & 255}`));
    expect(limiter.size).toBeLessThanOrEqual(100);
    // Expired windows are dropped first, so live ones survive a later burst.
    clock.advance(60_000);
    const live = LoginRateLimiter.keyOf('admin', 'live');
    for (let i = 0; i < 5; i++) limiter.recordFailure(live);
    for (let i = 0; i < 50; i++) limiter.recordFailure(LoginRateLimiter.keyOf('x', String(i)));
    expect(limiter.isBlocked(live)).toBe(true);
    expect(limiter.size).toBeLessThanOrEqual(100);
  });
});
