import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, openPage, portalAndConsultant, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;
let portalKey: string;
const CONSULTANT = { email: 'claudia.berger@bic.example.eu', name: 'Claudia Berger', password: 'Oderbrücke bei Frankfurt 2026' };

startForFile((product) => ({ server, browser } = product));
beforeAll(async () => {
  ({ portalKey } = await portalAndConsultant(server.url, { name: 'Portal Frankfurt (Oder)', partner: 'BIC' }, CONSULTANT));
});

async function submitFromPortal(body: Record<string, unknown>) {
  const res = await fetch(`${server.url}/api/v1/public/consulting-requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${portalKey}`, 'content-type': 'application/json', origin: 'https://portal.example.de' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

describe('consulting requests in the browser', () => {
  it('a request submitted by a portal is handled by a consultant to its resolution, and the requester’s e-mails wait in the outbox', async () => {
    const reference = await submitFromPortal({
      requesterName: 'Uwe Hoffmann',
      requesterEmail: 'uwe.hoffmann@metallbau.example.de',
      organisationName: 'Hoffmann Metallbau GmbH',
      country: 'DE',
      language: 'de',
      topic: 'internationalisation',
      message: 'Wir suchen Kunden und Partner in der Woiwodschaft Lebus.',
      consent: true,
      consentTextVersion: '2026-01',
    });
    expect(reference).toMatch(/^EURN-\d{4}-\d{5}$/);

    const { page, errors } = await openPage(browser, server.url, 'en-GB');
    await page.goto('/consulting-requests');
    await page.getByTestId('language').selectOption('en');
    await signIn(page, CONSULTANT.email, CONSULTANT.password);

    // The navigation counts the open request; the unassigned view lists it.
    await page.getByTestId('nav-open-count').getByText('1', { exact: true }).waitFor();
    await page.getByTestId('view-unassigned').click();
    await page.getByTestId('request-row').getByRole('link', { name: reference }).click();
    await page.getByTestId('request-reference').getByText(reference).waitFor();
    expect(await page.getByTestId('request-status').textContent()).toContain('New');

    // The suggestion is the consultant herself: a German request in German fits her partner.
    await page.getByTestId('suggestion').getByText(CONSULTANT.name).waitFor();
    await page.getByTestId('use-suggestion').click();
    await page.waitForFunction(() =>
      (document.querySelector('select[name="assigneeId"]') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent?.includes(
        'Claudia',
      ),
    );
    await page.getByTestId('assign').click();
    await page.getByTestId('request-status').getByText('Assigned').waitFor();
    expect(await page.getByTestId('request-assignee').textContent()).toContain(CONSULTANT.name);

    await page.getByRole('button', { name: 'Start work' }).click();
    await page.getByTestId('request-status').getByText('In progress').waitFor();

    await page.locator('textarea[name="note"]').fill('Kontakt zur Lubuska Organizacja Pracodawców herstellen.');
    await page.getByTestId('add-note').click();
    await page.getByTestId('timeline').getByText('Kontakt zur Lubuska Organizacja Pracodawców herstellen.').waitFor();

    await page.locator('textarea[name="reply"]').fill('Wir stellen Ihnen drei Cluster in Lubuskie vor und melden uns nächste Woche.');
    await page.getByTestId('send-reply').click();
    await page.getByTestId('timeline').getByText('Reply to the requester').waitFor();

    await page.locator('select[name="outcome"]').selectOption('match_proposed');
    await page.getByTestId('resolve').click();
    await page.getByTestId('request-status').getByText('Resolved').waitFor();
    expect(await page.getByTestId('request-outcome').textContent()).toContain('Match proposed');

    // Every step is in the timeline, with who did it.
    const entries = page.getByTestId('timeline-entry');
    expect(await entries.count()).toBe(6);
    expect(await entries.nth(1).textContent()).toContain(`Assigned to ${CONSULTANT.name} (BIC)`);
    expect(await entries.nth(2).textContent()).toContain('Assigned → In progress');
    expect(await entries.nth(5).textContent()).toContain('In progress → Resolved');
    expect(await entries.nth(5).textContent()).toContain(CONSULTANT.name);

    // Nothing open any more for her.
    await page.getByTestId('nav-open-count').getByText('0', { exact: true }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();

    // Without SMTP the e-mails wait in the outbox, where a coordinator or administrator reads them.
    const admin = await openPage(browser, server.url, 'de-DE');
    await admin.page.goto('/outbox');
    await signIn(admin.page, ADMIN.email, ADMIN.password);
    await admin.page.getByRole('heading', { name: 'E-Mails' }).waitFor();
    // The heading comes before the list: wait for the four messages this request produced.
    await admin.page.getByTestId('outbox-subject').nth(3).waitFor();
    const subjects = await admin.page.getByTestId('outbox-subject').allTextContents();
    expect(subjects).toEqual(
      expect.arrayContaining([
        `Ihre Beratungsanfrage ${reference} ist eingegangen`,
        `Antwort auf Ihre Beratungsanfrage ${reference}`,
        `Ihre Beratungsanfrage ${reference} ist abgeschlossen`,
        // The consultant signed in on an English page: that is their language now, for e-mails too.
        `New consulting request assigned to you: ${reference}`,
      ]),
    );
    expect(admin.errors).toEqual([]);
    await admin.page.context().close();
  });

  it('staff take in a request with the same fields, and see it on the board', async () => {
    const { page, errors } = await openPage(browser, server.url, 'pl-PL');
    await page.goto('/consulting-requests/new');
    await page.getByTestId('language').selectOption('pl');
    await signIn(page, CONSULTANT.email, CONSULTANT.password);
    await page.getByRole('heading', { name: 'Przyjmij zapytanie doradcze' }).waitFor();

    // Without consent and a message nothing is saved, and the fields say why.
    await page.locator('input[name="requesterName"]').fill('Agnieszka Wójcik');
    await page.locator('input[name="requesterEmail"]').fill('a.wojcik@example.pl');
    await page.getByTestId('save').click();
    await page.getByText('Popraw zaznaczone pola.').waitFor();
    expect(page.url()).toMatch(/\/consulting-requests\/new$/);

    await page.locator('select[name="country"]').selectOption('PL');
    await page.locator('select[name="language"]').selectOption('pl');
    await page.locator('select[name="topic"]').selectOption('funding');
    await page.locator('textarea[name="message"]').fill('Szukamy programu dofinansowania dla klastra.');
    await page.locator('input[name="consent"]').check();
    await page.getByTestId('save').click();
    await page.getByTestId('request-reference').waitFor();
    const reference = (await page.getByTestId('request-reference').textContent())!.trim();
    expect(await page.getByTestId('request-status').textContent()).toContain('Nowe');

    await page.goto('/consulting-requests/board');
    await page.getByTestId('column-new').getByText(reference).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
