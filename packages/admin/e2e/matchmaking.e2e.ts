import { describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { openMetalNetwork, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;

startForFile((product) => ({ server, browser } = product));

describe('matchmaking in the browser', () => {
  it('finds a partner for a cluster, explains the score, proposes a match and moves it to "introduced"', async () => {
    const { page, errors } = await openMetalNetwork(browser, server.url);

    // From the cluster to its ranked partners.
    await page.getByTestId('find-partners').click();
    await page.getByTestId('candidate-list').waitFor();
    expect(await page.getByTestId('subject').textContent()).toContain('East Brandenburg Metal Network');
    const first = page.getByTestId('candidate-row').first();
    const score = Number(await first.getByTestId('candidate-score').textContent());
    expect(score).toBeGreaterThan(0);
    const partner = (await first.getByTestId('party-link').textContent())!.trim();

    // Its explanation: each component with its points, adding up to the score.
    await first.getByTestId('explain').click();
    expect(await first.getByTestId('explain').getAttribute('aria-expanded')).toBe('true');
    const explanation = page.getByTestId('explanation').first();
    await explanation.waitFor();
    const points = await explanation.getByTestId('component-points').allTextContents();
    expect(points).toHaveLength(6);
    expect(points.reduce((s, p) => s + Number(p), 0)).toBe(score);
    expect(await explanation.textContent()).toContain('Sector proximity');

    // Only Polish partners: every row is across the border.
    await page.locator('select[name="country"]').selectOption('PL');
    await page.waitForURL(/country=PL/);
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="candidate-row"]')];
      return rows.length > 0 && rows.every((r) => (r.getAttribute('data-countries') ?? '').split(',').includes('PL'));
    });

    // Propose a match with the best Polish partner.
    const polish = page.getByTestId('candidate-row').first();
    const polishName = (await polish.getByTestId('party-link').textContent())!.trim();
    await polish.getByTestId('propose').click();
    await page.getByTestId('propose-note').fill('Beide suchen Aufträge in der Metallbearbeitung');
    await page.getByTestId('propose-confirm').click();
    await polish.getByTestId('proposed').waitFor();
    expect(partner).not.toBe('');

    // On the board the match waits as proposed; dragging it moves it to "introduced".
    await polish.getByTestId('proposed').click();
    const proposed = page.locator('[data-stage="proposed"] [data-testid="match-card"]').filter({ hasText: polishName });
    await proposed.waitFor();
    expect(await proposed.textContent()).toContain('Cross-border');
    await proposed.dragTo(page.locator('[data-stage="introduced"]'));
    const introduced = page.locator('[data-stage="introduced"] [data-testid="match-card"]').filter({ hasText: polishName });
    await introduced.waitFor();
    expect(await introduced.textContent()).toContain('Introduced');
    // The counts are asked for once the move is saved, so they follow the card a moment later.
    await page.getByTestId('match-counts').filter({ hasText: 'Introductions made1 (1 across the border)' }).waitFor();

    // The keyboard way: the card's buttons move it on.
    await introduced.getByTestId('move-meeting_held').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-stage="meeting_held"] [data-testid="match-card"]').filter({ hasText: polishName }).waitFor();

    expect(errors).toEqual([]);
    await page.context().close();
  });
});
