import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;

startForFile((product) => ({ server, browser } = product));

// As Excel writes it in Germany: semicolons, a BOM, the company's own column names.
const FILE = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from(
    [
      'Quelle;Externe ID;Firmenname;Typ;Land;Region;Ort',
      'crm;K-1;Oderblick Metallbau GmbH;sme;DE;DE403;Frankfurt (Oder)',
      'crm;K-2;Lubuska Stal Sp. z o.o.;sme;PL;DE403;Gorzów Wielkopolski',
      'crm;K-3;Spreewald Solar GmbH;sme;DE;DE40G;Cottbus',
      '',
    ].join('\r\n'),
    'utf8',
  ),
]);

describe('imports and exports in the browser', () => {
  it('maps the columns, shows the dry run with the bad row highlighted, imports the good rows, lists the import and exports the view', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.goto('/organisations');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('import-link').click();
    await page.getByTestId('import-entity').waitFor();
    expect(await page.getByTestId('import-entity').inputValue()).toBe('organisations');

    await page.getByTestId('import-file').setInputFiles({ name: 'firmen.csv', mimeType: 'text/csv', buffer: FILE });
    await page.getByTestId('import-preview').waitFor();
    // "Firmenname" is not a known name: the wizard says the name is missing until it is mapped.
    expect(await page.getByTestId('import-missing').textContent()).toContain('name');
    expect(await page.getByTestId('map-Quelle').inputValue()).toBe('source');
    await page.getByTestId('map-Firmenname').selectOption('name');
    await page.getByTestId('import-missing').waitFor({ state: 'detached' });

    await page.getByTestId('import-check').click();
    await page.locator('[data-testid="import-result"][data-status="rejected"]').waitFor();
    expect(await page.getByTestId('import-errors').textContent()).toContain('region');
    const bad = page.locator('[data-testid="import-preview"] tbody tr[data-bad]');
    expect(await bad.count()).toBe(1);
    expect(await bad.textContent()).toContain('Lubuska Stal');
    expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);

    await page.getByTestId('import-mode').selectOption('partial');
    await page.getByTestId('import-check').click();
    await page.locator('[data-testid="import-result"][data-status="partial"]').waitFor();
    await page.getByTestId('import-confirm').click();
    const done = page.locator('[data-testid="import-result"][data-status="partial"]').last();
    await page.getByRole('link', { name: 'Show in the history' }).waitFor();
    expect(await done.getByTestId('count-created').textContent()).toBe('2');

    await page.getByTestId('nav-imports').click();
    const history = page.getByTestId('import-history');
    await history.waitFor();
    expect(await history.locator('tbody tr').count()).toBe(3);
    expect(await history.locator('tbody tr').first().textContent()).toContain('Partly imported');

    // The list filtered to Frankfurt's district, exported: the imported firm with its key.
    await page.goto('/organisations?region=DE403');
    await page.getByText('Oderblick Metallbau GmbH').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^source,externalId,name,type,country,region,/);
    expect(csv).toContain('crm,K-1,Oderblick Metallbau GmbH,sme,DE,DE403');
    expect(csv).not.toContain('Spreewald Solar');
    expect(errors).toEqual([]);
  });
});
