import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, startAggregator, type Aggregator } from './aggregator.js';
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
  layer: string;
  status: string;
}

test('the stale banner appears within 2 s of a hung or dead aggregator and clears when it returns; paused, the page equals the API', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await expectLive(page);
  const banner = page.getByTestId('stale-banner');
  await expect(banner).toHaveCount(0);

  // Hung: the process is stopped, its sockets stay open, only the heartbeats stop.
  server.signal('SIGSTOP');
  const hungAt = Date.now();
  await expect(banner).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - hungAt).toBeLessThan(2_000);
  await expect(banner).toContainText('数据已停止更新，最后更新于');
  server.signal('SIGCONT');
  await expect(banner).toHaveCount(0, { timeout: 10_000 });

  // Dead: killed outright, then started again on the same port and store (a new stream epoch).
  await server.kill();
  const deadAt = Date.now();
  await expect(banner).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - deadAt).toBeLessThan(2_000);
  await server.restart();
  await expect(banner).toHaveCount(0, { timeout: 20_000 });

  // With source time paused nothing moves, so what the page shows must equal what REST says.
  const admin = await server.login('admin');
  await server.api('POST', '/api/v1/demo/clock', admin, { action: 'pause' });
  const topo = await server.api<{ nodes: NodeRow[] }>('GET', '/api/v1/topology', admin);
  const business = topo.nodes.filter((n) => n.layer === 'business');
  let tps = 0;
  for (const n of business) {
    const s = await server.api<{ series: { metric: string; v: number }[] }>('GET', `/api/v1/metrics/series?node=${n.id}`, admin);
    tps += s.series.find((x) => x.metric === 'tps')?.v ?? 0;
  }
  await expect.poll(async () => numberOf(await page.getByTestId('node-count').textContent()), { timeout: 10_000 }).toBe(topo.nodes.length);
  for (const status of ['ok', 'warning', 'critical', 'down', 'unknown', 'maintenance']) {
    const expected = topo.nodes.filter((n) => n.status === status).length;
    await expect
      .poll(async () => numberOf(await page.getByTestId(`status-count-${status}`).locator('.big').textContent()), { timeout: 10_000, message: status })
      .toBe(expected);
  }
  await expect.poll(async () => numberOf(await page.getByTestId('totals-tps').textContent()), { timeout: 10_000 }).toBe(Math.round(tps));
  await expect(banner).toHaveCount(0);
});
