import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, apiAs, checkLayouts, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;
let portalKey: string;
let eventId: string;
/** Screenshots of the new pages, to look at by eye (SCREENSHOTS_DIR=/tmp/dialogue). */
const SHOTS = process.env.SCREENSHOTS_DIR;

startForFile((product) => ({ server, browser } = product));
beforeAll(async () => {
  const admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
  const key = await admin('/api-keys', {
    method: 'POST',
    body: { name: 'Portal Słubice', partner: 'ESNB', scopes: ['public:read', 'registrations:create'] },
  });
  expect(key.status).toBe(201);
  portalKey = ((await key.json()) as { secret: string }).secret;
  // A draft, a year ahead of any day the suite runs on.
  const year = new Date().getUTCFullYear() + 1;
  const event = await admin('/events', {
    method: 'POST',
    body: {
      title: { de: 'Clusterdialog Kunststoffe', pl: 'Dialog klastrów: tworzywa sztuczne', en: 'Cluster dialogue: plastics' },
      description: { en: 'Plastics clusters of both sides of the Oder meet.' },
      date: `${year}-03-18`,
      startTime: '09:30',
      endTime: '16:00',
      place: 'Collegium Polonicum, Słubice',
      languages: ['de', 'pl'],
      interpretation: true,
      organisingPartner: 'ESNB',
      capacity: 40,
    },
  });
  expect(event.status).toBe(201);
  eventId = ((await event.json()) as { id: string }).id;
});

async function registerFromPortal(slug: string, body: Record<string, unknown>) {
  const res = await fetch(`${server.url}/api/v1/public/events/${slug}/registrations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${portalKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ consent: true, consentTextVersion: '2026-01', ...body }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { status: string };
}

describe('the cluster dialogue in the browser', () => {
  it('an event is published, two people register from a portal, one is checked in', async () => {
    const { page } = await openPage(browser, server.url, 'en-GB');
    await page.goto(`/events/${eventId}`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('event-status').getByText('Draft').waitFor();
    await page.getByTestId('status-published').click();
    await page.getByTestId('event-status').getByText('Published', { exact: true }).waitFor();
    const slug = (await page.getByTestId('event-status').locator('.muted').textContent())!.trim();

    const list = await fetch(`${server.url}/api/v1/public/events?lang=pl`, { headers: { authorization: `Bearer ${portalKey}` } });
    const listed = (await list.json()) as { items: { slug: string; title: { text: string } }[] };
    expect(listed.items.map((e) => [e.slug, e.title.text])).toEqual([[slug, 'Dialog klastrów: tworzywa sztuczne']]);

    expect(
      await registerFromPortal(slug, {
        name: 'Anna Nowak',
        email: 'anna.nowak@example.pl',
        country: 'PL',
        language: 'pl',
        wantsMeetings: true,
      }),
    ).toEqual({
      status: 'confirmed',
      waitingPosition: null,
    });
    expect(
      await registerFromPortal(slug, {
        name: 'Jürgen Schulz',
        email: 'j.schulz@example.de',
        country: 'DE',
        language: 'de',
        wantsMeetings: true,
      }),
    ).toEqual({
      status: 'confirmed',
      waitingPosition: null,
    });

    await page.reload();
    await page.getByTestId('event-registrations-link').click();
    await page.getByTestId('registration-counts').getByText('2 of 40 places taken · 0 waiting · 0 checked in').waitFor();
    await page.getByTestId('search').fill('nowak');
    // The search answers: Jürgen Schulz leaves the list, Anna Nowak stays.
    await page.getByTestId('registration-row').filter({ hasText: 'Jürgen Schulz' }).waitFor({ state: 'detached' });
    expect(await page.getByTestId('registration-row').allTextContents()).toEqual([expect.stringContaining('Anna Nowak')]);
    await page.getByTestId('check-in-anna.nowak@example.pl').check();
    await page.getByTestId('registration-counts').getByText('2 of 40 places taken · 0 waiting · 1 checked in').waitFor();
    await page.getByTestId('attendance').getByText('DE 0 · PL 1').waitFor();

    if (SHOTS) await checkLayouts(browser, server.url, [`/events/${eventId}/registrations`, `/events/${eventId}`], SHOTS);
  });

  it('contact persons of the directory are counted and invited from the event page, each once', async () => {
    const { page } = await openPage(browser, server.url, 'en-GB');
    await page.goto(`/events/${eventId}`);
    await signIn(page, ADMIN.email, ADMIN.password);
    const panel = page.getByTestId('invitations-panel');
    await panel.getByTestId('invitations-empty').waitFor();
    // Polish organisations: of the demo directory, only Anna Kowalska (GZM) consented and has an address.
    await panel.getByLabel('Poland', { exact: true }).check();
    await panel.getByTestId('invitation-count').click();
    await panel.getByTestId('invitation-preview').getByText('Contact persons reached: 1 (German 0, Polish 1, English 0).').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await panel.getByTestId('invitation-send').click();
    await panel.getByTestId('invitation-sent').getByText('Invitations queued in the outbox: 1.').waitFor();
    expect(await panel.getByTestId('invitation-row').allTextContents()).toEqual([
      expect.stringMatching(/Anna Kowalska.*a\.kowalska@gzm\.example\.pl.*PL.*Invited/),
    ]);
    // Counted again, she is not invited a second time.
    await panel.getByTestId('invitation-count').click();
    await panel
      .getByTestId('invitation-preview')
      .getByText('Contact persons reached: 0 (German 0, Polish 0, English 0). Invited before and left out: 1.')
      .waitFor();
    expect(await panel.getByTestId('invitation-send').isDisabled()).toBe(true);

    if (SHOTS) await checkLayouts(browser, server.url, [`/events/${eventId}`], SHOTS);
  });

  it('a meeting between the two is asked for, accepted on their behalf and placed in the schedule', async () => {
    const { page } = await openPage(browser, server.url, 'en-GB');
    await page.goto(`/events/${eventId}/meetings`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('no-plan').waitFor();
    // The plan starts on the event's day: 13:00 to 15:00, 20 minutes, 5 tables.
    await page.getByTestId('save-plan').click();
    await page.getByTestId('meeting-grid').waitFor();
    await page.locator('select[name="requesterId"]').selectOption({ label: 'Anna Nowak' });
    await page.locator('select[name="inviteeId"]').selectOption({ label: 'Jürgen Schulz' });
    await page.getByTestId('send-meeting-request').click();
    await page.getByTestId('meeting-requests').getByText('Anna Nowak asks Jürgen Schulz for a meeting').waitFor();
    await page.getByTestId('accept-meeting').click();
    await page.getByTestId('cell-0-1').getByText('Anna Nowak – Jürgen Schulz').waitFor();
    expect((await page.getByTestId('meeting-grid').locator('tbody th').first().textContent())!.trim()).toBe('13:00–13:20');

    if (SHOTS) await checkLayouts(browser, server.url, [`/events/${eventId}/meetings`], SHOTS);
  });
});
