/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, startAggregator, type Aggregator } from './aggregator.js';
import { signIn } from './console-helpers.js';

/**
 * Issue #7 in the console on the simulated cloud: the health board shows the B/O/M domain scores
 * and the business systems' heat grid; a tenant sees only its own systems (the server filters the
 * `health` topic) and reads a score's reason in its locale; a tenant-admin builds a dashboard with
 * one panel and sees its performance curve drawn.
 */
let server: Aggregator;
test.beforeAll(async () => {
  server = await startAggregator();
});
test.afterAll(async () => {
  await server.stop();
});

interface ScorePage {
  items: Array<{ nodeId: string; name?: string; score: number }>;
}

async function openHealth(page: Page, user: string): Promise<void> {
  await signIn(page, server.url, user, DEMO_PASSWORD);
  await expect(page.getByTestId('who')).toBeVisible();
  await page.goto(`${server.url}/#/health`);
  await expect(page.getByTestId('health-board')).toBeVisible();
}

const tileIds = (page: Page) => page.locator('[data-testid=health-systems] [data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')!).sort());

test('the health board shows the B/O/M domain scores, numbers and status words', async ({ page }) => {
  await openHealth(page, 'op1');
  for (const d of ['B', 'O', 'M']) {
    const tile = page.getByTestId(`domain-${d}`);
    await expect(tile).toBeVisible({ timeout: 20_000 });
    await expect(tile).toHaveAttribute('data-score', /^\d+(\.\d)?$/);
    // Status as glyph and word, never colour alone.
    await expect(tile.locator('.status-badge .label')).not.toHaveText('');
  }
  const ops = await server.api<ScorePage>('GET', '/api/v1/health/scores?scope=business&limit=1000', await server.login('op1'));
  await expect.poll(() => tileIds(page), { timeout: 20_000 }).toEqual(ops.items.map((s) => s.nodeId).sort());
  // Drill into a domain: its factors (or the full score) in the reader's locale.
  await page.getByTestId('domain-B').click();
  await expect(page.getByTestId('drill-score')).toHaveText(/\d/);
});

test('a tenant sees only its own systems and reads a plain reason', async ({ page }) => {
  const admin = await server.login('admin');
  const topo = await server.api<{ nodes: Array<{ id: string; tenant: string | null; layer: string }> }>('GET', '/api/v1/topology', admin);
  const billing = topo.nodes.filter((n) => n.layer === 'business' && n.tenant === 'billing').map((n) => n.id).sort();
  const others = topo.nodes.filter((n) => n.layer === 'business' && n.tenant !== 'billing').map((n) => n.id);
  expect(billing.length).toBeGreaterThan(0);
  expect(others.length).toBeGreaterThan(0);

  await openHealth(page, 'billing-viewer');
  await expect.poll(() => tileIds(page), { timeout: 20_000 }).toEqual(billing);
  const shown = await page.locator('[data-testid=health-board] [data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
  for (const id of others) expect(shown).not.toContain(id);

  await page.locator(`[data-testid=health-systems] [data-node="${billing[0]}"]`).click();
  await expect(page.getByTestId('drill-score')).toContainText('分');
  // Tenants read the reason; only operations roles get the raw metric curve.
  await expect(page.getByTestId('factor-curve')).toHaveCount(0);
  // A business system's availability against its target, per day, week and month.
  await expect(page.getByTestId('sla-figures').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('sla-figures')).toContainText('99.99%');
});

test('a tenant-admin builds a dashboard with one panel and sees its curve', async ({ page }) => {
  const token = await server.login('billing-admin');
  const systems = await server.api<ScorePage>('GET', '/api/v1/health/scores?scope=business&limit=1000', token);
  const system = systems.items.find((s) => s.name)!;

  await signIn(page, server.url, 'billing-admin', DEMO_PASSWORD);
  await expect(page.getByTestId('who')).toBeVisible();
  await page.goto(`${server.url}/#/dashboards`);
  await page.getByTestId('new-dashboard').click();
  await page.locator('input[name=dashboard-name]').fill('计费性能');
  await page.getByTestId('add-panel').click();

  await page.getByTestId('panel-node').click();
  await page.keyboard.type(system.name!);
  await page.locator('.n-base-select-option:visible', { hasText: system.name! }).first().click();
  // The node menu fades out: wait until it is gone, or the next click lands on one of its options.
  await expect(page.locator('.n-base-select-menu:visible')).toHaveCount(0);
  await page.getByTestId('panel-metric').click();
  await page.locator('.n-base-select-option:visible').first().click();
  await expect(page.getByTestId('save-dashboard')).toBeEnabled();
  await page.getByTestId('save-dashboard').click();

  const panel = page.getByTestId('dashboard-panel');
  await expect(panel).toHaveCount(1, { timeout: 15_000 });
  const chart = panel.getByTestId('performance-chart');
  await expect(chart.locator('canvas').first()).toBeVisible({ timeout: 15_000 });
  // About two buckets per pixel of the chart's width.
  const width = await chart.evaluate((el) => el.clientWidth);
  const points = Number(await chart.getAttribute('data-points'));
  expect(points).toBeGreaterThanOrEqual(Math.min(2000, Math.round(2 * width) - 4));

  const stored = await server.api<{ items: Array<{ name: string; tenant: string; panels: Array<{ node: string }> }> }>('GET', '/api/v1/dashboards', token);
  expect(stored.items).toEqual([expect.objectContaining({ name: '计费性能', tenant: 'billing', panels: [expect.objectContaining({ node: system.nodeId })] })]);
  // Another tenant does not see it.
  expect((await server.api<{ items: unknown[] }>('GET', '/api/v1/dashboards', await server.login('channel-admin'))).items).toEqual([]);
});
