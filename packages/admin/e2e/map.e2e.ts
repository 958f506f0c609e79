import { describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, checkLayouts, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;

// A tile server that cannot be reached, as on a machine without network: nothing listens on port 4 (Chromium refuses some low ports itself, 9 among them).
const TILES = 'http://127.0.0.1:4/{z}/{x}/{y}.png';
const TILES_FAIL = 'net::ERR_CONNECTION_REFUSED GET http://127.0.0.1:4/**';
startForFile((product) => ({ server, browser } = product), { MAP_TILE_URL: TILES });

/** Markers on the map, counting each bubble of nearby markers as the number it shows. */
async function markersShown(page: Page, kind: 'cluster' | 'organisation' | 'all'): Promise<number> {
  return page.evaluate((which) => {
    const singles = document.querySelectorAll(
      which === 'all' ? '.leaflet-marker-icon.map-marker' : `.leaflet-marker-icon.map-marker-${which}`,
    );
    const bubbles = which === 'all' ? [...document.querySelectorAll('.marker-cluster span')] : [];
    return singles.length + bubbles.reduce((sum, b) => sum + Number(b.textContent), 0);
  }, kind);
}

describe('map of clusters and organisations', () => {
  it('shows the markers under the list’s filters, with the tile server unreachable', async () => {
    const { page } = await openPage(browser, server.url, 'en-GB', { expected: [TILES_FAIL] });
    await page.goto('/map');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Map of clusters and organisations' }).waitFor();
    await page.waitForLoadState('networkidle');

    // The tile server was asked (and failed); the markers are there all the same.
    await page.locator('img.leaflet-tile').first().waitFor({ state: 'attached' });
    const count = await page.getByTestId('map-count').textContent();
    const [, clusters, organisations] = /clusters: (\d+), organisations: (\d+)/.exec(count ?? '')!.map(Number);
    // The demo directory: 18 live clusters and organisations in towns of the programme area.
    expect(clusters).toBeGreaterThanOrEqual(15);
    expect(organisations).toBeGreaterThanOrEqual(30);
    expect(await markersShown(page, 'all')).toBe(clusters! + organisations!);

    // Organisations off, one search: the list's filter, in the URL as on the list.
    await page.getByTestId('map-organisations').uncheck();
    await page.getByTestId('search').fill('zielona gora');
    await page.waitForURL((url) => url.searchParams.get('q') === 'zielona gora');
    // Three demo clusters match (by name, description or members' towns): fewer than all.
    await page.getByTestId('map-count').filter({ hasText: 'clusters: 3, organisations: 0' }).waitFor();
    // Nearby markers share a bubble: counted by the number it shows.
    expect(await markersShown(page, 'all')).toBe(3);
    expect(await markersShown(page, 'organisation')).toBe(0);
    // A bubble opens by zooming in, until a marker of its own is there to click. Each click waits for
    // the zoom and the bubbles' animations to end: on a busy machine they outlast any fixed pause.
    const settled = () =>
      page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim'), undefined, {
        polling: 100,
      });
    const marker = page.locator('.leaflet-marker-icon.map-marker-cluster').first();
    for (let i = 0; i < 8 && !(await marker.count()); i++) {
      await page.locator('.marker-cluster').first().click();
      await page.waitForTimeout(100);
      await settled();
    }
    await marker.click();
    await page.locator('.leaflet-popup a').first().click();
    await page.getByTestId('cluster-name').waitFor();

    // The same filter as a list.
    await page.goto('/map?q=zielona%20gora');
    await page.getByRole('link', { name: 'Show as list' }).click();
    await page.getByTestId('cluster-row').first().waitFor();
    expect(await page.getByTestId('cluster-row').count()).toBe(3);
  });

  it('sets a cluster’s own coordinates in its form and shows the town it falls back to', async () => {
    const { page } = await openPage(browser, server.url);
    await page.goto('/clusters?q=zielona%20gora');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('cluster-row').getByRole('link', { name: 'Zielona Góra IT Cluster' }).click();
    await page.getByTestId('edit').click();
    await page.getByTestId('coordinates-hint').filter({ hasText: 'centre of the town' }).waitFor();
    await page.locator('input[name="coordinates.lat"]').fill('51.93548');
    await page.getByTestId('save').click();
    // Half a point is refused under its field, before anything is sent.
    await page.locator('input[name="coordinates.lng"][aria-invalid="true"]').waitFor();
    expect(page.url()).toContain('/edit');
    await page.locator('input[name="coordinates.lng"]').fill('15,50643');
    await page.getByTestId('save').click();
    await page.getByTestId('cluster-name').waitFor();
    await page.getByTestId('edit').click();
    await page.getByTestId('coordinates-hint').filter({ hasText: 'Clear both fields' }).waitFor();
    expect(await page.locator('input[name="coordinates.lng"]').inputValue()).toMatch(/^15[.,]50643$/);
  });

  it('fits common screens in Polish and German', async () => {
    await checkLayouts(browser, server.url, ['/map'], '/tmp/map', { expected: [TILES_FAIL] });
  });
});
