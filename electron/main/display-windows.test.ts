import { EventEmitter } from 'node:events';
import type { BrowserWindow, BrowserWindowConstructorOptions, Display, Screen } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { DisplayConfigSchema } from './display-config.js';
import { createDisplayWindows, windowUrl } from './display-windows.js';

vi.mock('electron', () => ({}));

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const URL1 = 'http://127.0.0.1:41000';

function display(id: number, x: number, label = ''): Display {
  return { id, label, bounds: { x, y: 0, width: 3840, height: 2160 } } as Display;
}

let nextContentsId = 100;
class FakeWindow extends EventEmitter {
  readonly webContents = { id: nextContentsId++ };
  readonly urls: string[] = [];
  destroyed = false;
  shown = false;
  bounds: unknown;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }
  loadURL(url: string) {
    this.urls.push(url);
    return Promise.resolve();
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
  show() {
    this.shown = true;
  }
  setBounds(b: unknown) {
    this.bounds = b;
  }
  isMinimized() {
    return false;
  }
  focus = vi.fn();
}

function setup(displays: Display[], config = DisplayConfigSchema.parse({})) {
  const screen = Object.assign(new EventEmitter(), { getAllDisplays: () => displays });
  const windows: FakeWindow[] = [];
  const watched: string[] = [];
  const dw = createDisplayWindows({
    screen: screen as unknown as Screen,
    createWindow: (o) => {
      const w = new FakeWindow(o);
      windows.push(w);
      return w as unknown as BrowserWindow;
    },
    config,
    aggregatorUrl: URL1,
    preloadPath: '/app/dist/electron/preload/index.cjs',
    devTools: false,
    logger,
    onWindow: (_w, label) => watched.push(label),
  });
  const open = () => windows.filter((w) => !w.destroyed);
  return { dw, screen, windows, open, watched, setDisplays: (d: Display[]) => void (displays = d) };
}

describe('windowUrl', () => {
  it('routes a wall view or the desk', () => {
    expect(windowUrl(`${URL1}/`, 'alarms')).toBe(`${URL1}/#/wall/alarms`);
    expect(windowUrl(URL1, null)).toBe(`${URL1}/#/`);
  });
});

describe('createDisplayWindows', () => {
  const config = DisplayConfigSchema.parse({
    defaults: { view: 'overview', kiosk: true },
    displays: [{ match: { index: 1 }, view: 'alarms', locale: 'en' }, { match: { label: 'desk' }, view: null, kiosk: false, fullscreen: false }],
  });

  it('opens one window per display, on that display, with its configured view', () => {
    const { open, watched } = setup([display(1, 0), display(2, 3840)], config);
    expect(open()).toHaveLength(2);
    expect(open().map((w) => w.urls)).toEqual([[`${URL1}/#/wall/overview`], [`${URL1}/#/wall/alarms`]]);
    expect(open().map((w) => [w.options.x, w.options.width])).toEqual([[0, 3840], [3840, 3840]]);
    expect(open()[0]?.options).toMatchObject({ kiosk: true, fullscreen: true, show: false });
    expect(watched).toHaveLength(2);
  });

  it('gives every window the secure web preferences and the preload', () => {
    const { open } = setup([display(1, 0)], config);
    expect(open()[0]?.options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
  });

  it('shows a window only once it has painted, so a wall never flashes white', () => {
    const { open } = setup([display(1, 0)], config);
    expect(open()[0]?.shown).toBe(false);
    open()[0]?.emit('ready-to-show');
    expect(open()[0]?.shown).toBe(true);
  });

  it('puts the operator desk, windowed, on a display configured without a view', () => {
    const { open, dw } = setup([display(9, 0, 'desk')], config);
    expect(open()[0]?.urls).toEqual([`${URL1}/#/`]);
    expect(open()[0]?.options).toMatchObject({ kiosk: false, fullscreen: false });
    expect(dw.assignmentOf(open()[0]?.webContents.id ?? -1)).toMatchObject({ view: null });
    expect(dw.assignmentOf(-5)).toBeNull();
  });

  it('follows displays being added and removed', () => {
    const { open, screen, setDisplays, dw } = setup([display(1, 0)], config);
    setDisplays([display(1, 0), display(2, 3840)]);
    screen.emit('display-added', {}, display(2, 3840));
    expect(open()).toHaveLength(2);
    expect(open()[1]?.urls).toEqual([`${URL1}/#/wall/alarms`]);
    setDisplays([display(2, 0)]);
    screen.emit('display-removed', {}, display(1, 0));
    // Display 2 is now index 0: it shows what index 0 is configured for.
    expect(open()).toHaveLength(1);
    expect(open()[0]?.urls).toEqual([`${URL1}/#/wall/overview`]);
    expect(dw.count).toBe(1);
  });

  it('moves a window when its display changes size or place', () => {
    const { open, screen, setDisplays } = setup([display(1, 0)], config);
    const before = open()[0];
    setDisplays([display(1, 1920)]);
    screen.emit('display-metrics-changed', {}, display(1, 1920), ['bounds']);
    expect(open()[0]).toBe(before);
    expect(before?.bounds).toEqual({ x: 1920, y: 0, width: 3840, height: 2160 });
  });

  it('reloads every window from the new origin when the aggregator moves', () => {
    const { open, dw } = setup([display(1, 0), display(2, 3840)], config);
    dw.setAggregatorUrl('http://127.0.0.1:42000');
    expect(open().map((w) => w.urls.at(-1))).toEqual(['http://127.0.0.1:42000/#/wall/overview', 'http://127.0.0.1:42000/#/wall/alarms']);
  });

  it('forgets a window the user closed and reopens it when displays change', () => {
    const { open, screen, windows } = setup([display(1, 0)], config);
    windows[0]?.destroy();
    expect(open()).toHaveLength(0);
    screen.emit('display-metrics-changed', {}, display(1, 0), ['workArea']);
    expect(open()).toHaveLength(1);
  });
});
