/// <reference lib="dom" />
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { io } from 'socket.io-client';
import type { Snapshot } from '../shared/protocol/stream.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, startAggregator, type Aggregator } from './aggregator.js';
import { signIn } from './console-helpers.js';

let server: Aggregator;
test.beforeAll(async () => {
  server = await startAggregator();
});
test.afterAll(async () => {
  await server.stop();
});

interface Drawn {
  id: string;
  kind: 'node' | 'cluster';
  x: number;
  y: number;
  w?: number;
  h?: number;
}
declare global {
  interface Window {
    /** renderer/features/topology/topology-test-hook.ts: what the chart draws, read back from ECharts. */
    __skyfortTopology?: {
      drawnPositions(): Drawn[];
      drawnCount(): number;
      seriesLayouts(): string[];
      pixelOf(id: string): { x: number; y: number } | null;
      handleOf(id: string): { x: number; y: number } | null;
      idsOf(seriesId: string): string[];
      labelPx(): { boxes: number | null; names: number | null };
    };
  }
}
interface NodeRow {
  id: string;
  name: string;
  kind: string;
  layer: string;
  tenant: string | null;
}

async function openTopology(page: Page, user: string, password: string): Promise<void> {
  await signIn(page, server.url, user, password);
  await expect(page.getByTestId('who')).toBeVisible();
  await page.goto(`${server.url}/#/topology`);
  await expect.poll(() => page.evaluate(() => window.__skyfortTopology?.drawnCount() ?? 0), { timeout: 20_000 }).toBeGreaterThan(40);
}

const drawn = (page: Page) => page.evaluate(() => (window.__skyfortTopology?.drawnPositions() ?? []) as Drawn[]);

