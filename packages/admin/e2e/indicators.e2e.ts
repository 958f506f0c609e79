import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;

startForFile((product) => ({ server, browser } = product));

const figureValue = async (page: Page, key: string) => Number(await page.getByTestId(`figure-${key}`).getAttribute('data-value'));

describe('the project indicators in the browser', () => {
  it('shows the figures against their targets, follows one to its evidence, records a measure, exports the CSV and prints a summary', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.goto('/indicators');
    await signIn(page, ADMIN.email, ADMIN.password);

    // The demo data: measures for seven clusters, one of them after the project ended.
    const card = page.getByTestId('figure-clusters_internationalised');
    await card.waitFor();
    expect(await card.textContent()).toContain('/ 8');
    expect(await figureValue(page, 'clusters_internationalised')).toBe(7);
    await page.locator('[data-testid="chart-targets"][data-ready="true"]').waitFor();

    await page.getByTestId('period-preset').selectOption('project');
    await page.getByTestId('period-text').filter({ hasText: '2020' }).waitFor();
    await page.locator('[data-testid="figure-clusters_internationalised"][data-value="6"]').waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe('2017-04-01');

    // Follow the figure to the records that make it.
    await page.getByTestId('evidence-link-clusters_internationalised').click();
    await page.getByTestId('evidence-title').filter({ hasText: 'Clusters extended, networked or internationalised' }).waitFor();
    await page.getByTestId('evidence-count').filter({ hasText: 'Records: 6' }).waitFor();
    expect(await page.getByTestId('evidence-row').count()).toBe(6);
    const metal = page.getByTestId('evidence-row').filter({ hasText: 'East Brandenburg Metal Network' });
    expect(await metal.textContent()).toContain('Kooperationsvereinbarung mit dem Lebuser Metallcluster');

    // A measure recorded here counts at once.
    await page.getByTestId('measure-cluster').fill('Photonics');
    await page.getByRole('button', { name: /Oder Photonics Network/ }).click();
    await page.locator('select[name="kind"]').selectOption('internationalisation');
    await page.locator('input[name="date"]').fill('2019-11-05');
    await page.locator('textarea[name="description"]').fill('Joint stand with Lubuskie firms at a photonics fair');
    await page.getByTestId('record-measure').click();
    await page.getByTestId('evidence-count').filter({ hasText: 'Records: 7' }).waitFor();
    expect(await page.getByTestId('evidence-row').filter({ hasText: 'Oder Photonics Network' }).textContent()).toContain('photonics fair');

    // Back on the dashboard, the figure agrees; the organisations are each counted once.
    await page.getByRole('link', { name: '← Project indicators' }).click();
    await page.locator('[data-testid="figure-clusters_internationalised"][data-value="7"]').waitFor();
    const organisations = await figureValue(page, 'cross_border_organisations');
    await page.getByTestId('evidence-link-cross_border_organisations').click();
    await page
      .getByTestId('evidence-count')
      .filter({ hasText: `Records: ${organisations}` })
      .waitFor();
    expect(await page.getByTestId('evidence-row').count()).toBe(organisations);
    await page.goBack();
    // Matchmaking records matches: the figures are real (none yet in the demo data).
    expect(await page.getByTestId('matches').textContent()).toMatch(/\b0\b/);

    // The CSV of the reporting period: the same figures.
    await page.getByTestId('figure-dialogue_events').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toBe('euregionet-indicators-2017-04-01-2020-03-31.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFsection,indicator,label,value,target,from,to')).toBe(true);
    // The label may hold a comma (quoted); value, target and the period are the cells after it.
    const line = (key: string) =>
      csv
        .split('\r\n')
        .find((l) => l.startsWith(`figure,${key},`))!
        .split(',')
        .slice(-7, -3);
    expect(line('clusters_internationalised')).toEqual(['7', '8', '2017-04-01', '2020-03-31']);
    expect(csv).toContain('figure,clusters_internationalised,"Clusters extended, networked or internationalised",7,8');
    expect(Number(line('dialogue_events')[0])).toBe(await figureValue(page, 'dialogue_events'));

    // A one-page summary in Polish, for the programme's report.
    await page.getByTestId('summary-pl').click();
    await page.getByTestId('summary-title').filter({ hasText: 'Wskaźniki projektu: podsumowanie' }).waitFor();
    expect(await page.getByTestId('summary-clusters_internationalised').textContent()).toContain('Klastry rozszerzone');
    expect(await page.getByTestId('summary-clusters_internationalised').textContent()).toContain('88 %');
    await page.getByTestId('summary-language').selectOption('de');
    await page.getByTestId('summary-title').filter({ hasText: 'Projektindikatoren: Übersicht' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);

    expect(errors).toEqual([]);
    await page.context().close();
  });
});
