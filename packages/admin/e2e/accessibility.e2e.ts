import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, chartsWithoutTable } from './a11y.js';
import { ADMIN, apiAs, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;
/** Every page of the app as an administrator (who may open all of them) reaches it. */
let pages: string[];

type Api = Awaited<ReturnType<typeof apiAs>>;

async function json<T>(api: Api, path: string, init?: Parameters<Api>[1]): Promise<T> {
  const res = await api(path, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const first = async (api: Api, path: string) => {
  const page = await json<{ items: { id: string }[] }>(api, path);
  if (!page.items[0]) throw new Error(`nothing at ${path}: the demo data changed`);
  return page.items[0].id;
};

/**
 * One record of each kind to open its detail and form pages: the demo's directory, funding
 * calls and events, and what the demo does not hold yet, created here.
 */
async function recordPages(api: Api): Promise<string[]> {
  const cluster = await first(api, '/clusters?limit=1');
  const organisation = await first(api, '/organisations?limit=1');
  const fundingCall = await first(api, '/funding-calls?limit=1');
  const event = await first(api, '/events?limit=1');
  const framework = await first(api, '/evaluation-frameworks');
  const request = await json<{ id: string }>(api, '/consulting-requests', {
    method: 'POST',
    body: {
      requesterName: 'Agnieszka Nowak',
      requesterEmail: 'a.nowak@drewno.example.pl',
      organisationName: 'Drewno Lubuskie sp. z o.o.',
      country: 'PL',
      language: 'pl',
      topic: 'funding',
      message: 'Szukamy partnera w Brandenburgii do projektu INTERREG.',
      consent: true,
      consentTextVersion: '2026-01',
    },
  });
  const evaluation = await json<{ id: string }>(api, '/evaluations', { method: 'POST', body: { clusterId: cluster } });
  const profile = await json<{ id: string }>(api, '/profiles', {
    method: 'POST',
    body: {
      kind: 'offer',
      type: 'technology',
      ownerKind: 'cluster',
      ownerId: cluster,
      title: { de: 'Laserschweißen für Partner', pl: 'Spawanie laserowe dla partnerów', en: 'Laser welding for partners' },
      status: 'published',
      partner: 'BIC',
    },
  });
  const dryRun = await api('/imports/entities/organisations?dryRun=true', { method: 'POST', body: [{ name: 'Probe GmbH' }] });
  if (dryRun.status >= 300) throw new Error(`import: ${dryRun.status} ${await dryRun.text()}`);
  const importId = ((await dryRun.json()) as { id: string }).id;
  return [
    `/clusters/${cluster}`,
    `/clusters/${cluster}/edit`,
    `/clusters/${cluster}/funding`,
    `/organisations/${organisation}`,
    `/organisations/${organisation}/edit`,
    `/funding-calls/${fundingCall}`,
    `/funding-calls/${fundingCall}/edit`,
    `/events/${event}`,
    `/consulting-requests/${request.id}`,
    `/evaluations/${evaluation.id}`,
    `/evaluations/${evaluation.id}/report`,
    `/evaluation-frameworks/${framework}`,
    `/partners/${cluster}`,
    `/profiles/${profile.id}`,
    `/imports/${importId}`,
  ];
}

// The routes of src/router.ts (and each feature's routes.ts), in the order of the navigation.
const LIST_PAGES = [
  '/',
  '/clusters',
  '/clusters/new',
  '/consulting-requests',
  '/consulting-requests/board',
  '/consulting-requests/new',
  '/outbox',
  '/personal-data',
  '/organisations',
  '/organisations/new',
  '/search?q=metal',
  '/evaluations',
  '/evaluation-frameworks',
  '/funding-calls',
  '/funding-calls/new',
  '/events',
  '/events/new',
  '/matches',
  '/profiles',
  '/profiles/new',
  '/matchmaking/weights',
  '/indicators',
  '/indicators/summary',
  '/indicators/clusters_internationalised',
  '/imports',
  '/imports/new',
  '/audit',
  '/users',
  '/api-keys',
  '/account',
  '/forbidden',
  '/no-such-page',
];

startForFile((product) => ({ server, browser } = product));
beforeAll(async () => {
  const api = await apiAs(server.url, ADMIN.email, ADMIN.password);
  pages = [...LIST_PAGES, ...(await recordPages(api))];
});

/** Opens a page as a user does and waits until it has loaded what it shows. */
async function visit(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.locator('main h1').first().waitFor();
  // Charts are drawn once Chart.js has arrived; a chart without data shows its empty state instead.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-ready]')].every(
      (c) => c.getAttribute('data-ready') === 'true' || c.getAttribute('data-empty') === 'true',
    ),
  );
}

const LOCALES = [
  ['de', 'de-DE'],
  ['pl', 'pl-PL'],
  ['en', 'en-GB'],
] as const;

describe.each(LOCALES)('every page in %s', (lang, browserLocale) => {
  it('has no serious or critical accessibility violations, signed out and signed in, with and without errors on the forms', async () => {
    const { page } = await openPage(browser, server.url, browserLocale, { expected: ['401 POST /api/v1/auth/login'] });
    const violations: string[] = [];
    let charts = 0;
    const check = async (what: string) => {
      violations.push(...(await accessibilityViolations(page, what)));
      const { checked, bare } = await chartsWithoutTable(page);
      charts += checked;
      violations.push(...bare.map((chart) => `${what}: the chart "${chart}" has no table of its figures`));
    };

    await visit(page, '/login');
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    await check('the sign-in page');
    // A wrong password: the error is announced, and still nothing fails.
    await page.locator('input[name="email"]').fill(ADMIN.email);
    await page.locator('input[name="password"]').fill('not the password');
    await page.locator('form button[type="submit"]').click();
    await page.getByRole('alert').waitFor();
    await check('the sign-in page with an error');
    await signIn(page, ADMIN.email, ADMIN.password);

    expect(pages.length).toBeGreaterThan(40);
    for (const path of pages) {
      await visit(page, path);
      await check(path);
    }

    // A record form sent empty: every field error is shown, tied to its field and announced.
    await visit(page, '/clusters/new');
    await page.locator('form button[type="submit"]').first().click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    const fields = await page.evaluate(() =>
      [...document.querySelectorAll('main [aria-invalid="true"]')].map((field) => ({
        name: field.getAttribute('name'),
        announced: (field.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .some((id) => document.getElementById(id)?.closest('[role="alert"]')?.textContent?.trim()),
      })),
    );
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.filter((f) => !f.announced)).toEqual([]);
    await check('the cluster form with errors');

    // The dashboard's four charts at least, each drawn before it was checked.
    expect(charts).toBeGreaterThanOrEqual(4);
    expect(violations).toEqual([]);
  }, 900_000);
});
