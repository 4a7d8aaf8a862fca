import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, DEMO_PASSWORD, startAggregator, type Aggregator } from './aggregator.js';
import { expectLive, numberOf, signIn } from './console-helpers.js';

let server: Aggregator;
test.beforeAll(async () => {
  server = await startAggregator();
});
test.afterAll(async () => {
  await server.stop();
});

interface NodeRow {
  id: string;
  name: string;
  tenant: string | null;
  layer: string;
}

test('admin signs in and sees the whole platform with live totals that change', async ({ page }) => {
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await expectLive(page);
  const admin = await server.login('admin');
  const all = await server.api<{ nodes: NodeRow[] }>('GET', '/api/v1/topology', admin);
  await expect(page.getByTestId('node-count')).toHaveText(all.nodes.length.toLocaleString('en-US'));
  await expect(page.getByTestId('who')).toContainText('管理员');
  // Live numbers: platform TPS moves as the simulated cloud reports.
  const tps = page.getByTestId('totals-tps');
  const first = await tps.textContent();
  await expect.poll(async () => tps.textContent(), { timeout: 20_000 }).not.toBe(first);
  // The layer grid sums to the node count.
  const layerCells = await page.getByTestId('layer-grid').locator('tbody td').allTextContents();
  expect(layerCells.reduce((s, c) => s + numberOf(c), 0)).toBe(all.nodes.length);
});

test('a tenant user sees only its own systems and the shared platform nodes they run on', async ({ page }) => {
  await signIn(page, server.url, 'channel-admin', DEMO_PASSWORD);
  await expectLive(page);
  const mine = await server.api<{ nodes: NodeRow[] }>('GET', '/api/v1/topology', await server.login('channel-admin'));
  const all = await server.api<{ nodes: NodeRow[] }>('GET', '/api/v1/topology', await server.login('admin'));
  const count = numberOf(await page.getByTestId('node-count').textContent());
  expect(count).toBe(mine.nodes.length);
  expect(count).toBeLessThan(all.nodes.length);
  expect(mine.nodes.some((n) => n.tenant === null)).toBe(true);
  expect(mine.nodes.every((n) => n.tenant === null || n.tenant === 'channel')).toBe(true);

  // Searching for the other tenant's business system finds nothing; its own is found.
  const theirs = all.nodes.find((n) => n.tenant === 'billing' && n.layer === 'business')!;
  const own = mine.nodes.find((n) => n.tenant === 'channel' && n.layer === 'business')!;
  const search = page.getByTestId('node-search').locator('input');
  await search.fill(theirs.id);
  await expect(page.getByTestId('node-list-count')).toHaveText(/^共 0 个$/);
  await expect(page.locator(`[data-node="${theirs.id}"]`)).toHaveCount(0);
  await search.fill(own.id);
  await expect(page.locator(`tr[data-node="${own.id}"]`)).toBeVisible();
  // Its business totals count only its own systems.
  const systems = mine.nodes.filter((n) => n.layer === 'business').length;
  await expect(page.getByText(`${systems} / ${systems} 个业务系统上报`)).toBeVisible({ timeout: 15_000 });
});

test('a wrong password shows a clear message, in both languages', async ({ page }) => {
  await signIn(page, server.url, 'op1', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');
  await page.getByTestId('locale-switch').click();
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password');
  await expect(page.locator('input[name=username]')).toHaveValue('op1');
});
