/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { startAggregator, type Aggregator } from './aggregator.js';
import { expectLive } from './console-helpers.js';

let server: Aggregator;
let display: string;
let admin: string;
test.beforeAll(async () => {
  // A data-center failure in progress, so the wall shows what it is for: trouble.
  server = await startAggregator({ args: ['--scenario', 'dc-failure'] });
  admin = await server.login('admin');
  display = (
    await server.api<{ token: string }>('POST', '/api/v1/display-credentials', admin, {
      name: 'screenshot wall',
      scope: { tenants: null, topics: ['topology', 'nodes', 'overview'], views: ['overview', 'topology'] },
    })
  ).token;
});
test.afterAll(async () => {
  await server.stop();
});

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];
for (const locale of ['zh-CN', 'en'] as const) {
  for (const size of SIZES) {
    test(`wall overview screenshot, ${locale}, ${size.width}×${size.height}`, async ({ browser }, info) => {
      const context = await browser.newContext({ viewport: size, locale });
      await context.addInitScript((l) => localStorage.setItem('skyfort.locale', l), locale);
      const page = await context.newPage();
      await page.goto(`${server.url}/#/wall/overview?display=${display}`);
      await expectLive(page);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      // The wall fills the screen without scrolling.
      const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      expect(overflow).toBeLessThanOrEqual(0);
      // Readable from 5 m: the big numbers are at least 3.2 % of the screen height.
      const px = await page.getByTestId('node-count').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(px / size.height).toBeGreaterThan(0.032);
      for (let i = 0; i < 3; i++) {
        await server.api('POST', '/api/v1/demo/clock', admin, { action: 'advance', seconds: 90 });
        await page.waitForTimeout(1_500); // status changes reach the ticker, sparklines gain points
      }
      const file = info.outputPath(`wall-overview-${locale}-${size.width}x${size.height}.png`);
      await page.screenshot({ path: file });
      await info.attach(`wall overview ${locale} ${size.width}×${size.height}`, { path: file, contentType: 'image/png' });
      await context.close();
    });
  }
}

// The topology wall on a 4K display: boxes, counts and names are drawn by the chart's own layer
// (topology-box-paint.ts), so the screenshot is the check that they render, in both scripts.
for (const locale of ['zh-CN', 'en'] as const) {
  test(`wall topology screenshot, ${locale}, 3840×2160`, async ({ browser }, info) => {
    const size = { width: 3840, height: 2160 };
    const context = await browser.newContext({ viewport: size, locale });
    await context.addInitScript((l) => localStorage.setItem('skyfort.locale', l), locale);
    const page = await context.newPage();
    await page.goto(`${server.url}/#/wall/topology?display=${display}`);
    await expect.poll(() => page.evaluate(() => window.__skyfortTopology?.drawnCount() ?? 0), { timeout: 20_000 }).toBeGreaterThan(40);
    // Readable from 5 m: box labels at least 1.4 % of the screen height, names not much smaller.
    const px = await page.evaluate(() => window.__skyfortTopology!.labelPx());
    expect(px.boxes! / size.height).toBeGreaterThan(0.014);
    // Into the failure, so boxes show their worst status and counts per status.
    for (let i = 0; i < 3; i++) {
      await server.api('POST', '/api/v1/demo/clock', admin, { action: 'advance', seconds: 90 });
      await page.waitForTimeout(1_000);
    }
    const file = info.outputPath(`wall-topology-${locale}-${size.width}x${size.height}.png`);
    await page.screenshot({ path: file });
    await info.attach(`wall topology ${locale} ${size.width}×${size.height}`, { path: file, contentType: 'image/png' });
    await context.close();
  });
}
