import type { BrowserWindow, RenderProcessGoneDetails } from 'electron';
import { Backoff, type BackoffPolicy } from './backoff.js';
import type { Logger } from './logger.js';
import { systemTimers, type Timers } from './timers.js';

export interface WindowRecoveryOptions {
  logger: Logger;
  timers?: Timers;
  /** Per window: the first reload is quick, a crash loop slows down to the cap. */
  backoff?: BackoffPolicy;
  /** A hung renderer gets this long to answer again before it is killed and reloaded. */
  unresponsiveGraceMs?: number;
}

export interface WindowRecovery {
  watch(win: BrowserWindow, label: string): void;
  /** Renderer crashes and hangs seen since launch, for the log and tests. */
  readonly crashes: number;
  readonly hangs: number;
}

/**
 * A wall runs for weeks without a person (product.md: crash → reload → resync). A renderer that
 * dies or hangs is reloaded, which makes the console fetch fresh snapshots; reloads back off so
 * a page that crashes on load cannot spin the machine.
 */
export function createWindowRecovery(options: WindowRecoveryOptions): WindowRecovery {
  const timers = options.timers ?? systemTimers;
  const policy = options.backoff ?? { initialMs: 1_000, maxMs: 60_000, resetAfterMs: 10 * 60_000 };
  const graceMs = options.unresponsiveGraceMs ?? 10_000;
  const { logger } = options;
  let crashes = 0;
  let hangs = 0;

  const watch = (win: BrowserWindow, label: string) => {
    const contents = win.webContents;
    const backoff = new Backoff(policy, timers);
    let reloadTimer: unknown = null;
    let hangTimer: unknown = null;

    const scheduleReload = (cause: string) => {
      if (reloadTimer !== null) return; // one pending reload covers every cause
      const delay = backoff.fail();
      logger.warn('window reload scheduled', { window: label, cause, delayMs: delay, consecutive: backoff.consecutive });
      reloadTimer = timers.setTimeout(() => {
        reloadTimer = null;
        if (win.isDestroyed()) return;
        contents.reload();
      }, delay);
    };

    contents.on('render-process-gone', (_event, details: RenderProcessGoneDetails) => {
      crashes += 1;
      logger.error('renderer gone', { window: label, reason: details.reason, exitCode: details.exitCode, crashes });
      scheduleReload(`render-process-gone: ${details.reason}`);
    });

    // The aggregator may be down when a window loads (it is being restarted): Chromium shows its
    // error page and would stay there. -3 is ERR_ABORTED, a load replaced by a newer one.
    contents.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
      if (!isMainFrame || errorCode === -3) return;
      logger.warn('window load failed', { window: label, errorCode, errorDescription });
      scheduleReload(`did-fail-load: ${errorDescription}`);
    });

    win.on('unresponsive', () => {
      if (hangTimer !== null) return;
      logger.warn('window unresponsive', { window: label, graceMs });
      hangTimer = timers.setTimeout(() => {
        hangTimer = null;
        if (win.isDestroyed()) return;
        hangs += 1;
        logger.error('window still unresponsive; restarting its renderer', { window: label, hangs });
        // A hung renderer does not process a reload; killing it first is what Electron documents.
        contents.forcefullyCrashRenderer();
        scheduleReload('unresponsive');
      }, graceMs);
    });

    win.on('responsive', () => {
      if (hangTimer === null) return;
      timers.clearTimeout(hangTimer);
      hangTimer = null;
      logger.info('window responsive again', { window: label });
    });

    win.on('closed', () => {
      timers.clearTimeout(reloadTimer);
      timers.clearTimeout(hangTimer);
    });
  };

  return {
    watch,
    get crashes() {
      return crashes;
    },
    get hangs() {
      return hangs;
    },
  };
}
