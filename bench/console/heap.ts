/// <reference lib="dom" />
/**
 * The soak: a signed-in console sits on the overview while the aggregator streams at --speed 10,
 * and every interval the renderer's JS heap is read after a forced GC (CDP, so the page runs with
 * no extra V8 flags). Each view gets its own browser process: Runtime.getHeapUsage and
 * Memory.getDOMCounters are per renderer process, and two pages sharing one would blur together.
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';

export interface HeapSample {
  /** Minutes since the first live frame. */
  atMin: number;
  usedBytes: number;
  /** Elements in the document. */
  domElements: number;
  /** Every DOM node the renderer holds, detached ones included (Memory.getDOMCounters). */
  liveNodes: number;
  listeners: number;
  echarts: number;
  /** Rows in the status-change ticker (capped at 40 by the store). */
  tickerRows: number;
}

export interface Census {
  key: string;
  count: number;
  bytes: number;
}

/** Snapshot self sizes by kind: V8's compiled code, other JS heap objects, Blink's C++ heap. */
export interface Split {
  code: number;
  js: number;
  native: number;
}

export interface SoakResult {
  view: string;
  samples: HeapSample[];
  /** Heap snapshot at 1 min against the end, by constructor; largest growth in bytes first. */
  growth: Census[];
  /** The same two snapshots by kind: separates JIT tier-up from data the page holds. */
  split: [Split, Split] | null;
}

export interface SoakOptions {
  url: string;
  username: string;
  password: string;
  route: string;
  view: string;
  minutes: number;
  intervalS: number;
  snapshots: boolean;
  launch: { executablePath?: string; args: string[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Post-GC readings per sample; the least is kept (see usedAfterGc). */
export const READS_PER_SAMPLE = 5;

/**
 * The JS heap right after a forced GC. The page keeps running between the GC and the read (each
 * CDP command is its own round trip), and a delta that arrives in that gap is parsed into the
 * young generation: single readings taken 50 ms apart differed by up to 1.2 MiB of such fresh
 * garbage on the wall (12.5 MiB), more than the whole 5% being judged. Retained memory is in
 * every reading and garbage only ever adds to one, so the least of a few GC-then-read pairs is
 * the heap the page holds.
 */
async function usedAfterGc(cdp: CDPSession): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < READS_PER_SAMPLE; i++) {
    // Twice: the first pass can leave work for finalizers and weak callbacks that a second frees.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    least = Math.min(least, (await cdp.send('Runtime.getHeapUsage')).usedSize);
  }
  return least;
}

async function sample(cdp: CDPSession, page: Page, atMin: number): Promise<HeapSample> {
  const usedBytes = await usedAfterGc(cdp);
  const counters = await cdp.send('Memory.getDOMCounters');
  const dom = await page.evaluate(() => ({
    elements: document.getElementsByTagName('*').length,
    echarts: document.querySelectorAll('[_echarts_instance_]').length,
    ticker: document.querySelectorAll('[data-testid="status-ticker"] li').length,
  }));
  return {
    atMin,
    usedBytes,
    domElements: dom.elements,
    liveNodes: counters.nodes,
    listeners: counters.jsEventListeners,
    echarts: dom.echarts,
    tickerRows: dom.ticker,
  };
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/**
 * Object count and self size by constructor (objects and natives by name, the rest by V8 type),
 * and the snapshot's bytes by kind.
 */
async function census(cdp: CDPSession): Promise<{ byKey: Map<string, Census>; split: Split }> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join('')) as RawSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize, width] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size'), fields.length];
  const out = new Map<string, Census>();
  const kinds: Split = { code: 0, js: 0, native: 0 };
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]!]!;
    kinds[type === 'code' ? 'code' : type === 'native' ? 'native' : 'js'] += snap.nodes[i + iSize]!;
    const key = type === 'object' || type === 'native' ? snap.strings[snap.nodes[i + iName]!]! : `(${type})`;
    const c = out.get(key) ?? { key, count: 0, bytes: 0 };
    c.count++;
    c.bytes += snap.nodes[i + iSize]!;
    out.set(key, c);
  }
  return { byKey: out, split: kinds };
}

