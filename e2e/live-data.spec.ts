import { expect, test } from '@playwright/test';
import { startAggregator } from './aggregator.js';

let server: Awaited<ReturnType<typeof startAggregator>>;

test.beforeAll(async () => {
  server = await startAggregator();
});
test.afterAll(async () => {
  await server.stop();
});

async function login(page: import('@playwright/test').Page, username: string, password: string) {
  await page.goto(server.url);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

test('admin signs in and sees live platform totals that change', async ({ page }) => {
  await login(page, 'admin', 'e2e-admin-pass');
  await expect(page.getByTestId('node-count')).toHaveText(/^\d+$/, { timeout: 10_000 });
  expect(Number(await page.getByTestId('node-count').textContent())).toBeGreaterThan(20);
  // Live numbers: a business system's TPS changes with the next 10 s sample.
  const tps = page.getByTestId('tps').first();
  await expect(tps).toHaveText(/\d/, { timeout: 10_000 });
  const first = await tps.textContent();
  await expect.poll(async () => tps.textContent(), { timeout: 25_000 }).not.toBe(first);
  // Shared platform node and both tenants' systems are visible to operations.
  await expect(page.locator('tr[data-node]')).not.toHaveCount(0);
});

test('a tenant user sees only its own systems and the shared platform nodes', async ({ page, request }) => {
  await login(page, 'channel-admin', 'skyfort-demo');
  await expect(page.getByTestId('node-count')).toHaveText(/^\d+$/, { timeout: 10_000 });
  const tenantCount = Number(await page.getByTestId('node-count').textContent());
  const admin = await (await request.post(`${server.url}/api/v1/auth/login`, { data: { username: 'admin', password: 'e2e-admin-pass' } })).json();
  const all = await (await request.get(`${server.url}/api/v1/topology`, { headers: { authorization: `Bearer ${admin.token}` } })).json();
  expect(tenantCount).toBeGreaterThan(0);
  expect(tenantCount).toBeLessThan(all.nodes.length);
  const billingSystems = all.nodes.filter((n: { tenant: string | null }) => n.tenant === 'billing');
  for (const n of billingSystems) await expect(page.locator(`tr[data-node="${n.id}"]`)).toHaveCount(0);
});

test('a wrong password shows a clear message in both languages', async ({ page }) => {
  await login(page, 'admin', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');
  await page.getByRole('button', { name: 'English' }).click();
  await page.click('button[type=submit]');
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password');
});
