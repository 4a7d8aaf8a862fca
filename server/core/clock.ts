/**
 * Two injectable clocks (product.md): source time drives samples, silence, alarms and escalation;
 * wall time drives credentials, heartbeats, stale banners and rate limits. Everything that waits
 * or ages reads one of them, so tests and the accelerated simulator control time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to: the wall clock of tests. */
export class ManualClock implements Clock {
  constructor(private t: number = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface SourceClockState {
  now: string;
  paused: boolean;
  speed: number;
}

/**
 * Source time: follows a base clock at `speed`, can pause, resume and jump ahead. It never runs
 * backwards, so ring buffers and silence checks stay monotonic.
 */
export class SourceClock implements Clock {
  private anchorSource: number;
  private anchorBase: number;
  private isPaused = false;
  private listeners = new Set<() => void>();

  constructor(
    private readonly base: Clock,
    opts: { start?: number; speed?: number; paused?: boolean } = {},
  ) {
    this.anchorBase = base.now();
    this.anchorSource = opts.start ?? this.anchorBase;
    this.currentSpeed = opts.speed ?? 1;
    this.isPaused = opts.paused ?? false;
  }

  private currentSpeed: number;

  now(): number {
    if (this.isPaused) return this.anchorSource;
    return Math.floor(this.anchorSource + (this.base.now() - this.anchorBase) * this.currentSpeed);
  }

  get paused(): boolean {
    return this.isPaused;
  }
  get speed(): number {
    return this.currentSpeed;
  }

  pause(): void {
    this.reanchor();
    this.isPaused = true;
    this.emit();
  }

  resume(): void {
    this.reanchor();
    this.isPaused = false;
    this.emit();
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('source time only moves forward');
    this.reanchor();
    this.anchorSource += ms;
    this.emit();
  }

  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new RangeError('speed must be positive');
    this.reanchor();
    this.currentSpeed = speed;
    this.emit();
  }

  state(): SourceClockState {
    return { now: new Date(this.now()).toISOString(), paused: this.isPaused, speed: this.currentSpeed };
  }

  /** Called after every jump, so the engine can catch up at once instead of at its next tick. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private reanchor(): void {
    this.anchorSource = this.now();
    this.anchorBase = this.base.now();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
