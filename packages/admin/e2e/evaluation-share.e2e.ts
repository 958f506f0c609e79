import { beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, apiAs, openPage, signIn, startForFile, type Server } from './harness.js';
import type { Browser } from 'playwright-core';

let server: Server;
let browser: Browser;
let evaluationId: string;
const REVIEWER = { email: 'share.reviewer@e2e.example.eu', password: 'Słubice und Frankfurt 2019', name: 'Rita Reviewer' };

startForFile((product) => ({ server, browser } = product));

/** An approved evaluation of the first cluster, every criterion scored 3, with one action item. */
beforeAll(async () => {
  const api = await apiAs(server.url, ADMIN.email, ADMIN.password);
  await api('/users', { method: 'POST', body: { ...REVIEWER, partner: 'LOP', role: 'coordinator' } });
  const clusters = (await (await api('/clusters?limit=1')).json()) as { items: { id: string }[] };
  const created = await api('/evaluations', {
    method: 'POST',
    body: {
      clusterId: clusters.items[0]!.id,
      strengths: 'Starke Forschungsbasis in Cottbus',
      recommendations: [
        {
          text: 'Internationalisierungsstrategie mit den polnischen Mitgliedern schreiben',
          owner: 'Clustermanagement',
          dueDate: '2026-12-31',
        },
      ],
    },
  });
  const evaluation = (await created.json()) as { id: string; framework: { id: string } };
  evaluationId = evaluation.id;
  const framework = (await (await api(`/evaluation-frameworks/${evaluation.framework.id}`)).json()) as {
    dimensions: { criteria: { key: string }[] }[];
  };
  const answers = Object.fromEntries(framework.dimensions.flatMap((d) => d.criteria.map((c) => [c.key, { score: 3 }])));
  const patched = await api(`/evaluations/${evaluationId}`, { method: 'PATCH', headers: { 'if-match': '"v1"' }, body: { answers } });
  if (patched.status !== 200) throw new Error(`answers not saved: ${patched.status} ${await patched.text()}`);
  const submitted = await api(`/evaluations/${evaluationId}/submit`, { method: 'POST', headers: { 'if-match': '"v2"' } });
  if (submitted.status !== 200) throw new Error(`not submitted: ${submitted.status} ${await submitted.text()}`);
  const reviewer = await apiAs(server.url, REVIEWER.email, REVIEWER.password);
  const approved = await reviewer(`/evaluations/${evaluationId}/approve`, { method: 'POST', headers: { 'if-match': '"v3"' } });
  if (approved.status !== 200) throw new Error(`not approved: ${approved.status} ${await approved.text()}`);
});

describe('handing results to the cluster', () => {
  it('creates a link in Polish on the evaluation page, follows up an action item, opens the results page and revokes the link', async () => {
    const { page } = await openPage(browser, server.url, 'pl-PL');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`/evaluations/${evaluationId}`);
    await signIn(page, ADMIN.email, ADMIN.password);
    const api = await apiAs(server.url, ADMIN.email, ADMIN.password);
    await page.getByTestId('evaluation-title').waitFor();
    await page.getByTestId('share').waitFor();

    await page.locator('select[name="action-status-0"]').selectOption('done');
    await page.getByTestId('follow-up').getByText('Zmienione przez').waitFor();

    await page.locator('select[name="shareLanguage"]').selectOption('pl');
    await page.getByTestId('create-share').click();
    const url = await page.getByTestId('share-url').inputValue();
    expect(url).toMatch(/\/results\/[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: '/tmp/share-pl-1366.png', fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: '/tmp/share-pl-1024.png', fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    const results = await page.context().newPage();
    await results.goto(new URL(new URL(url).pathname, server.url).toString());
    await results.getByText('Wyniki ewaluacji klastra').first().waitFor();
    expect(await results.getByTestId('actions').textContent()).toContain('Zrealizowane');
    await results.setViewportSize({ width: 1024, height: 768 });
    await results.screenshot({ path: '/tmp/results-pl-1024.png', fullPage: true });
    expect(await results.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await page.reload();
    await page.locator('[data-testid="share-row"][data-state="active"]').filter({ hasText: '1' }).waitFor();
    await page.getByTestId('revoke-share').click();
    await page.locator('[data-testid="share-row"][data-state="revoked"]').waitFor();
    // Asked outside the browser: a revoked link answers the 404 page.
    expect((await fetch(new URL(new URL(url).pathname, server.url))).status).toBe(404);

    await api('/auth/me', { method: 'PATCH', body: { language: 'de' } });
    await page.reload();
    await page.getByTestId('share').getByText('Ergebnisse für das Cluster').waitFor();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: '/tmp/share-de-1366.png', fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: '/tmp/share-de-1024.png', fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});
