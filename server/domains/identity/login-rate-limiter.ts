import type { Clock } from '../../core/clock.js';

export interface LoginRateLimiterOptions {
  /** Failed attempts allowed per key and window. */
  maxFailures?: number;
  windowMs?: number;
  /** Keys remembered at most; a flood of distinct keys cannot grow memory past this. */
  maxKeys?: number;
}

interface Window {
  start: number;
  failures: number;
}

/**
 * Failed sign-ins per username + address, in fixed windows of wall time. Once a key has used
 * up its failures, every attempt in the rest of the window is refused, right password or not,
 * so guessing cannot continue by interleaving a known-good password.
 */
export class LoginRateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(
    private readonly clock: Clock,
    opts: LoginRateLimiterOptions = {},
  ) {
    this.maxFailures = opts.maxFailures ?? 5;
    this.windowMs = opts.windowMs ?? 60_000;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  static keyOf(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`;
  }

  /** True when this key must wait for its window to end. */
  isBlocked(key: string): boolean {
    const w = this.current(key);
    return w !== null && w.failures >= this.maxFailures;
  }

  recordFailure(key: string): void {
    const w = this.current(key);
    if (w) {
      w.failures++;
      return;
    }
    if (this.windows.size >= this.maxKeys) this.makeRoom();
    this.windows.set(key, { start: this.clock.now(), failures: 1 });
  }

  recordSuccess(key: string): void {
    this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  private current(key: string): Window | null {
    const w = this.windows.get(key);
    if (!w) return null;
    if (this.clock.now() - w.start >= this.windowMs) {
      this.windows.delete(key);
      return null;
    }
    return w;
  }

  /** Drops expired windows; if every window is still live, drops the oldest (Map keeps insertion order). */
  private makeRoom(): void {
    const now = this.clock.now();
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    while (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (oldest.done) break;
      this.windows.delete(oldest.value);
    }
  }
}
