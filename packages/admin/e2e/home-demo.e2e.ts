import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, openPage, signIn, startForFile, type Server } from './harness.js';

/** Set SCREENSHOTS=1 to write the README's pictures of the frame and the home page on the demo. */
const SCREENSHOTS = process.env.SCREENSHOTS === '1' ? fileURLToPath(new URL('../../../docs/screenshots', import.meta.url)) : null;

let server: Server;
let browser: Browser;

// The whole demo: the directory and the work on it, dated relative to today.
startForFile((product) => ({ server, browser } = product), { DEMO_DATA: 'true' });

describe('the home page on the demo', () => {
  it.each([
    ['pl', 'pl-PL', 1366, 'po terminie', 'Poszukiwanie partnerów'],
    ['de', 'de-DE', 1024, 'überfällig', 'Partnersuche'],
  ] as const)(
    'shows the administrator in %s the overdue request first, then the rest of the work',
    async (lang, locale, width, overdue, topic) => {
      const { page, errors } = await openPage(browser, server.url, locale);
      await page.setViewportSize({ width, height: 768 });
      await page.goto('/');
      await signIn(page, ADMIN.email, ADMIN.password);
      await page.getByTestId('home').waitFor();
      await page.waitForLoadState('networkidle');

      // The demo assigns the administrator a request received ten days ago and never answered.
      const first = page.getByTestId('home-request').first();
      await expect(first.locator('.badge-overdue').textContent()).resolves.toBe(overdue);
      await expect(first.textContent()).resolves.toContain(topic);
      // Drafts to finish, events ahead and the targets are all there, not empty hints.
      expect(await page.getByTestId('home-draft').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('home-event').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('home-target').count()).toBe(3);
      if (SCREENSHOTS) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOTS, `home-${lang}-${width}.png`) });
      }

      await first.getByRole('link').click();
      await page.waitForURL(/\/consulting-requests\/[0-9a-f-]{36}$/);
      await page.locator('main').getByText('Sabine Krüger').first().waitFor();
      expect(errors).toEqual([]);
    },
  );
});
