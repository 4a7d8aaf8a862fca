import { expect, type Page } from '@playwright/test';

/** Signs in through the login page, as a person would. */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

/** The overview has its first live state: counts and totals are numbers. */
export async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId('node-count')).toHaveText(/^[\d,]+$/, { timeout: 15_000 });
  await expect(page.getByTestId('totals-tps')).toHaveText(/\d/, { timeout: 15_000 });
}

export function numberOf(text: string | null): number {
  return Number((text ?? '').replace(/,/g, ''));
}
