import { describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiAs, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;

startForFile((product) => ({ server, browser } = product));

async function search(page: Page, text: string) {
  await page.getByTestId('search').fill(text);
  await page.waitForURL((url) => url.searchParams.get('q') === text);
  // The list the search asked for, not the one it replaces.
  await page.waitForLoadState('networkidle');
}

async function openCluster(page: Page, name: string | RegExp) {
  await page.getByTestId('cluster-row').getByRole('link', { name }).click();
  await page.getByTestId('cluster-name').waitFor();
}

describe('cluster directory in the browser', () => {
  it('lists, searches without diacritics, edits and shows the change — in English and in Polish', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.goto('/clusters');
    await page.getByTestId('language').selectOption('en');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Clusters and networks' }).waitFor();
    await page.getByTestId('cluster-row').first().waitFor();
    expect(await page.getByTestId('cluster-row').count()).toBeGreaterThanOrEqual(16);

    // Search lives in the URL and finds "Zielona Góra" typed without diacritics.
    await search(page, 'zielona gora');
    await page.getByRole('link', { name: 'Zielona Góra IT Cluster' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Zielona Góra IT Cluster' }).waitFor();
    expect(await page.getByTestId('search').inputValue()).toBe('zielona gora');

    await openCluster(page, 'Zielona Góra IT Cluster');
    await page.getByTestId('edit').click();
    const english = page.locator('input[name="name.en"]');
    // The form is there before the cluster has loaded into it.
    await page.waitForFunction(
      () => (document.querySelector('input[name="name.en"]') as HTMLInputElement | null)?.value === 'Zielona Góra IT Cluster',
    );
    await english.fill('Zielona Góra Software and Space Cluster');
    await page.getByTestId('save').click();
    await page.getByRole('heading', { name: 'Zielona Góra Software and Space Cluster' }).waitFor();

    // The change is in the directory: search finds it by a word only the new name has.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Clusters' }).click();
    await search(page, 'space');
    await page.getByRole('link', { name: 'Zielona Góra Software and Space Cluster' }).waitFor();

    // Polish: the interface and the content switch; the choice is remembered across visits.
    await page.getByTestId('language').selectOption('pl');
    await page.getByRole('heading', { name: 'Klastry i sieci' }).waitFor();
    await page.getByRole('link', { name: 'Zielonogórski Klaster IT' }).waitFor();
    await page.goto('/clusters');
    await page.getByRole('heading', { name: 'Klastry i sieci' }).waitFor();

    await search(page, 'metalowy');
    await openCluster(page, 'Lubuski Klaster Metalowy');
    await page.getByRole('link', { name: 'Edytuj' }).click();
    const polish = page.locator('input[name="name.pl"]');
    await page.waitForFunction(() => (document.querySelector('input[name="name.pl"]') as HTMLInputElement | null)?.value !== '');
    await polish.fill('Lubuski Klaster Metalowy i Maszynowy');
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.getByRole('heading', { name: 'Lubuski Klaster Metalowy i Maszynowy' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows field errors under the fields, translated, and saves nothing', async () => {
    const { page } = await openPage(browser, server.url, 'de-DE');
    await page.goto('/clusters/new');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Neuer Cluster' }).waitFor();
    await page.locator('input[name="website"]').fill('nicht-eine-url');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Bitte korrigieren Sie die markierten Felder.').waitFor();
    await page.getByText('Geben Sie den Text in mindestens einer Sprache ein.').waitFor();
    expect(await page.locator('[data-code="invalid_format"]').count()).toBe(1);
    expect(page.url()).toMatch(/\/clusters\/new$/);
    await page.context().close();
  });

  it('tells the user clearly when someone else saved first (412), and keeps their data safe', async () => {
    const { page } = await openPage(browser, server.url, 'en-GB', { expected: ['412 PATCH /api/v1/clusters/*'] });
    await page.goto('/clusters?q=photonics');
    await signIn(page, ADMIN.email, ADMIN.password);
    await openCluster(page, 'Oder Photonics Network');
    const id = page.url().split('/').pop()!;
    await page.getByTestId('edit').click();
    await page.locator('input[name="name.en"]').waitFor();

    // Another user changes the cluster meanwhile.
    const colleague = await apiAs(server.url, ADMIN.email, ADMIN.password);
    const current = await colleague(`/clusters/${id}`);
    const changed = await colleague(`/clusters/${id}`, {
      method: 'PATCH',
      headers: { 'if-match': current.headers.get('etag')! },
      body: { name: { en: 'Photonics Network changed elsewhere', de: 'Photonik-Netzwerk Oder', pl: 'Sieć Fotoniki Odra' } },
    });
    expect(changed.status).toBe(200);

    await page.locator('input[name="name.en"]').fill('My competing change');
    await page.getByTestId('save').click();
    await page.getByTestId('conflict').getByText('Someone else changed this cluster').waitFor();
    const stored = (await (await colleague(`/clusters/${id}`)).json()) as { name: { en: string } };
    expect(stored.name.en).toBe('Photonics Network changed elsewhere');

    await page.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(
      () => (document.querySelector('input[name="name.en"]') as HTMLInputElement | null)?.value === 'Photonics Network changed elsewhere',
    );
    await page.context().close();
  });
});
