import type { PowerSaveBlocker } from 'electron';
import type { Logger } from './logger.js';

/**
 * A NOC wall must never blank: the OS screen saver or display sleep would hide alarms from the
 * room. Returns the release function for shutdown.
 */
export function keepDisplaysAwake(blocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>, logger: Logger): () => void {
  const id = blocker.start('prevent-display-sleep');
  logger.info('display sleep blocked', { blockerId: id });
  return () => {
    if (blocker.isStarted(id)) blocker.stop(id);
  };
}
