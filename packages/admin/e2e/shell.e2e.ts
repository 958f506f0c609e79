import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, apiAs, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;
let admin: Awaited<ReturnType<typeof apiAs>>;

const VIEWER = { email: 'betrachter@bic.example.de', password: 'Frankfurt und Słubice 1253', name: 'Vera Betrachter' };
const CONSULTANT = { email: 'doradczyni@lop.example.pl', password: 'Zielona Góra 1222 wino', name: 'Anna Nowak' };

const LANGS = [
  { lang: 'de', browser: 'de-DE', home: 'Start' },
  { lang: 'pl', browser: 'pl-PL', home: 'Start' },
  { lang: 'en', browser: 'en-GB', home: 'Home' },
] as const;
const WIDTHS = [1024, 1366];

let reference: string;
let eventTitle: string;

startForFile((product) => ({ server, browser } = product));
beforeAll(async () => {
  admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
  for (const [user, role, partner] of [
    [VIEWER, 'viewer', 'BIC'],
    [CONSULTANT, 'consultant', 'LOP'],
  ] as const) {
    const res = await admin('/users', { method: 'POST', body: { ...user, role, partner } });
    expect(res.status).toBe(201);
  }
  const users = (await (await admin('/users?limit=100')).json()) as { items: { id: string; email: string }[] };
  const consultantId = users.items.find((u) => u.email === CONSULTANT.email)!.id;

  // A request assigned to the consultant, and an event three weeks ahead.
  const created = await admin('/consulting-requests', {
    method: 'POST',
    body: {
      requesterName: 'Jan Kowalski',
      requesterEmail: 'jan.kowalski@drewno.example.pl',
      organisationName: 'Drewno Lubuskie sp. z o.o.',
      country: 'PL',
      language: 'pl',
      topic: 'funding',
      message: 'Szukamy partnera w Brandenburgii.',
      consent: true,
      consentTextVersion: '2026-01',
      partner: 'LOP',
    },
  });
  expect(created.status).toBe(201);
  const request = (await created.json()) as { id: string; reference: string; version: number };
  reference = request.reference;
  const assigned = await admin(`/consulting-requests/${request.id}/assignment`, {
    method: 'POST',
    headers: { 'if-match': `"v${request.version}"` },
    body: { partner: 'LOP', assigneeId: consultantId },
  });
  expect(assigned.status).toBe(200);
  const day = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  eventTitle = 'Clusterdialog Holz und Möbel';
  const event = await admin('/events', {
    method: 'POST',
    body: {
      title: { de: eventTitle },
      date: day,
      place: 'Gubin / Guben',
      languages: ['de', 'pl'],
      organisingPartner: 'LOP',
      participantCount: 0,
    },
  });
  expect(event.status).toBe(201);
});

/**
 * The page fits its window: no sideways scrolling, the user menu fully on screen, and the example
 * in every empty field readable to its end (a search box's hint cut off is easy to miss).
 */
