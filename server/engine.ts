import type { Clock, SourceClock } from './core/clock.js';
import type { Logger } from './core/logger.js';

export type EngineStep = (sourceNow: number) => void;

/**
 * The aggregator's heartbeat: every tick of wall time, run the steps in order against one
 * reading of source time (sources pump → statuses derive → the stream flushes one batch).
 * A jump of source time runs a step at once, so a demo advance shows without waiting.
 */
export function createEngine(opts: {
  tickMs: number;
  wallClock: Clock;
  sourceClock: SourceClock;
  steps: EngineStep[];
  logger: Logger;
}) {
  let timer: NodeJS.Timeout | null = null;
  let offClock: (() => void) | null = null;

  function step(): void {
    const now = opts.sourceClock.now();
    for (const s of opts.steps) {
      try {
        s(now);
      } catch (err) {
        // One failing step must not stop the wall: log it and keep ticking.
        opts.logger.error({ err }, 'engine step failed');
      }
    }
  }

  return {
    step,
    start(): void {
      if (timer) return;
      timer = setInterval(step, opts.tickMs);
      offClock = opts.sourceClock.onChange(() => setImmediate(step));
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
      offClock?.();
      offClock = null;
    },
  };
}
