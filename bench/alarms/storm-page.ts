/// <reference lib="dom" />
/**
 * bench:alarms part (2), the browser side: the built console in Debian's Chromium at 1920×1080,
 * with probes installed before the app loads (addInitScript), so the renderer is measured as it
 * ships, unmodified:
 *
 * - update cost: the WebSocket's `onmessage` is wrapped; for each socket.io `delta` frame of the
 *   `alarms` or `incidents` topic it times the handler (decode, stream client, Pinia store,
 *   computed rows) plus Vue's render flush (the microtask queued after the handler, so it runs
 *   after Vue's) plus a forced style and layout: the main-thread work that update costs before
 *   paint, contiguous, without the idle wait for the next frame.
 * - input latency: a capture-phase keydown listener takes `event.timeStamp` (when the browser
 *   received the key, so time queued behind an update counts) to the task after the next
 *   animation frame (that frame's rendering included); and the Event Timing API's entries for
 *   the same keydowns (duration, input delay), which only exist for events ≥ 16 ms.
 * - long tasks (PerformanceObserver 'longtask') and main-thread CPU (CDP Performance
 *   TaskDuration in thread ticks, which other processes on a shared machine do not inflate).
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';

// As playwright.config.ts: Debian's Chromium, since Playwright's own download cannot work here.
export const CHROMIUM = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const LAUNCH = {
  ...(CHROMIUM ? { executablePath: CHROMIUM } : {}),
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export interface UpdateSample {
  topic: string;
  /** Handler alone: decode, stream client, store, computed. */
  handlerMs: number;
  /** Handler + Vue flush + forced style/layout. */
  totalMs: number;
  bytes: number;
}

export interface KeySample {
  key: string;
  /** keydown's timeStamp → its listener ran (queued behind other work). */
  queuedMs: number;
  /** keydown's timeStamp → the task after the next animation frame. */
  frameMs: number;
  /** Event Timing entry of this keydown, when there is one (≥ 16 ms). */
  eventDuration: number | null;
  eventInputDelay: number | null;
}

export interface PhaseResult {
  updates: UpdateSample[];
  keys: KeySample[];
  longTasks: number[];
  /** Main-thread CPU ms over the phase (CDP TaskDuration, thread ticks). */
  cpuMs: number;
  wallMs: number;
}

interface Probe {
  phase: boolean;
  updates: UpdateSample[];
  keys: Array<Omit<KeySample, 'eventDuration' | 'eventInputDelay'> & { ts: number }>;
  events: Array<{ startTime: number; duration: number; inputDelay: number }>;
  longTasks: number[];
}

