import { describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;

// No demo: a new installation, where every figure is still zero.
startForFile((product) => ({ server, browser } = product), { DEMO_DATA: 'false' });

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
