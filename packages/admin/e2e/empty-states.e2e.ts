import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, launchBrowser, openPage, signIn, startServer, type Server } from './harness.js';

let server: Server;
let browser: Browser;

beforeAll(async () => {
  // No demo: a new installation, where every figure is still zero.
  [server, browser] = await Promise.all([startServer({ DEMO_DATA: 'false' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the indicator dashboard without data', () => {
  it('says what to do next instead of drawing empty charts, in the language of the page', async () => {
    const { page, errors } = await openPage(browser, server.url, 'de-DE');
    await page.goto('/indicators');
    await signIn(page, ADMIN.email, ADMIN.password);

    const targets = page.getByTestId('chart-targets-empty');
    await targets.waitFor();
    expect(await targets.textContent()).toBe(
      'In diesem Zeitraum zählt noch nichts auf die Ziele. Geben Sie Clusterbewertungen frei und erfassen Sie Internationalisierungsmaßnahmen, oder wählen Sie einen längeren Berichtszeitraum.',
    );
    expect(await page.getByTestId('chart-topics-empty').textContent()).toContain('keine Beratungsanfragen eingegangen');
    // No canvas at all: nothing draws an axis without data, and the other consulting charts stay away.
    expect(await page.locator('.indicators-page canvas').count()).toBe(0);
    expect(await page.getByTestId('chart-partners').count()).toBe(0);
    expect(await page.getByTestId('chart-outcomes').count()).toBe(0);

    expect(errors).toEqual([]);
    await page.context().close();
  });
});
