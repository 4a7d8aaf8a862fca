import type { Logger } from '../core/logger.js';

/**
 * Runs the domains' write-behind flushes one at a time, off the engine tick: the tick only asks
 * for a flush (`kick`), so a slow store never stalls the wall. A kick during a running flush
 * schedules one more when it ends; `drain` waits for everything asked so far (shutdown, tests).
 */
/** A domain's flush; `final` asks it to write everything it may otherwise hold back (shutdown). */
export type Flush = (opts?: { final?: boolean }) => Promise<void>;

export function createWriteBehind(flushes: readonly Flush[], logger: Logger) {
  let running: Promise<void> | null = null;
  let again = false;

  async function runAll(final = false): Promise<void> {
    for (const flush of flushes) {
      try {
        await flush({ final });
      } catch (err) {
        // Kept in memory and retried on the next kick; log, never crash the aggregator.
        logger.error({ err }, 'write-behind flush failed');
      }
    }
  }

  function kick(): void {
    if (running) {
      again = true;
      return;
    }
    running = runAll().finally(() => {
      running = null;
      if (again) {
        again = false;
        kick();
      }
    });
  }

  return {
    kick,
    async drain(): Promise<void> {
      while (running) await running;
      await runAll(true);
    },
  };
}

/**
 * One domain's flush, never two at once: a caller arriving during a flush waits for it (whatever
 * it threw) and then runs its own, which writes what is left.
 */
export function oneAtATime(flushOnce: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return async function flush(): Promise<void> {
    while (running) await running.catch(() => undefined);
    running = flushOnce().finally(() => {
      running = null;
    });
    return running;
  };
}
