import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronRuntime } from '../scripts/electron-runtime.mjs';

/**
 * The real desktop shell: Electron, its bundled aggregator on the simulated cloud, one window per
 * display. Skipped, with the reason printed, where the Electron runtime cannot run (this kind of
 * machine cannot download it); on a machine that has it, it runs.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const runtime = findElectronRuntime(root);
const skipReason = runtime.ok ? '' : `Electron runtime unavailable: ${runtime.reason}`;
if (!runtime.ok) console.log(`electron project: skipping the desktop shell tests. ${skipReason}`);

test.describe('desktop shell', () => {
  test.skip(!runtime.ok, skipReason);

  let app: ElectronApplication;
  let userData: string;

  test.beforeAll(async () => {
    if (!runtime.ok) return;
    userData = mkdtempSync(path.join(os.tmpdir(), 'skyfort-electron-e2e-'));
    // Windowed rather than full screen: a CI display is small and shared with nothing else.
    writeFileSync(
      path.join(userData, 'skyfort-displays.json'),
      JSON.stringify({ aggregator: { mode: 'bundled', simulate: true }, defaults: { view: 'overview', locale: 'en', kiosk: false, fullscreen: false } }),
    );
    app = await electron.launch({
      executablePath: runtime.path,
      // Chromium refuses to run as root with its sandbox on; CI containers run as root.
      args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, SKYFORT_USER_DATA: userData, SKYFORT_AGGREGATOR_NODE: process.execPath },
      timeout: 60_000,
    });
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  async function firstWindow(): Promise<Page> {
    await expect.poll(() => app.windows().length, { timeout: 60_000 }).toBeGreaterThan(0);
    const page = app.windows()[0];
    if (!page) throw new Error('no window');
    return page;
  }

  test('opens a window per display on a wall view showing live data', async () => {
    const displays = await app.evaluate(({ screen }) => screen.getAllDisplays().length);
    await expect.poll(() => app.windows().length, { timeout: 60_000 }).toBe(displays);
    for (const page of app.windows()) {
      await expect(page).toHaveURL(/#\/wall\/overview$/, { timeout: 30_000 });
      await expect(page.getByTestId('wall')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('node-count')).toHaveText(/\d/, { timeout: 30_000 });
    }
  });

  test('the page has no Node and sees only the one-function-per-message bridge', async () => {
    const page = await firstWindow();
    const seen = await page.evaluate(() => ({
      require: typeof Reflect.get(globalThis, 'require'),
      process: typeof Reflect.get(globalThis, 'process'),
      bridge: Object.keys(Reflect.get(globalThis, 'skyfort') ?? {}).sort(),
    }));
    expect(seen).toEqual({ require: 'undefined', process: 'undefined', bridge: ['isDesktop', 'launchInfo', 'reportStreamState'] });
  });

  test('window.open is blocked and navigation away from the aggregator is refused', async () => {
    const page = await firstWindow();
    const before = app.windows().length;
    const handle = await page.evaluate(() => (Reflect.get(globalThis, 'open') as (u: string) => unknown)('https://example.com/'));
    expect(handle).toBeNull();
    expect(app.windows()).toHaveLength(before);
    const origin = new URL(page.url()).origin;
    await page.evaluate(() => Reflect.set(Reflect.get(globalThis, 'location') as object, 'href', 'https://example.com/'));
    await page.waitForTimeout(1_000);
    expect(new URL(page.url()).origin).toBe(origin);
  });
});
