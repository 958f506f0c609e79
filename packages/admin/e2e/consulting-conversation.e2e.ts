import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, apiAs, checkLayouts, openPage, portalAndConsultant, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;
let portalKey: string;
let consultantId: string;
/** The request of the first journey, and its reference. */
let requestId = '';
let requestReference = '';
const CONSULTANT = { email: 'jens.krause@bic.example.eu', name: 'Jens Krause', password: 'Oderbrücke bei Frankfurt 2026' };
const SHOTS = '/tmp/consulting-talk';

startForFile((product) => ({ server, browser } = product));
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ portalKey, consultantId } = await portalAndConsultant(server.url, { name: 'Portal Gorzów Wielkopolski', partner: 'BIC' }, CONSULTANT));
});

describe('consulting as a conversation', () => {
  it('a Polish requester answers a question on the status page, and the German consultant sees it in the timeline', async () => {
    const submitted = await fetch(`${server.url}/api/v1/public/consulting-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${portalKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        requesterName: 'Agnieszka Nowak',
        requesterEmail: 'a.nowak@okna-gorzow.example.pl',
        organisationName: 'Okna Gorzów Sp. z o.o.',
        country: 'PL',
        language: 'pl',
        topic: 'funding',
        message: 'Szukamy dofinansowania na wspólny projekt z firmą z Brandenburgii.',
        consent: true,
        consentTextVersion: '2026-01',
      }),
    });
    expect(submitted.status).toBe(201);
    const { reference } = (await submitted.json()) as { reference: string };

    // The consultant takes it and asks a question (in Polish, the requester's language).
    const consultant = await apiAs(server.url, CONSULTANT.email, CONSULTANT.password);
    const found = (await (await consultant(`/consulting-requests?q=${reference}`)).json()) as { items: { id: string }[] };
    const id = found.items[0]!.id;
    requestId = id;
    requestReference = reference;
    expect(
      (await consultant(`/consulting-requests/${id}/assignment`, { method: 'POST', body: { partner: 'BIC', assigneeId: consultantId } }))
        .status,
    ).toBe(200);
    expect((await consultant(`/consulting-requests/${id}/transitions`, { method: 'POST', body: { to: 'in_progress' } })).status).toBe(200);
    const question = 'Jaki jest planowany budżet projektu?';
    expect(
      (await consultant(`/consulting-requests/${id}/comments`, { method: 'POST', body: { kind: 'reply', body: question } })).status,
    ).toBe(200);
    expect(
      (await consultant(`/consulting-requests/${id}/transitions`, { method: 'POST', body: { to: 'waiting_for_requester' } })).status,
    ).toBe(200);

    // The requester's link is in the latest e-mail to them (here: in the outbox).
    const admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
    const mails = (await (await admin(`/outbox?requestId=${id}`)).json()) as { items: { recipient: string; body: string }[] };
    const latest = mails.items.find((m) => m.recipient === 'a.nowak@okna-gorzow.example.pl')!;
    const token = /\/status\/([A-Za-z0-9_-]{43})/.exec(latest.body)![1]!;

    const { page: requester } = await openPage(browser, server.url, 'pl-PL');
    for (const [width, height] of [
      [1366, 768],
      [1024, 768],
    ] as const) {
      await requester.setViewportSize({ width, height });
      await requester.goto(`/status/${token}`);
      await requester.getByTestId('reference').getByText(reference).waitFor();
      await requester.screenshot({ path: `${SHOTS}/status-pl-${width}.png`, fullPage: true });
    }
    expect(await requester.getByTestId('state').textContent()).toBe('Czekamy na Twoją odpowiedź');
    await requester.getByTestId('messages').getByText(question).waitFor();
    const answer = 'Budżet wynosi około 250 000 EUR, z czego 80% z programu INTERREG.';
    await requester.getByLabel('Twoja odpowiedź do nas').fill(answer);
    // The budget goes along as a file (a minimal PDF, as a browser picks it from the disk).
    await requester.getByLabel('Dołącz pliki (opcjonalnie)').setInputFiles({
      name: 'budżet-projektu.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
    });
    await requester.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
    await requester.getByTestId('notice').getByText('Dziękujemy: Twoja odpowiedź została zapisana przy zapytaniu.').waitFor();
    expect(await requester.getByTestId('state').textContent()).toBe('W trakcie');
    await requester.getByTestId('messages').getByText(answer).waitFor();
    await requester.getByTestId('messages').getByRole('link', { name: 'budżet-projektu.pdf' }).waitFor();
    await requester.screenshot({ path: `${SHOTS}/status-pl-answered.png`, fullPage: true });

    // The German consultant opens the request: the answer is in the timeline, the request in progress.
    const { page } = await openPage(browser, server.url, 'de-DE');
    await page.goto(`/consulting-requests/${id}`);
    await page.getByTestId('language').selectOption('de');
    await signIn(page, CONSULTANT.email, CONSULTANT.password);
    await page.getByTestId('request-reference').getByText(reference).waitFor();
    expect(await page.getByTestId('request-status').textContent()).toContain('In Bearbeitung');
    const entry = page.getByTestId('timeline-entry').filter({ hasText: 'Antwort der anfragenden Person (Statusseite)' });
    await entry.getByText(answer).waitFor();
    expect(await entry.textContent()).toContain('Anfragende Person');
    // Her file is in the timeline and among the request's files, marked as hers, and it opens.
    const link = entry.getByTestId('timeline-files').getByRole('link', { name: 'budżet-projektu.pdf' });
    await link.waitFor();
    const files = page.getByTestId('request-files');
    await files.getByTestId('attachment').filter({ hasText: 'budżet-projektu.pdf' }).getByText('Von der anfragenden Person').waitFor();
    const download = await page.request.get(`${server.url}${await link.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 8).toString()).toBe('%PDF-1.4');
    for (const [width, height] of [
      [1366, 768],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: `${SHOTS}/detail-de-${width}.png`, fullPage: true });
    }
  });

  it('a coordinator writes an answer template; the German consultant picks it and sends it with the Polish version alongside', async () => {
    expect(requestId).not.toBe('');
    // The administrator writes the template in the editor; a misspelt placeholder is caught under its field.
    const { page: editor } = await openPage(browser, server.url, 'de-DE');
    await editor.goto('/answer-templates/new');
    await editor.getByTestId('language').selectOption('de');
    await signIn(editor, ADMIN.email, ADMIN.password);
    await editor.locator('input[name="title.de"]').fill('Förderung: nächste Schritte');
    await editor.locator('input[name="title.pl"]').fill('Dofinansowanie: kolejne kroki');
    await editor
      .locator('textarea[name="body.de"]')
      .fill('Guten Tag {{nmae}}, zu Ihrer Anfrage {{reference}} melden wir uns bis {{dueDate}}.');
    await editor
      .locator('textarea[name="body.pl"]')
      .fill('Dzień dobry {{name}}, w sprawie zapytania {{reference}} odezwiemy się do {{dueDate}}.');
    await editor.getByTestId('save').click();
    await editor.getByText('Unbekannter Platzhalter: erlaubt sind nur die über dem Text genannten.').waitFor();
    await editor
      .locator('textarea[name="body.de"]')
      .fill('Guten Tag {{name}}, zu Ihrer Anfrage {{reference}} melden wir uns bis {{dueDate}}.');
    await editor.getByTestId('save').click();
    await editor.getByTestId('template-row').filter({ hasText: 'Förderung: nächste Schritte' }).waitFor();
    for (const [width, height] of [
      [1366, 768],
      [1024, 768],
    ] as const) {
      await editor.setViewportSize({ width, height });
      await editor.screenshot({ path: `${SHOTS}/templates-de-${width}.png`, fullPage: true });
    }

    // The consultant picks it on the request: German to edit, Polish to send alongside.
    const { page } = await openPage(browser, server.url, 'de-DE');
    await page.goto(`/consulting-requests/${requestId}`);
    await page.getByTestId('language').selectOption('de');
    await signIn(page, CONSULTANT.email, CONSULTANT.password);
    await page.getByTestId('request-reference').getByText(requestReference).waitFor();
    const picker = page.getByTestId('template-picker');
    await picker.locator('select[name="template"]').selectOption({ label: 'Förderung: nächste Schritte (Förderung · BIC)' });
    await picker.getByTestId('use-template').click();
    const reply = page.locator('textarea[name="reply"]');
    await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('textarea[name="reply"]')?.value.startsWith('Guten Tag'));
    expect(await reply.inputValue()).toMatch(
      /^Guten Tag Agnieszka Nowak, zu Ihrer Anfrage EURN-\d{4}-\d{5} melden wir uns bis \d\d\.\d\d\.\d{4}\.$/,
    );
    expect(await page.getByTestId('send-alongside').isChecked()).toBe(true);
    const alongside = page.locator('textarea[name="alongside"]');
    expect(await alongside.inputValue()).toContain(
      `Dzień dobry Agnieszka Nowak, w sprawie zapytania ${requestReference} odezwiemy się do `,
    );
    await reply.fill(`${await reply.inputValue()} Vielen Dank für die Angaben zum Budget.`);
    await page.screenshot({ path: `${SHOTS}/picker-de-1366.png`, fullPage: true });
    await page.getByTestId('send-reply').click();
    const sent = page.getByTestId('timeline-entry').filter({ hasText: 'Vielen Dank für die Angaben zum Budget.' });
    await sent.getByText(/Dzień dobry Agnieszka Nowak, w sprawie zapytania/).waitFor();
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: `${SHOTS}/picker-de-1024.png`, fullPage: true });
  });

  it('the consultant picks a funding call for the reply: the template names it, and the request links it', async () => {
    expect(requestId).not.toBe('');
    const admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
    const call = await admin('/funding-calls', {
      method: 'POST',
      body: {
        programme: 'interreg',
        programmeName: 'INTERREG VI A Brandenburg–Polska',
        title: { de: 'Kleinprojektefonds Oder', pl: 'Fundusz Małych Projektów Odra', en: 'Small Projects Fund Oder' },
        partner: 'BIC',
        published: true,
        closesOn: '2027-09-30',
        url: 'https://interreg.example.eu/kpf',
      },
    });
    expect(call.status).toBe(201);
    const template = await admin('/consulting-answer-templates', {
      method: 'POST',
      body: {
        partner: 'BIC',
        topic: 'funding',
        title: { de: 'Passende Aufrufe', pl: 'Pasujące nabory' },
        body: {
          de: 'Guten Tag {{name}}, passende Aufrufe:\n{{fundingCalls}}',
          pl: 'Dzień dobry {{name}}, pasujące nabory:\n{{fundingCalls}}',
        },
      },
    });
    expect(template.status).toBe(201);

    const { page } = await openPage(browser, server.url, 'de-DE');
    await page.goto(`/consulting-requests/${requestId}`);
    await page.getByTestId('language').selectOption('de');
    await signIn(page, CONSULTANT.email, CONSULTANT.password);
    await page.getByTestId('request-reference').getByText(requestReference).waitFor();
    expect(await page.getByTestId('linked-so-far').textContent()).toContain('0 Förderaufrufe, 0 Kontakte');
    await page.getByTestId('pick-funding-call').fill('Kleinprojektefonds');
    await page.getByRole('button', { name: /Kleinprojektefonds Oder/ }).click();
    await page.getByTestId('chosen-funding-calls').getByText('Kleinprojektefonds Oder').waitFor();
    const picker = page.getByTestId('template-picker');
    await picker.locator('select[name="template"]').selectOption({ label: 'Passende Aufrufe (Förderung · BIC)' });
    await picker.getByTestId('use-template').click();
    await page.waitForFunction(() =>
      document.querySelector<HTMLTextAreaElement>('textarea[name="reply"]')?.value.includes('Kleinprojektefonds Oder'),
    );
    expect(await page.locator('textarea[name="alongside"]').inputValue()).toContain('Fundusz Małych Projektów Odra');
    for (const [width, height] of [
      [1366, 768],
      [1024, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      await page.screenshot({ path: `${SHOTS}/links-de-${width}.png`, fullPage: true });
    }
    await page.getByTestId('send-reply').click();
    await page
      .getByTestId('timeline-entry')
      .filter({ hasText: 'passende Aufrufe' })
      .getByText(/Kleinprojektefonds Oder/)
      .waitFor();
    await page.getByTestId('linked-so-far').getByText('1 Förderaufrufe, 0 Kontakte').waitFor();
    expect(await page.getByTestId('chosen-funding-calls').locator('.chip').count()).toBe(0);
  });

  it('a partner’s own delays are set on the templates page, in Polish and German layouts', async () => {
    const { page } = await openPage(browser, server.url, 'pl-PL');
    await page.goto('/answer-templates');
    await page.getByTestId('language').selectOption('pl');
    await signIn(page, ADMIN.email, ADMIN.password);
    const escalation = page.locator('input[name="escalation-CIT"]');
    await escalation.waitFor();
    expect(await escalation.getAttribute('placeholder')).toBe('domyślnie: 2');
    await escalation.fill('1');
    await page.locator('input[name="waiting-close-CIT"]').fill('14');
    await page.getByTestId('save-mailbox-CIT').click();
    await page.getByRole('status').getByText('Zapisano.').waitFor();
    await page.reload();
    await page.locator('input[name="escalation-CIT"]').waitFor();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="escalation-CIT"]')?.value === '1');
    expect(await page.locator('input[name="waiting-close-CIT"]').inputValue()).toBe('14');
    const admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
    const mailboxes = (await (await admin('/partner-mailboxes')).json()) as { items: { partner: string; escalationDays: number | null }[] };
    expect(mailboxes.items.find((m) => m.partner === 'CIT')?.escalationDays).toBe(1);
    await checkLayouts(browser, server.url, ['/answer-templates', `/consulting-requests/${requestId}`], `${SHOTS}/layouts`);
  });
});
