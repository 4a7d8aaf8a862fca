import { expect, test } from '@playwright/test';
import { startAggregator, type Aggregator } from './aggregator.js';
import { expectLive, signIn } from './console-helpers.js';

/** People's tokens live 12 s here, so a run can outlive one. */
const PERSON_TTL_MS = 12_000;
let server: Aggregator;
test.beforeAll(async () => {
  server = await startAggregator({ env: { SKYFORT_SESSION_TTL_MS: String(PERSON_TTL_MS) } });
});
test.afterAll(async () => {
  await server.stop();
});

test('a wall on a display credential outlives the people-token lifetime without asking anyone to sign in; a desk refreshes its token', async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await server.login('admin');
  const issued = await server.api<{ token: string }>('POST', '/api/v1/display-credentials', admin, {
    name: 'e2e wall',
    scope: { tenants: null, topics: ['topology', 'nodes', 'overview', 'metrics:*'], views: ['overview'] },
  });

  const wall = await (await browser.newContext()).newPage();
  await wall.goto(`${server.url}/#/wall/overview?display=${issued.token}`);
  await expectLive(wall);
  // The credential leaves the address bar once it is kept.
  await expect.poll(() => wall.url()).not.toContain('sfd_');

  const desk = await (await browser.newContext()).newPage();
  await signIn(desk, server.url, 'op1', 'skyfort-demo');
  await expectLive(desk);

  await wall.waitForTimeout(PERSON_TTL_MS + 4_000);
  for (const page of [wall, desk]) {
    await expect(page.locator('input[name=password]')).toHaveCount(0);
    await expect(page.getByTestId('stale-banner')).toHaveCount(0);
    const tps = page.getByTestId('totals-tps');
    const before = await tps.textContent();
    await expect.poll(async () => tps.textContent(), { timeout: 20_000 }).not.toBe(before);
  }
  // The wall survives a reload: the credential was kept on this machine.
  await wall.reload();
  await expectLive(wall);
  await expect(wall.getByTestId('wall')).toBeVisible();

  // Revoking the credential ends the wall at once and says so (admin's first token has expired by now).
  const admin2 = await server.login('admin');
  const list = await server.api<{ items: { id: string; name: string }[] }>('GET', '/api/v1/display-credentials', admin2);
  const id = list.items.find((c) => c.name === 'e2e wall')!.id;
  await fetch(new URL(`/api/v1/display-credentials/${id}`, server.url), { method: 'DELETE', headers: { authorization: `Bearer ${admin2}` } });
  await expect(wall.getByText('大屏凭据已失效')).toBeVisible({ timeout: 10_000 });
});