/** Runs in the page before any of its scripts. */
function installProbe(): void {
  const probe: Probe = { phase: false, updates: [], keys: [], events: [], longTasks: [] };
  (window as unknown as { __stormProbe: Probe }).__stormProbe = probe;
  const desc = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;
  const wrap = (fn: (this: WebSocket, ev: MessageEvent) => unknown) =>
    function (this: WebSocket, ev: MessageEvent): unknown {
      const d: unknown = ev.data;
      if (!probe.phase || typeof d !== 'string' || !d.startsWith('42["delta"')) return fn.call(this, ev);
      const topic = /"topic":"([a-z]+)/.exec(d.slice(0, 200))?.[1] ?? 'other';
      if (topic !== 'alarms' && topic !== 'incidents') return fn.call(this, ev);
      const t0 = performance.now();
      try {
        return fn.call(this, ev);
      } finally {
        const handlerMs = performance.now() - t0;
        // Queued after the handler, so after the render flush Vue queued during it.
        queueMicrotask(() => {
          void document.body.getBoundingClientRect().height;
          probe.updates.push({ topic, handlerMs, totalMs: performance.now() - t0, bytes: d.length });
        });
      }
    };
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get(this: WebSocket) {
      return desc.get!.call(this) as unknown;
    },
    set(this: WebSocket, fn: ((this: WebSocket, ev: MessageEvent) => unknown) | null) {
      desc.set!.call(this, fn ? wrap(fn) : null);
    },
  });
  addEventListener(
    'keydown',
    (e) => {
      if (!probe.phase) return;
      const ts = e.timeStamp;
      const queuedMs = performance.now() - ts;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => probe.keys.push({ key: e.key, ts, queuedMs, frameMs: performance.now() - ts });
        ch.port2.postMessage(0);
      });
    },
    true,
  );
  new PerformanceObserver((list) => {
    for (const en of list.getEntries()) {
      const ev = en as PerformanceEventTiming;
      if (probe.phase && ev.name === 'keydown') probe.events.push({ startTime: ev.startTime, duration: ev.duration, inputDelay: ev.processingStart - ev.startTime });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
  new PerformanceObserver((list) => {
    if (probe.phase) for (const en of list.getEntries()) probe.longTasks.push(en.duration);
  }).observe({ type: 'longtask' });
}

export interface Board {
  page: Page;
  cdp: CDPSession;
  rows: () => Promise<number>;
}

export async function launch(): Promise<Browser> {
  return chromium.launch(LAUNCH);
}

/** Signs in as `username` and opens the desk board (`#/alarms`), or a wall URL when given. */
export async function openBoard(browser: Browser, url: string, login: { username: string; password: string } | null, route: string, ready: string): Promise<Board> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  // As a string: tsx's keep-names helper (__name) that a serialised function would call does not exist in the page.
  await context.addInitScript({ content: `globalThis.__name = (f) => f; (${installProbe.toString()})();` });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  if (login) {
    await page.goto(`${url}/#/login`);
    await page.fill('input[name=username]', login.username);
    await page.fill('input[name=password]', login.password);
    await page.click('button[type=submit]');
    await page.getByTestId('who').waitFor({ timeout: 60_000 });
  }
  await page.goto(`${url}/${route}`);
  await page.locator(ready).first().waitFor({ timeout: 120_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return { page, cdp, rows: () => page.locator('[data-testid="board-row"]').count() };
}

async function taskCpuMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
}

/** Down ten rows, up ten, over and over: the cursor always moves, whatever the row count (≥ 11). */
const KEYS = ['ArrowDown', 'j', 'ArrowDown', 'j', 'ArrowDown', 'j', 'ArrowDown', 'j', 'ArrowDown', 'j', 'ArrowUp', 'k', 'ArrowUp', 'k', 'ArrowUp', 'k', 'ArrowUp', 'k', 'ArrowUp', 'k'];

/**
 * One measured phase: the probe on, a key every `keyEveryMs` (when `keys`) while `during` runs
 * (the storm, or a plain wait for the idle baseline), then `tailMs` more for the last updates.
 */
export async function measure(board: Board, opts: { keys: boolean; keyEveryMs: number; durationMs: number; tailMs: number }, during: () => Promise<void>): Promise<PhaseResult> {
  const { page, cdp } = board;
  await page.evaluate(() => {
    const p = (window as unknown as { __stormProbe: Probe }).__stormProbe;
    Object.assign(p, { phase: true, updates: [], keys: [], events: [], longTasks: [] });
  });
  const cpu0 = await taskCpuMs(cdp);
  const t0 = performance.now();
  const presses: Promise<void>[] = [];
  const typing = (async () => {
    if (!opts.keys) return;
    for (let i = 0; performance.now() - t0 < opts.durationMs; i++) {
      const wait = t0 + i * opts.keyEveryMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      presses.push(page.keyboard.press(KEYS[i % KEYS.length]!));
    }
  })();
  await Promise.all([during(), typing]);
  await Promise.all(presses);
  await new Promise((r) => setTimeout(r, opts.tailMs));
  const cpuMs = (await taskCpuMs(cdp)) - cpu0;
  const wallMs = performance.now() - t0;
  const got = await page.evaluate(() => {
    const p = (window as unknown as { __stormProbe: Probe }).__stormProbe;
    p.phase = false;
    return { updates: p.updates, keys: p.keys, events: p.events, longTasks: p.longTasks };
  });
  // Event Timing entries carry the event's start time, which is the keydown's timeStamp.
  const keys: KeySample[] = got.keys.map(({ ts, ...k }) => {
    const ev = got.events.find((e) => Math.abs(e.startTime - ts) < 1);
    return { ...k, eventDuration: ev?.duration ?? null, eventInputDelay: ev?.inputDelay ?? null };
  });
  return { updates: got.updates, keys, longTasks: got.longTasks, cpuMs, wallMs };
}