/** The `topology` snapshot this user's audience gets, straight from the stream. */
async function serverWall(token: string, topic = 'topology'): Promise<Snapshot> {
  const socket = io(server.url, { auth: { token }, transports: ['websocket'] });
  try {
    return await new Promise<Snapshot>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${topic} snapshot`)), 15_000);
      socket.on('snapshot', (s: Snapshot) => {
        if (s.topic !== topic) return;
        clearTimeout(timer);
        resolve(s);
      });
      socket.on('connect', () => socket.emit('subscribe', { topics: [topic] }, () => undefined));
    });
  } finally {
    socket.close();
  }
}

async function clickDrawn(page: Page, id: string): Promise<void> {
  const p = await page.evaluate((key) => window.__skyfortTopology?.pixelOf(key) ?? null, id);
  expect(p, `${id} is on screen`).not.toBeNull();
  await page.mouse.click(p!.x, p!.y);
}

test('the wall draws exactly where the server placed things, lays nothing out, and stays under the cap', async ({ page }) => {
  await openTopology(page, 'admin', ADMIN_PASSWORD);
  const snapshot = await serverWall(await server.login('admin'));
  const entities = snapshot.data.entities as Record<string, { type: string; x: number; y: number; w?: number; h?: number }>;
  const shown = await drawn(page);
  expect(shown.length).toBeGreaterThan(40);
  for (const d of shown) {
    const e = entities[d.id];
    expect(e, d.id).toBeDefined();
    expect([d.x, d.y], d.id).toEqual([e!.x, e!.y]);
    if (d.kind === 'cluster') expect([d.w, d.h], d.id).toEqual([e!.w, e!.h]);
  }
  // Every cluster and every node the server put on the wall is drawn.
  const serverDrawn = Object.entries(entities).filter(([, e]) => e.type === 'cluster' || e.type === 'node').map(([k]) => k).sort();
  expect(shown.map((d) => d.id).sort()).toEqual(serverDrawn);
  const layouts = await page.evaluate(() => window.__skyfortTopology!.seriesLayouts());
  expect(layouts.every((l) => l === 'none')).toBe(true);
  expect(await page.evaluate(() => window.__skyfortTopology!.drawnCount())).toBeLessThanOrEqual(2000);

  // Alarm badges sit only on drawn clusters and nodes; when the audience's alarms summary names
  // drawn clusters, badges appear (ids as the `topology` topic's).
  const drawnKeys = new Set(shown.map((d) => d.id));
  const alarms = (await serverWall(await server.login('admin'), 'alarms')).data.entities['summary'] as { byCluster?: Record<string, unknown> } | undefined;
  const badged = Object.keys(alarms?.byCluster ?? {}).filter((id) => drawnKeys.has(`c:${id}`));
  if (badged.length > 0) await expect.poll(() => page.evaluate(() => window.__skyfortTopology!.idsOf('badges').length), { timeout: 10_000 }).toBeGreaterThan(0);
  for (const key of await page.evaluate(() => window.__skyfortTopology!.idsOf('badges'))) expect(drawnKeys.has(key), key).toBe(true);

  // Colour by health: scored nodes move to the health series (shape still by status), nothing else moves.
  await page.getByTestId('topology-colour-by').locator('[data-colour-by="health"]').click();
  await expect(page.getByTestId('topology-legend-health')).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.__skyfortTopology!.idsOf('nodes:health').length), { timeout: 15_000 }).toBeGreaterThan(0);
  const recoloured = await drawn(page);
  expect(recoloured.map((d) => d.id).sort()).toEqual(shown.map((d) => d.id).sort());
  await page.getByTestId('topology-colour-by').locator('[data-colour-by="status"]').click();
  await expect.poll(() => page.evaluate(() => window.__skyfortTopology!.idsOf('nodes:health').length)).toBe(0);
});

test('a click on a cluster box opens its members where the server placed them, and a second click closes it', async ({ page }) => {
  await openTopology(page, 'admin', ADMIN_PASSWORD);
  const snapshot = await serverWall(await server.login('admin'));
  const entities = snapshot.data.entities as Record<string, { type: string; id: string; expanded?: boolean; w: number; h: number; members: number }>;
  // The largest box the wall shows collapsed: its members are not on the wall yet.
  const box = Object.values(entities)
    .filter((e) => e.type === 'cluster' && !e.expanded)
    .sort((a, b) => b.w * b.h - a.w * a.h)[0]!;
  const before = new Set((await drawn(page)).map((d) => d.id));
  const clickHandle = async () => {
    const p = await page.evaluate((key) => window.__skyfortTopology?.handleOf(key) ?? null, `c:${box.id}`);
    expect(p, 'the box is on screen').not.toBeNull();
    await page.mouse.click(p!.x, p!.y);
  };
  await clickHandle();
  await expect.poll(async () => (await drawn(page)).filter((d) => !before.has(d.id)).length, { timeout: 15_000 }).toBeGreaterThan(0);
  // What opened is that cluster's own topic, at the server's positions.
  const members = await serverWall(await server.login('admin'), `topology:${box.id}`);
  const placed = members.data.entities as Record<string, { type: string; x: number; y: number }>;
  const added = (await drawn(page)).filter((d) => !before.has(d.id));
  for (const d of added) expect([d.x, d.y], d.id).toEqual([placed[d.id]!.x, placed[d.id]!.y]);
  // Open, its inside is its members': the label strip above it closes it.
  await clickHandle();
  await expect.poll(async () => (await drawn(page)).filter((d) => !before.has(d.id)).length, { timeout: 15_000 }).toBe(0);
});

test('search finds a disk array, and one click answers which business systems its failure hits', async ({ page }) => {
  await openTopology(page, 'admin', ADMIN_PASSWORD);
  const admin = await server.login('admin');
  const physical = await server.api<{ items: NodeRow[] }>('GET', '/api/v1/nodes?layer=physical&limit=1000', admin);
  const array = physical.items.find((n) => n.kind === 'disk-array')!;
  expect(array).toBeDefined();

  await page.getByTestId('topology-search').locator('input').fill(array.id);
  await page.locator('.n-base-select-option').filter({ hasText: array.name }).first().click();
  // Its cluster expands and the array itself is drawn.
  await expect.poll(async () => (await drawn(page)).some((d) => d.id === `n:${array.id}`), { timeout: 15_000 }).toBe(true);
  await page.waitForTimeout(800); // the centring animation settles
  await clickDrawn(page, `n:${array.id}`);

  const panel = page.getByTestId('component-panel');
  await expect(panel).toBeVisible({ timeout: 10_000 });
  // The click lands on the array (or, symbols being a cell apart, a neighbour in its grid):
  // whichever component opened, its impact list must be the server's answer for it.
  const openedName = (await panel.locator('h3').first().textContent())!.trim();
  const opened = physical.items.find((n) => n.name === openedName)!;
  expect(opened, openedName).toBeDefined();
  expect(opened.kind).toBe('disk-array');
  const impact = await server.api<{ businessSystems: string[] }>('GET', `/api/v1/topology/paths/${opened.id}?direction=impact`, admin);
  expect(impact.businessSystems.length).toBeGreaterThan(0);
  const listed = page.getByTestId('component-impact-list').locator('li');
  await expect(listed).toHaveCount(Math.min(200, impact.businessSystems.length), { timeout: 10_000 });
  const ids = await listed.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
  expect(ids.sort()).toEqual([...impact.businessSystems].slice(0, 200).sort());
  // …and its metric curve, from history with a points budget.
  await expect(page.getByTestId('metric-chart')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('breadcrumbs')).toContainText(opened.name);
});

test('clicking a business system drills into what it runs on, down to the hardware', async ({ page }) => {
  await openTopology(page, 'admin', ADMIN_PASSWORD);
  const admin = await server.login('admin');
  const systems = await server.api<{ items: NodeRow[] }>('GET', '/api/v1/nodes?layer=business&limit=200', admin);
  const shown = new Set((await drawn(page)).map((d) => d.id));
  const system = systems.items.find((n) => shown.has(`n:${n.id}`))!;
  expect(system, 'business systems are drawn one by one at wall level').toBeDefined();
  await clickDrawn(page, `n:${system.id}`);

  await expect(page.getByTestId('path-panel')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('path-chart')).toBeVisible();
  // Symbols sit a cell apart, so the click may open a neighbouring system: check whichever opened.
  const crumb = (await page.getByTestId('breadcrumbs').locator('[data-crumb]').last().textContent())!.trim();
  const opened = systems.items.find((n) => n.name === crumb)!;
  expect(opened, crumb).toBeDefined();
  const path = await server.api<{ nodes: { layer: string }[] }>('GET', `/api/v1/topology/paths/${opened.id}?direction=dependencies`, admin);
  expect(path.nodes.some((n) => n.layer === 'physical')).toBe(true);
  // Back to the platform through the breadcrumbs.
  await page.getByTestId('breadcrumbs').locator('[data-crumb="platform"]').click();
  await expect(page.getByTestId('path-panel')).toHaveCount(0);
});

test('a tenant user sees only its own systems and the shared platform nodes they use', async ({ page }) => {
  await openTopology(page, 'channel-admin', DEMO_PASSWORD);
  const admin = await server.login('admin');
  const all = await server.api<{ nodes: NodeRow[] }>('GET', '/api/v1/topology', admin);
  const tenantOf = new Map(all.nodes.map((n) => [n.id, n.tenant]));
  const shown = await drawn(page);
  const nodes = shown.filter((d) => d.kind === 'node');
  expect(nodes.length).toBeGreaterThan(0);
  for (const d of nodes) expect([null, 'channel'], d.id).toContain(tenantOf.get(d.id.slice(2)));
  // Exactly what the server sends this tenant's audience, nothing of the other tenant.
  const mine = await serverWall(await server.login('channel-admin'));
  const keys = Object.keys(mine.data.entities).filter((k) => k.startsWith('n:') || k.startsWith('c:')).sort();
  expect(shown.map((d) => d.id).sort()).toEqual(keys);
  // Searching for the other tenant's business system finds nothing.
  const theirs = all.nodes.find((n) => n.tenant === 'billing' && n.layer === 'business')!;
  await page.getByTestId('topology-search').locator('input').fill(theirs.id);
  await page.waitForTimeout(800);
  await expect(page.locator('.n-base-select-option').filter({ hasText: theirs.name })).toHaveCount(0);
});

test('the built console ships no graph layout library', () => {
  const dir = 'dist/renderer/assets';
  const bundles = readdirSync(dir).filter((n) => n.endsWith('.js'));
  expect(bundles.length).toBeGreaterThan(0);
  for (const name of bundles) {
    const js = readFileSync(`${dir}/${name}`, 'utf8');
    for (const lib of ['dagre', 'elkjs', 'cytoscape', 'd3-force']) expect(js.includes(lib), `${name} contains '${lib}'`).toBe(false);
  }
});
