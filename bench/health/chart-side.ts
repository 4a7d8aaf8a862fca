/**
 * bench:health, browser side: the page (page/main.ts) bundled with vite and opened in Debian's
 * Chromium (bench/topology's launch flags and static server); one N-point series drawn raw versus
 * Skyfort's downsampled performance chart, one appended point per update.
 */
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { LAUNCH, serve } from '../topology/browser.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface ChartRun {
  ms: number[];
  drawnPoints: number;
  budget: number;
  firstMs: number;
}

export interface ChartResults {
  raw: ChartRun[];
  skyfort: ChartRun[];
}

interface PageBench {
  raw(n: number, updates: number, step: number): ChartRun;
  skyfort(n: number, updates: number, step: number): ChartRun;
}

/** Alternates raw and skyfort `rounds` times in one page, so both see the same machine load. */
export async function runCharts(o: { points: number; updates: number; stepMs: number; rounds: number; log: (s: string) => void }): Promise<ChartResults> {
  const outDir = mkdtempSync(join(tmpdir(), 'skyfort-bench-health-'));
  await build({ configFile: false, root: join(HERE, 'page'), base: './', logLevel: 'error', build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4_000 } });
  const { server, url } = await serve(outDir);
  const browser = await chromium.launch(LAUNCH);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (e) => o.log(`  page error: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => 'bench' in window, null, { timeout: 30_000 });
    const out: ChartResults = { raw: [], skyfort: [] };
    for (let r = 0; r < o.rounds; r++) {
      for (const mode of ['raw', 'skyfort'] as const) {
        const res = await page.evaluate(({ mode, n, u, step }) => (window as unknown as { bench: PageBench }).bench[mode](n, u, step), { mode, n: o.points, u: o.updates, step: o.stepMs });
        out[mode].push(res);
        const sorted = [...res.ms].sort((a, b) => a - b);
        o.log(`  ${mode} round ${r + 1}: ${res.drawnPoints} points drawn, first ${res.firstMs.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms per update`);
      }
    }
    return out;
  } finally {
    await browser.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
