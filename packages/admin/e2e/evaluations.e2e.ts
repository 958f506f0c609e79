import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiAs, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;
const REVIEWER = { email: 'reviewer@e2e.example.eu', password: 'Gorzów Wielkopolski 2018', name: 'Renate Reviewer' };

startForFile((product) => ({ server, browser } = product));
beforeAll(async () => {
  const api = await apiAs(server.url, ADMIN.email, ADMIN.password);
  const res = await api('/users', { method: 'POST', body: { ...REVIEWER, partner: 'LOP', role: 'coordinator' } });
  if (res.status !== 201) throw new Error(`reviewer not created: ${res.status} ${await res.text()}`);
});

const score = (page: Page, criterion: string, value: number) => page.locator(`input[name="score-${criterion}"][value="${value}"]`).check();
const overall = (page: Page, text: string) => page.getByTestId('live-overall').filter({ hasText: text }).waitFor();
const saved = (page: Page) => page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();

describe('evaluating a cluster in the browser', () => {
  it('fills an evaluation with a live score, survives a reload and a lost connection, is submitted, approved by another person and printed', async () => {
    // The save tried while the connection is lost fails; the page keeps the input and says so.
    const { page, errors } = await openPage(browser, server.url, 'en-GB', {
      expected: ['net::ERR_INTERNET_DISCONNECTED PATCH /api/v1/evaluations/*'],
    });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto('/evaluations');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByText('0 of 16 clusters evaluated').waitFor();

    // Start an evaluation of the first cluster of the list.
    const row = page.getByTestId('evaluation-cluster-row').first();
    const cluster = (await row.locator('th span').first().textContent())!.trim();
    await row.getByTestId('start-evaluation').click();
    await page.getByTestId('evaluation-title').filter({ hasText: cluster }).waitFor();
    await page.getByTestId('live-overall').filter({ hasText: 'not scored yet' }).waitFor();

    // The score follows every click, computed in the browser by the shared function.
    await score(page, 'structure.members', 4);
    await overall(page, '100');
    await score(page, 'structure.sme-share', 0);
    await overall(page, '50');
    expect(await page.getByTestId('live-answered').textContent()).toContain('2 of 20 criteria scored');

    // Typed text survives a reload, even before it reached the server.
    const evidence = page.locator('textarea[name="evidence-structure.members"]');
    await evidence.fill('Member list of March 2026, 21 paying members');
    await page.reload();
    await page.getByTestId('evaluation-title').waitFor();
    await page.waitForFunction(() =>
      document
        .querySelector<HTMLTextAreaElement>('textarea[name="evidence-structure.members"]')
        ?.value.startsWith('Member list of March 2026'),
    );
    await overall(page, '50');
    await saved(page);

    // A lost connection keeps the input on the device and saves it when the connection returns.
    // The page's own loads after the reload (the follow-up of earlier actions) end first: the test
    // provokes only the failed save.
    await page.waitForLoadState('networkidle');
    await page.context().setOffline(true);
    await page.locator('textarea[name="strengths"]').fill('Strong base of small manufacturers on both sides of the Oder');
    await page.getByTestId('draft-offline').waitFor();
    await page.context().setOffline(false);
    await saved(page);

    const criteria = await page
      .locator('.criterion[data-criterion]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-criterion')!));
    expect(criteria).toHaveLength(20);
    for (const key of criteria.slice(2)) await score(page, key, 3);
    // structure (100 + 0 + 75 + 75) / 4 = 62.5; five dimensions at 75 → (62.5 + 5 × 75) / 6
    await overall(page, '72.9');
    expect(await page.getByTestId('live-maturity').textContent()).toBe('Established');

    await page.getByTestId('add-recommendation').click();
    await page.locator('textarea[name="recommendation-0"]').fill('Write an internationalisation strategy with the Polish members');
    await page.locator('input[name="owner-0"]').fill('Cluster manager');
    await page.locator('input[name="dueDate-0"]').fill('2026-12-31');
    await saved(page);
    await page.getByTestId('submit').click();
    await page.getByTestId('evaluation-status').filter({ hasText: 'Submitted' }).waitFor();
    // The author does not get to approve it.
    expect(await page.getByTestId('approve').count()).toBe(0);
    const url = page.url();

    // Another person reviews and approves.
    await page.getByTestId('logout').click();
    await page.goto(url);
    await signIn(page, REVIEWER.email, REVIEWER.password);
    await page.getByTestId('approve').click();
    await page.getByTestId('evaluation-status').filter({ hasText: 'Approved' }).waitFor();
    expect(await page.getByTestId('history').textContent()).toContain(`Approved by ${REVIEWER.name}`);
    expect(await page.locator('textarea[name="strengths"]').isDisabled()).toBe(true);

    // The cluster now counts towards the project's target.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Evaluations' }).click();
    await page.getByText('1 of 16 clusters evaluated').waitFor();
    await page.goto(url);

    // The printable report: chart, scores, evidence and action plan, in the chosen language.
    await page.getByTestId('open-report').click();
    await page.getByTestId('report-cluster').filter({ hasText: cluster }).waitFor();
    expect(await page.getByTestId('report-overall').textContent()).toBe('72.9');
    expect(await page.getByTestId('report-approval').textContent()).toContain(`Approved by ${REVIEWER.name}`);
    await page.locator('[data-testid="radar-chart"][data-ready="true"]').waitFor();
    expect(await page.getByTestId('action-plan').textContent()).toContain('Write an internationalisation strategy');
    expect(await page.getByTestId('report').textContent()).toContain('Member list of March 2026');

    await page.getByTestId('report-language').selectOption('pl');
    await page.getByText('Raport z ewaluacji').waitFor();
    await page.getByRole('heading', { name: 'Plan działań', exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('pl');
    // The interface around it stays in English.
    expect(await page.getByTestId('print').textContent()).toBe('Print');

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    expect(await page.getByTestId('radar-chart').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lets an administrator change the framework only through a new version, edited as a draft and then published', async () => {
    const { page, errors } = await openPage(browser, server.url);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto('/evaluations');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Frameworks' }).click();
    const published = page.locator('tr[data-status="published"]');
    await published.getByTestId('new-version').click();

    const text = page.locator('textarea[name="dimensions.0.criteria.0.text.en"]');
    await text.waitFor();
    expect(await text.isEditable()).toBe(true);
    await text.fill('Number of active members');
    await page.locator('input[name="dimensions.0.criteria.0.weight"]').fill('2');
    await page.getByTestId('save-framework').click();
    await page.getByText('Draft saved.').waitFor();
    await page.getByTestId('publish-framework').click();
    await page.getByText('This version is Published and never changes').waitFor();
    expect(await page.locator('textarea[name="dimensions.0.criteria.0.text.en"]').isEditable()).toBe(false);

    await page.getByRole('link', { name: 'Evaluation frameworks' }).click();
    await page.locator('tr[data-status="retired"]').waitFor();
    expect(await page.locator('tr[data-status="published"] td').first().textContent()).toBe('2');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