async function checkFits(page: Page, where: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect({ where, scrollWidth: Math.min(scrollWidth, innerWidth) }).toEqual({ where, scrollWidth });
  const cutExamples = await page.evaluate(() => {
    const text = document.createElement('canvas').getContext('2d')!;
    return [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')]
      .filter((field) => field.offsetParent !== null)
      .filter((field) => {
        const style = getComputedStyle(field);
        text.font = style.font;
        return (
          text.measureText(field.placeholder).width > field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
        );
      })
      .map((field) => field.placeholder);
  });
  expect({ where, cutExamples }).toEqual({ where, cutExamples: [] });
  for (const id of ['current-user', 'language', 'logout']) {
    const box = await page.getByTestId(id).boundingBox();
    expect({ where, id, onScreen: !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= innerWidth }).toEqual({
      where,
      id,
      onScreen: true,
    });
  }
}

async function open(width: number, lang: (typeof LANGS)[number], user: { email: string; password: string }) {
  const opened = await openPage(browser, server.url, lang.browser);
  await opened.page.setViewportSize({ width, height: 768 });
  await opened.page.goto('/');
  await opened.page.getByTestId('language').selectOption(lang.lang);
  await signIn(opened.page, user.email, user.password);
  await opened.page.getByTestId('home').waitFor();
  return opened;
}

describe('the frame of the admin app', () => {
  for (const width of WIDTHS) {
    for (const lang of LANGS) {
      it(`at ${width} × 768 in ${lang.lang}: every page of the navigation opens without sideways scrolling, the user menu on screen, no field's example cut off`, async () => {
        const { page, errors } = await open(width, lang, ADMIN);
        const links = await page
          .getByTestId('side-nav')
          .locator('a[href^="/"]:not([target="_blank"])')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
        // Home, the five groups' pages for an administrator.
        expect(links.length).toBeGreaterThanOrEqual(19);
        await checkFits(page, `${lang.lang} ${width} /`);
        for (const href of links) {
          await page.goto(href);
          await page.waitForLoadState('networkidle');
          await page
            .locator('#main > *')
            .first()
            .waitFor()
            .catch((err: unknown) => {
              throw new Error(`${href} shows nothing: ${String(err)}`);
            });
          await checkFits(page, `${lang.lang} ${width} ${href}`);
          // The tab names the page.
          expect(await page.title()).toMatch(/ · EuRegioNet$/);
        }
        expect(await page.locator('html').getAttribute('lang')).toBe(lang.lang);
        expect(errors).toEqual([]);
      });
    }
  }

  it('on a tablet the navigation folds behind the menu button', async () => {
    const { page, errors } = await open(768, LANGS[1], ADMIN);
    await checkFits(page, 'pl 768 /');
    expect(await page.getByTestId('side-nav').isVisible()).toBe(false);
    const toggle = page.getByTestId('menu-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('side-nav').getByRole('link', { name: 'Nabory wniosków' }).click();
    await page.waitForURL(/\/funding-calls$/);
    expect(await page.getByTestId('side-nav').isVisible()).toBe(false);
    await checkFits(page, 'pl 768 /funding-calls');
    expect(errors).toEqual([]);
  });

  it('the first Tab reaches the skip link, which leads to the content', async () => {
    const { page, errors } = await open(1366, LANGS[0], ADMIN);
    // A page as it is opened (not the focus the sign-in form left behind), with its data loaded.
    await page.reload();
    await page.getByTestId('home').waitFor();
    await page.waitForLoadState('networkidle');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('skip-link');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Zum Inhalt springen');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Then the page itself, not the navigation again.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a viewer sees no Administration, and every group it does see', async () => {
    const { page, errors } = await open(1366, LANGS[2], VIEWER);
    for (const group of ['directory', 'support', 'evaluation', 'reporting']) await page.getByTestId(`nav-group-${group}`).waitFor();
    expect(await page.getByTestId('nav-group-administration').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Methodology' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('the home page shows a consultant the request assigned to them and the coming event, each linking to its page', async () => {
    const { page, errors } = await open(1366, LANGS[1], CONSULTANT);
    expect(await page.title()).toBe('Start · EuRegioNet');
    const requests = page.getByTestId('home-request');
    await requests.first().waitFor();
    expect(await requests.count()).toBe(1);
    expect(await requests.first().innerText()).toContain(reference);
    expect(await page.getByTestId('home-consulting').getByRole('heading').first().innerText()).toBe('Moje otwarte zapytania doradcze');
    await page.getByTestId('home-event').getByRole('link', { name: eventTitle }).waitFor();
    expect(await page.getByTestId('home-target').count()).toBe(3);
    await requests.first().getByRole('link', { name: reference }).click();
    await page.waitForURL(/\/consulting-requests\/[0-9a-f-]{36}$/);
    await page.getByTestId('request-reference').getByText(reference).waitFor();
    expect(await page.title()).toBe('Zapytanie doradcze · EuRegioNet');
    expect(errors).toEqual([]);
  });
});
