/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import type { Alarm } from '../shared/domain/alarms.js';
import type { Incident } from '../shared/domain/incidents.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, startAggregator, type Aggregator } from './aggregator.js';
import { signIn } from './console-helpers.js';

/**
 * Issue #6 end to end on the simulated cloud: `dc-failure` fails a DC-A disk array at minute 3
 * and everything above it degrades within 2. With source time moved past that through the demo
 * route, exactly one incident is rooted at the array and holds the alarms of everything that
 * depends on it; an operator acknowledges it on the board and the control-room sound stops
 * (read from the player's test hook: headless Chromium has no audio device); a tenant viewer
 * sees no act buttons and only its tenant's alarms.
 */
declare global {
  interface Window {
    /** renderer/features/alarms/sound-store.ts: the control-room sound player's state. */
    __skyfortSound?: { snapshot(): { state: 'idle' | 'locked' | 'playing' | 'snoozed' | 'muted' | 'disabled'; severity: string | null } };
  }
}

interface Page_<T> {
  items: T[];
  nextCursor: string | null;
}

let server: Aggregator;
let admin: string;
let array: string;

async function all<T>(path: string, token: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page_<T> = await server.api<Page_<T>>('GET', `${path}${sep}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Every node that depends on `root`, transitively (impact runs against the arrows). */
async function dependentsOf(root: string, token: string): Promise<Set<string>> {
  const doc = await server.api<{ edges: Array<{ source: string; target: string; kind: string }> }>('GET', '/api/v1/topology', token);
  const up = new Map<string, string[]>();
  for (const e of doc.edges) if (e.kind !== 'replicates') up.set(e.target, [...(up.get(e.target) ?? []), e.source]);
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) for (const s of up.get(queue.shift()!) ?? []) if (!seen.has(s)) (seen.add(s), queue.push(s));
  return seen;
}

async function openIncidents(token: string): Promise<Incident[]> {
  return all<Incident>('/api/v1/incidents?state=open,acknowledged', token);
}

const soundState = (page: Page) => page.evaluate(() => window.__skyfortSound?.snapshot().state ?? null);

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startAggregator({ args: ['--scenario', 'dc-failure'] });
  admin = await server.login('admin');
  type Scenarios = { items: Array<{ name: string; active: boolean; targets: { node: string } }> };
  const dcFailure = async () => (await server.api<Scenarios>('GET', '/api/v1/demo/scenarios', admin)).items.find((s) => s.name === 'dc-failure')!;
  // `--scenario` starts on the simulator's first pump: advancing source time before that would
  // move the story's start along with it, and minute 3 would still be ahead.
  await expect.poll(async () => (await dcFailure()).active, { timeout: 30_000 }).toBe(true);
  array = (await dcFailure()).targets.node;
  // Minute 3 the array fails; by minute 5 its dependants are degraded or down.
  await server.api('POST', '/api/v1/demo/clock', admin, { action: 'advance', seconds: 6 * 60 });
  await expect.poll(async () => (await openIncidents(admin)).length, { timeout: 30_000 }).toBeGreaterThan(0);
});
test.afterAll(async () => {
  await server?.stop();
});

test('dc-failure: exactly one incident, rooted at the failed array, holds every alarm of its dependents', async () => {
  // Correlation settles within its window; give the last symptoms a moment to arrive and join.
  await server.api('POST', '/api/v1/demo/clock', admin, { action: 'advance', seconds: 60 });
  await expect
    .poll(async () => (await openIncidents(admin)).filter((i) => i.rootResource === array).length, { timeout: 20_000 })
    .toBe(1);
  const incidents = await openIncidents(admin);
  const rooted = incidents.filter((i) => i.rootResource === array);
  expect(rooted).toHaveLength(1);
  const incident = rooted[0]!;
  const dependents = await dependentsOf(array, admin);
  const alarms = await all<Alarm>('/api/v1/alarms?state=active,acknowledged', admin);
  const ofDependents = alarms.filter((a) => dependents.has(a.resource));
  expect(ofDependents.length).toBeGreaterThan(10);
  const stray = ofDependents.filter((a) => a.incidentId !== incident.id).map((a) => `${a.resource}:${a.incidentId}`);
  expect(stray).toEqual([]);
  // No other incident holds an alarm of the array's dependents (every alarm is in exactly one).
  for (const other of incidents.filter((i) => i.id !== incident.id)) expect(dependents.has(other.rootResource), other.rootResource).toBe(false);
  const detail = await server.api<{ incident: Incident; alarms: Alarm[] }>('GET', `/api/v1/incidents/${incident.id}`, admin);
  expect(detail.alarms[0]!.resource).toBe(array); // root first
  expect(detail.incident.openCount).toBeGreaterThanOrEqual(ofDependents.length);
});

test('an operator acknowledges the incident on the board and the sound stops', async ({ page }) => {
  const incident = (await openIncidents(admin)).find((i) => i.rootResource === array)!;
  await signIn(page, server.url, 'op1', DEMO_PASSWORD);
  await expect(page.getByTestId('who')).toBeVisible({ timeout: 20_000 });
  await page.goto(`${server.url}/#/alarms`);
  const row = page.locator(`[data-testid="board-row"][data-key="i:${incident.id}"]`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toHaveAttribute('data-state', 'open');
  // The root cause's name from the directory, and the symptoms folded until expanded.
  const arrayNode = await server.api<{ name: string }>('GET', `/api/v1/nodes/${array}`, admin);
  await expect(row).toContainText(arrayNode.name);
  await expect(page.getByTestId('severity-count-critical').locator('.big')).toHaveText(/^[1-9][\d,]*$/);

  // One click on the page is the gesture a browser needs: the sound rings for the unacknowledged critical incident.
  await row.click();
  await expect.poll(() => soundState(page), { timeout: 10_000 }).toBe('playing');
  await expect(page.getByTestId('sound-control')).toHaveAttribute('data-state', 'playing');

  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-key="i:${incident.id}/a:${incident.rootAlarmId}"]`)).toContainText(arrayNode.name);
  await page.keyboard.press('a');
  await expect(page.getByTestId('action-dialog')).toBeVisible();
  await page.getByTestId('action-submit').click();

  await expect.poll(async () => (await server.api<{ incident: Incident }>('GET', `/api/v1/incidents/${incident.id}`, admin)).incident.state, { timeout: 10_000 }).toBe('acknowledged');
  await expect(row).toHaveAttribute('data-state', 'acknowledged', { timeout: 10_000 });
  await expect.poll(() => soundState(page), { timeout: 10_000 }).not.toBe('playing');
  expect(await soundState(page)).toBe('idle');
  // Acknowledging the incident acknowledged its members.
  const members = await all<Alarm>(`/api/v1/alarms?incident=${incident.id}`, admin);
  expect(members.every((a) => a.state === 'acknowledged')).toBe(true);
});

test('a tenant viewer sees no act buttons and only its tenant’s alarms', async ({ page }) => {
  const viewer = await server.login('billing-viewer');
  const mine = new Set((await all<Alarm>('/api/v1/alarms?state=active,acknowledged', viewer)).map((a) => a.id));
  const everyone = await all<Alarm>('/api/v1/alarms?state=active,acknowledged', admin);
  const visible = new Set((await server.api<{ nodes: Array<{ id: string }> }>('GET', '/api/v1/topology', viewer)).nodes.map((n) => n.id));
  expect(mine.size).toBeGreaterThan(0);
  expect(mine.size).toBeLessThan(everyone.length);
  for (const a of everyone) expect(mine.has(a.id), a.resource).toBe(visible.has(a.resource));

  await signIn(page, server.url, 'billing-viewer', DEMO_PASSWORD);
  await expect(page.getByTestId('who')).toBeVisible({ timeout: 20_000 });
  await page.goto(`${server.url}/#/alarms`);
  await expect(page.getByTestId('read-only')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('[data-testid^="act-"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="board-row"]').first()).toBeVisible({ timeout: 20_000 });
  // Expand what the board shows and check every alarm on screen is one of the tenant's.
  await page.getByTestId('group-by').locator('[data-group="dc"]').click();
  const shown = await page.locator('[data-testid="board-row"][data-alarm]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alarm')!));
  expect(shown.length).toBeGreaterThan(0);
  for (const id of shown) expect(mine.has(id), id).toBe(true);
  // The shortcut says why instead of acting.
  await page.locator('[data-testid="board-row"]').first().click();
  await page.keyboard.press('a');
  await expect(page.getByTestId('board-notice')).toBeVisible();
  await expect(page.getByTestId('action-dialog')).toHaveCount(0);
});

test('the alarm wall shows counts per severity and the most severe incidents, read-only', async ({ page }) => {
  const issued = await server.api<{ token: string }>('POST', '/api/v1/display-credentials', admin, {
    name: 'e2e alarm wall',
    scope: { tenants: null, topics: ['alarms', 'incidents', 'topology', 'nodes', 'overview'], views: ['alarms'] },
  });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${server.url}/#/wall/alarms?display=${issued.token}`);
  await expect(page.getByTestId('alarm-wall')).toBeVisible();
  await expect(page.getByTestId('severity-count-critical').locator('.big')).toHaveText(/^[1-9][\d,]*$/, { timeout: 20_000 });
  await expect(page.getByTestId('wall-incidents').locator('li').first()).toBeVisible();
  await expect(page.locator('[data-testid^="act-"]')).toHaveCount(0);
  // Readable from 5 m: the counts are at least 3.2 % of the screen height.
  const px = await page.getByTestId('severity-count-critical').locator('.big').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(px / 1080).toBeGreaterThan(0.032);
  const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  expect(overflow).toBeLessThanOrEqual(0);
});
