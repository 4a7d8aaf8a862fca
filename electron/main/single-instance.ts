import type { App } from 'electron';
import type { Logger } from './logger.js';

/**
 * One shell per machine: a second copy would start a second aggregator and stack a second set
 * of windows on the same displays. The second launch quits and the first one comes forward.
 * Returns false when this process is the second one and is quitting.
 */
export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>, onSecondInstance: () => void, logger: Logger): boolean {
  if (!app.requestSingleInstanceLock()) {
    logger.info('another Skyfort desktop is running; handing over to it');
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    logger.info('second launch; focusing the running shell');
    onSecondInstance();
  });
  return true;
}
