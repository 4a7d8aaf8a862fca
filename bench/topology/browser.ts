/**
 * bench:topology's browser plumbing: the page bundled with vite, served from a temporary folder
 * on loopback, opened in Debian's Chromium with a CDP session (forced GC + heap reads, and CPU
 * profiles when BENCH_PROFILE names a folder).
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { log } from './report-format.js';

const HERE = dirname(fileURLToPath(import.meta.url));

// As playwright.config.ts: Debian's Chromium, since Playwright's own download cannot work here.
export const LAUNCH = {
  ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export async function buildPage(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'skyfort-bench-topology-'));
  const from = process.env.BENCH_RENDERER_FROM;
  await build({
    configFile: false,
    root: join(HERE, 'page'),
    base: './',
    logLevel: 'error',
    // Readable names in CPU profiles (BENCH_PROFILE); minified, as shipped, for the timed runs.
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4_000, minify: !process.env.BENCH_PROFILE },
    // BENCH_RENDERER_FROM=<folder holding another renderer/ + shared/ tree>: that tree's chart
    // renderer, fed by this tree's model, to compare two versions of the chart in one sitting.
    resolve: from ? { alias: [{ find: /^(?:\.\.\/){3}renderer\/features\/topology\/topology-chart-renderer$/, replacement: join(from, 'renderer/features/topology/topology-chart-renderer.ts') }] } : {},
    plugins: from
      ? [
          {
            // The other tree has no node_modules of its own: its packages come from this one.
            name: 'bench-other-tree-packages',
            async resolveId(source, importer) {
              if (!importer?.startsWith(from) || source.startsWith('.') || source.startsWith('/') || source.startsWith('\0')) return null;
              return this.resolve(source, join(HERE, 'run.ts'), { skipSelf: true });
            },
          },
        ]
      : [],
  });
  return outDir;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

export interface OpenPage {
  page: Page;
  cdp: CDPSession;
  close: () => Promise<void>;
}

export async function openPage(url: string): Promise<OpenPage> {
  const browser = await chromium.launch(LAUNCH);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`  page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => 'bench' in window, null, { timeout: 30_000 });
  const cdp = await context.newCDPSession(page);
  // Task durations in the main thread's own CPU time: a second reading per update that other
  // processes on a shared machine do not inflate (wall time does, when they take the core away).
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return { page, cdp, close: () => browser.close() };
}

/** Main-thread CPU ms spent in tasks so far (Performance.getMetrics TaskDuration, thread ticks). */
export async function taskCpuMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
}

export async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
}

/** BENCH_PROFILE=<folder>: a CPU profile of `run` saved as <folder>/<name>.cpuprofile (not for timed runs). */
export async function profiled<T>(cdp: CDPSession, name: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return run();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    log(`  profile: ${join(dir, `${name}.cpuprofile`)}`);
  }
}
