import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, apiAs, checkLayouts, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;
/** Another partner's coordinator: decides the application (four-eyes). */
const DECIDER = { email: 'decider@e2e.example.eu', password: 'Gubin Guben Euroregion 2019', name: 'Dorota Decider' };
let cluster: { id: string; name: string };
const SHOTS = '/tmp/brand';

type Api = Awaited<ReturnType<typeof apiAs>>;
async function ok<T>(res: Response, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** An approved evaluation of the cluster: written by the administrator, approved by the decider. */
async function approvedEvaluation(admin: Api, decider: Api, clusterId: string) {
  const e = await ok<{ id: string; framework: { id: string } }>(await admin('/evaluations', { method: 'POST', body: { clusterId } }), 201);
  const framework = await ok<{ dimensions: { criteria: { key: string }[] }[] }>(await admin(`/evaluation-frameworks/${e.framework.id}`));
  const answers = Object.fromEntries(framework.dimensions.flatMap((d) => d.criteria.map((c) => [c.key, { score: 3, evidence: 'E2E' }])));
  await ok(await admin(`/evaluations/${e.id}`, { method: 'PATCH', body: { answers }, headers: { 'if-match': '"v1"' } }));
  await ok(await admin(`/evaluations/${e.id}/submit`, { method: 'POST', headers: { 'if-match': '"v2"' } }));
  await ok(await decider(`/evaluations/${e.id}/approve`, { method: 'POST', headers: { 'if-match': '"v3"' } }));
}

startForFile((product) => ({ server, browser } = product));
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
  await ok(await admin('/users', { method: 'POST', body: { ...DECIDER, partner: 'LOP', role: 'coordinator' } }), 201);
  const decider = await apiAs(server.url, DECIDER.email, DECIDER.password);
  const me = await ok<{ user: { partner: string } }>(await admin('/auth/me'));
  // A cluster of the administrator's own partner: they may apply, and may not decide.
  const clusters = await ok<{ items: { id: string; partner: string; brand: boolean; name: { en?: string } }[] }>(
    await admin('/clusters?limit=100&sort=name'),
  );
  const own = clusters.items.find((c) => c.partner === me.user.partner && !c.brand)!;
  cluster = { id: own.id, name: own.name.en! };
  await approvedEvaluation(admin, decider, own.id);
  const criteria = await ok<{ id: string; version: number }>(
    await admin('/brand/criteria', {
      method: 'POST',
      body: {
        name: { de: 'Kriterien 2026', pl: 'Kryteria 2026', en: 'Criteria 2026' },
        text: { de: 'Freigegebene Evaluierung', pl: 'Zatwierdzona ewaluacja', en: 'Approved evaluation' },
        conditions: { evaluationMaxAgeMonths: 24, minOverall: 50, profileLanguages: [] },
        levels: [{ key: 'bronze', label: { en: 'Bronze', de: 'Bronze', pl: 'Brązowy' }, minOverall: 50 }],
      },
    }),
    201,
  );
  await ok(await decider(`/brand/criteria/${criteria.id}/publish`, { method: 'POST', headers: { 'if-match': `"v${criteria.version}"` } }));
});

describe('the cluster brand in the browser', () => {
  it('applies for a cluster, is decided by another partner’s coordinator, and the badge leads to the verification page', async () => {
    // The applicant: the administrator, of the cluster's partner.
    const { page } = await openPage(browser, server.url, 'en-GB');
    await page.goto('/brand/apply');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('apply-cluster').selectOption(cluster.id);
    await page.locator('[data-testid="brand-check"][data-met="true"]').waitFor();
    expect(await page.getByTestId('check-summary').textContent()).toContain('Every condition is met');
    await page.getByTestId('apply-submit').click();
    await page.getByText(`Decision on the application of ${cluster.name}`).waitFor();
    // The applicant's own partner cannot decide: no buttons for them.
    await page.getByText('A coordinator of another partner than').waitFor();
    expect(await page.getByTestId('decide-approve').count()).toBe(0);
    const applicationUrl = page.url();

    // The decider, of another partner, finds it among the pending applications and awards the brand.
    const { page: other } = await openPage(browser, server.url, 'en-GB');
    await other.goto('/brand');
    await signIn(other, DECIDER.email, DECIDER.password);
    await other.getByTestId('brand-pending').getByText(cluster.name).waitFor();
    await other.getByTestId('open-application').first().click();
    await other.waitForURL(applicationUrl);
    await other.locator('textarea[name="reason"]').fill('Approved evaluation of today; criteria version 1 met');
    await other.getByTestId('decide-approve').click();
    await other.locator('[data-testid="decision-status"][data-status="approved"]').waitFor();

    // The certificate shows the badge; the badge links to the public verification page.
    await other.getByTestId('award-certificate').click();
    await other.getByTestId('certificate-holder').filter({ hasText: cluster.name }).waitFor();
    const certificate = (await other.getByTestId('certificate-number').textContent())!;
    const number = /EURN-B-\d{4}-\d{4}/.exec(certificate)![0];
    const badge = await other.request.get(`/api/v1/public/brand/${number}/badge.svg?lang=en`);
    const svg = await badge.text();
    expect(svg).toContain('data-status="valid"');
    const link = /<a href="([^"]+)"/.exec(svg)![1]!;
    expect(link).toContain(`/api/v1/public/brand/${number}`);

    const { page: visitor } = await openPage(browser, server.url, 'pl-PL');
    await visitor.goto(new URL(link).pathname + '?lang=pl');
    await visitor.getByTestId('status').filter({ hasText: 'ważny' }).waitFor();
    expect(await visitor.getByTestId('certificate').textContent()).toBe(number);
    expect(await visitor.getByTestId('criteria').textContent()).toBe('1');
  });

  it('fits the brand pages on common screens in Polish and German', async () => {
    const admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
    const applications = await ok<{ items: { id: string }[] }>(await admin('/brand/applications'));
    const pages = ['/brand', `/brand/applications/${applications.items[0]!.id}`, '/brand/apply', '/brand/criteria'];
    await checkLayouts(browser, server.url, pages, SHOTS);
  });
});
