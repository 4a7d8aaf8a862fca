/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, startAggregator, type Aggregator } from './aggregator.js';
import { expectLive, signIn } from './console-helpers.js';

let server: Aggregator;
test.beforeAll(async () => {
  // A data-center failure at ten times real speed: statuses, scores, alarm counts and the ticker
  // all change every few seconds, as on a bad night.
  server = await startAggregator({ args: ['--speed', '10', '--scenario', 'dc-failure'] });
});
test.afterAll(async () => {
  await server.stop();
});

type ShiftEntry = PerformanceEntry & { value: number; sources: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] };

for (const view of ['/wall/overview', '/overview']) {
  test(`${view} holds still while the data changes: new values rewrite fixed rows and cells, nothing jumps`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, `${server.url}/#/login?next=${encodeURIComponent(view)}`, 'admin', ADMIN_PASSWORD);
    await expectLive(page);
    // Every panel holds its first data (alarm counts, domain scores) before the watch starts.
    await expect(page.getByTestId('overview-severity-counts').locator('.big').first()).toHaveText(/\d/, { timeout: 15_000 });
    await expect(page.getByTestId('overview-domain-health').locator('.score').first()).toHaveText(/\d/, { timeout: 15_000 });
    await page.evaluate(() => {
      const w = window as unknown as { __shifts: string[]; __changes: number };
      w.__shifts = [];
      w.__changes = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as ShiftEntry[]) {
          const what = e.sources.map((s) => (s.node instanceof Element ? `${s.node.tagName}.${s.node.className} "${(s.node.textContent ?? '').slice(0, 40)}" y ${s.previousRect.y}→${s.currentRect.y} h ${s.previousRect.height}→${s.currentRect.height}` : '?'));
          w.__shifts.push(`${e.value.toFixed(5)} ${what.join(' | ')}`);
        }
      }).observe({ type: 'layout-shift' });
      // Counts that the wall did change meanwhile, so a frozen page cannot pass.
      new MutationObserver((records) => (w.__changes += records.length)).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // Source time moves on through the failure itself (the story may still be in its quiet
    // prologue when the watch starts): statuses fall, the ticker and the attention list fill.
    const admin = await server.login('admin');
    for (let i = 0; i < 3; i++) {
      await server.api('POST', '/api/v1/demo/clock', admin, { action: 'advance', seconds: 90 });
      await page.waitForTimeout(4_000);
    }
    await page.waitForTimeout(3_000);
    const { shifts, changes } = await page.evaluate(() => {
      const w = window as unknown as { __shifts: string[]; __changes: number };
      return { shifts: w.__shifts, changes: w.__changes };
    });
    expect(changes, 'the page changed while it was watched').toBeGreaterThan(20);
    const ticker = page.getByTestId('status-ticker').locator('li');
    expect(await ticker.count(), 'status changes reached the ticker').toBeGreaterThan(0);
    expect(shifts).toEqual([]);
    await context.close();
  });
}
