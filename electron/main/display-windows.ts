import type { BrowserWindow, BrowserWindowConstructorOptions, Display, Screen } from 'electron';
import { assignmentFor, type DisplayConfig, type ScreenAssignment } from './display-config.js';
import type { Logger } from './logger.js';
import { secureWebPreferences } from './security-rules.js';

export interface DisplayWindowsOptions {
  screen: Pick<Screen, 'getAllDisplays' | 'on' | 'removeListener'>;
  /** `(o) => new BrowserWindow(o)`; injected so tests need no Electron. */
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow;
  config: DisplayConfig;
  aggregatorUrl: string;
  preloadPath: string;
  devTools: boolean;
  logger: Logger;
  /** Called for each new window (crash recovery attaches here). */
  onWindow?(win: BrowserWindow, label: string): void;
}

export interface DisplayWindows {
  /** What the window owning these web contents shows, or null when it is not one of ours. */
  assignmentOf(webContentsId: number): ScreenAssignment | null;
  /** The aggregator came back elsewhere: every window loads its view from the new origin. */
  setAggregatorUrl(url: string): void;
  focus(): void;
  readonly count: number;
  dispose(): void;
}

interface Entry {
  win: BrowserWindow;
  webContentsId: number;
  assignment: ScreenAssignment;
}

/** The console route for a wall view, or the operator desk when the display has no view. */
export function windowUrl(aggregatorUrl: string, view: string | null): string {
  const base = aggregatorUrl.replace(/\/+$/, '');
  return view === null ? `${base}/#/` : `${base}/#/wall/${view}`;
}

/**
 * One window per physical display, placed on it and showing the view configured for it. Displays
 * that come and go (a wall panel power-cycled, a projector plugged in) are followed: windows
 * are created, moved, re-pointed or closed to match.
 */
export function createDisplayWindows(options: DisplayWindowsOptions): DisplayWindows {
  const { screen, config, logger } = options;
  const entries = new Map<number, Entry>();
  let aggregatorUrl = options.aggregatorUrl;

  const load = (entry: Entry) => {
    entry.win.loadURL(windowUrl(aggregatorUrl, entry.assignment.view)).catch((err: Error) => {
      // Recovery retries failed loads; here it is only worth a line in the log.
      logger.warn('window load failed', { view: entry.assignment.view, reason: err.message });
    });
  };

  const open = (display: Display, index: number, assignment: ScreenAssignment) => {
    const { x, y, width, height } = display.bounds;
    const win = options.createWindow({
      x,
      y,
      width,
      height,
      show: false,
      title: 'Skyfort',
      backgroundColor: '#0b1220',
      autoHideMenuBar: true,
      fullscreen: assignment.fullscreen || assignment.kiosk,
      kiosk: assignment.kiosk,
      // A wall's timers and stream must keep running even when the window manager thinks the
      // window is hidden behind another one.
      webPreferences: { ...secureWebPreferences(options.preloadPath, { devTools: options.devTools }), backgroundThrottling: false },
    });
    const entry: Entry = { win, webContentsId: win.webContents.id, assignment };
    entries.set(display.id, entry);
    const label = `display ${index} (${display.label || display.id})`;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (entries.get(display.id) === entry) entries.delete(display.id);
    });
    options.onWindow?.(win, label);
    logger.info('window opened', { display: label, view: assignment.view, kiosk: assignment.kiosk });
    load(entry);
  };

  const reconcile = () => {
    const displays = screen.getAllDisplays();
    const present = new Set<number>();
    displays.forEach((display, index) => {
      present.add(display.id);
      const assignment = assignmentFor(config, { id: display.id, label: display.label, index });
      const entry = entries.get(display.id);
      if (entry && !entry.win.isDestroyed() && sameAssignment(entry.assignment, assignment)) {
        entry.win.setBounds(display.bounds);
        return;
      }
      // A changed kiosk or full-screen choice only applies to a new window: replace it, opening
      // the new one first so the app never passes through "all windows closed" (which quits).
      open(display, index, assignment);
      if (entry && !entry.win.isDestroyed()) entry.win.destroy();
    });
    for (const [id, entry] of entries) {
      if (present.has(id)) continue;
      entries.delete(id);
      logger.info('display removed; closing its window', { displayId: id });
      if (!entry.win.isDestroyed()) entry.win.destroy();
    }
  };

  screen.on('display-added', reconcile);
  screen.on('display-removed', reconcile);
  screen.on('display-metrics-changed', reconcile);
  reconcile();

  return {
    assignmentOf(webContentsId) {
      for (const entry of entries.values()) if (entry.webContentsId === webContentsId) return entry.assignment;
      return null;
    },
    setAggregatorUrl(url) {
      if (url === aggregatorUrl) return;
      aggregatorUrl = url;
      logger.info('aggregator moved; reloading windows', { url, windows: entries.size });
      for (const entry of entries.values()) if (!entry.win.isDestroyed()) load(entry);
    },
    focus() {
      const first = entries.values().next().value;
      if (!first || first.win.isDestroyed()) return;
      if (first.win.isMinimized()) first.win.restore();
      first.win.focus();
    },
    get count() {
      return entries.size;
    },
    dispose() {
      screen.removeListener('display-added', reconcile);
      screen.removeListener('display-removed', reconcile);
      screen.removeListener('display-metrics-changed', reconcile);
    },
  };
}

function sameAssignment(a: ScreenAssignment, b: ScreenAssignment): boolean {
  return (
    a.view === b.view &&
    a.locale === b.locale &&
    a.kiosk === b.kiosk &&
    a.fullscreen === b.fullscreen &&
    a.sound?.enabled === b.sound?.enabled &&
    a.sound?.volume === b.sound?.volume
  );
}