function diff(a: Map<string, Census>, b: Map<string, Census>): Census[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys]
    .map((key) => ({ key, count: (b.get(key)?.count ?? 0) - (a.get(key)?.count ?? 0), bytes: (b.get(key)?.bytes ?? 0) - (a.get(key)?.bytes ?? 0) }))
    .filter((c) => c.bytes > 0 || c.count > 0)
    .sort((x, y) => y.bytes - x.bytes);
}

export async function soak(o: SoakOptions): Promise<SoakResult> {
  const browser = await chromium.launch(o.launch);
  try {
    // A wall-sized viewport: the sizes the charts are drawn at on the real screens.
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${o.url}/#/login?next=${encodeURIComponent(o.route)}`);
    await page.fill('input[name=username]', o.username);
    await page.fill('input[name=password]', o.password);
    await page.click('button[type=submit]');
    await page.waitForFunction(() => performance.getEntriesByName('skyfort:first-live-frame').length > 0, null, { timeout: 30_000, polling: 100 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const samples: HeapSample[] = [];
    let first: Awaited<ReturnType<typeof census>> | null = null;
    let last: Awaited<ReturnType<typeof census>> | null = null;
    const t0 = performance.now();
    const steps = Math.round((o.minutes * 60) / o.intervalS);
    for (let i = 0; i <= steps; i++) {
      const wait = t0 + i * o.intervalS * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
      const s = await sample(cdp, page, (i * o.intervalS) / 60);
      samples.push(s);
      process.stdout.write(`  ${o.view} ${s.atMin.toFixed(1)} min: heap ${(s.usedBytes / 2 ** 20).toFixed(2)} MiB, ${s.domElements} elements, ${s.liveNodes} live nodes, ${s.echarts} charts\n`);
      // Snapshots right after the 1-minute reading and the last one, so they bracket the window judged.
      if (o.snapshots && i * o.intervalS === 60) first = await census(cdp);
      if (o.snapshots && i === steps && first) last = await census(cdp);
    }
    await context.close();
    return { view: o.view, samples, growth: first && last ? diff(first.byKey, last.byKey) : [], split: first && last ? [first.split, last.split] : null };
  } finally {
    await browser.close();
  }
}

export interface HeapSummary {
  at1: number;
  end: number;
  max: number;
  /** (end − at 1 min) / at 1 min */
  growthEnd: number;
  /** (max − at 1 min) / at 1 min */
  growthMax: number;
  /** Largest deviation either way from the 1-minute reading, as a fraction of it. */
  spread: number;
  /** Least-squares slope over [1 min, end], bytes per minute. */
  slopePerMin: number;
}

export function summarise(samples: HeapSample[]): HeapSummary | null {
  const window = samples.filter((s) => s.atMin >= 1 - 1e-9);
  const at1 = window[0]?.usedBytes;
  const end = window.at(-1)?.usedBytes;
  if (at1 === undefined || end === undefined || window.length < 2) return null;
  const ys = window.map((s) => s.usedBytes);
  const max = Math.max(...ys);
  const n = window.length;
  const mx = window.reduce((a, s) => a + s.atMin, 0) / n;
  const my = ys.reduce((a, y) => a + y, 0) / n;
  const sxy = window.reduce((a, s) => a + (s.atMin - mx) * (s.usedBytes - my), 0);
  const sxx = window.reduce((a, s) => a + (s.atMin - mx) ** 2, 0);
  return {
    at1,
    end,
    max,
    growthEnd: (end - at1) / at1,
    growthMax: (max - at1) / at1,
    spread: Math.max(...ys.map((y) => Math.abs(y - at1))) / at1,
    slopePerMin: sxx > 0 ? sxy / sxx : 0,
  };
}
