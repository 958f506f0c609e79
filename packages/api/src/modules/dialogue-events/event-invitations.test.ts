import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type {
  DialogueEvent,
  EventInvitationList,
  EventInvitationPreview,
  EventInvitationSendResult,
  EventRegistrationPage,
  Problem,
} from '@euregionet/shared';
import { fixedClock } from '../../clock.js';
import { queryRows } from '../../db/client.js';
import { created, createTestApp, json, ok, type Principal, type TestApp } from '../../test/app.js';
import { organisedEvent } from '../../test/events.js';
import * as outbox from '../../test/outbox.js';
import { createEventInvitationService } from './event-invitations.service.js';

let t: TestApp;
let admin: Principal;
let esnb: Principal;
let clusterId: string;
const orgs: Record<string, string> = {};

const mailsTo = (recipient: string) => outbox.mailsTo(t.database.db, recipient);
const mailsOfKind = (kind: string, recipients: string[]) => outbox.mailsOfKind(t.database.db, kind, recipients);

/** ESNB's event (the test app stands at 3 June 2026). */
const newEvent = (over: Record<string, unknown> = {}, publish = true) =>
  organisedEvent(
    esnb,
    {
      title: { de: 'Clusterdialog Gesundheit', pl: 'Dialog klastrów: zdrowie', en: 'Health cluster dialogue' },
      description: { de: 'Kliniken und Medizintechnik beider Seiten', pl: 'Kliniki i technika medyczna z obu stron' },
      date: '2026-06-20',
      startTime: '09:30',
      place: 'Collegium Polonicum, Słubice',
      languages: ['de', 'pl'],
      organisingPartner: 'ESNB',
      ...over,
    },
    publish,
  );

const consenting = (name: string, email: string) => ({
  name,
  email,
  publicationConsent: true,
  consentDate: '2025-11-04',
  consentSource: 'Signed form, cluster day Cottbus',
});

async function organisation(key: string, body: Record<string, unknown>, member = true) {
  const org = await ok<{ id: string }>(
    await admin.inject({ method: 'POST', url: '/api/v1/organisations', payload: { type: 'sme', sectors: ['U'], ...body } }),
    201,
  );
  orgs[key] = org.id;
  if (member) {
    await ok(
      await admin.inject({ method: 'PUT', url: `/api/v1/clusters/${clusterId}/members/${org.id}`, payload: { role: 'member' } }),
      201,
    );
  }
}

const preview = (eventId: string, audience: Record<string, unknown>) =>
  esnb.inject({ method: 'POST', url: `/api/v1/events/${eventId}/invitations/preview`, payload: audience });
const send = (eventId: string, audience: Record<string, unknown>, who: Principal = esnb) =>
  who.inject({ method: 'POST', url: `/api/v1/events/${eventId}/invitations`, payload: audience });
const linkIn = (body: string) => /(\/api\/v1\/public\/event-invitations\/register\?token=[\w-]+&lang=\w\w)/.exec(body)![1]!;

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  admin = await t.admin();
  esnb = await t.staff('consultant', 'ESNB');
  clusterId = (
    await created(admin, '/api/v1/clusters', {
      kind: 'network',
      name: { de: 'Medizintechnik Oder', pl: 'Technika Medyczna Odra' },
      regions: ['DE403', 'PL431'],
      sectors: ['U'],
      ris3Areas: ['BB-HEALTH'],
      partner: 'BIC',
      crossBorder: true,
    })
  ).id;
  // Members of the cluster: a Polish firm with a consenting and a non-consenting contact; a German
  // one; a Polish one that works in German and English. And a German firm outside the cluster.
  await organisation('gubin', {
    name: 'Medica Gubin',
    country: 'PL',
    region: 'PL432',
    contacts: [
      consenting('Ewa Zielińska', 'Ewa@Medica-Gubin.example.pl'),
      { name: 'Jan Wiśniewski', email: 'jan@medica-gubin.example.pl' },
      consenting('Ohne Adresse', null as unknown as string),
    ],
  });
  await organisation('cottbus', {
    name: 'Klinikbedarf Cottbus',
    country: 'DE',
    region: 'DE402',
    contacts: [consenting('Klaus Richter', 'klaus@klinikbedarf.example.de')],
  });
  await organisation('slubice', {
    name: 'Sonda Słubice',
    country: 'PL',
    region: 'PL432',
    languages: ['de', 'en'],
    contacts: [consenting('Marta Nowak', 'marta@sonda.example.pl')],
  });
  await organisation(
    'frankfurt',
    {
      name: 'Orthopädie Frankfurt (Oder)',
      country: 'DE',
      region: 'DE403',
      contacts: [consenting('Dora Weiß', 'dora@ortho-ffo.example.de')],
    },
    false,
  );
}, 180_000);
afterAll(() => t.close());

describe('inviting contact persons of the directory', () => {
  it('counts the audience before sending, invites only consenting persons, each in their language, and nobody twice', async () => {
    const event = await newEvent();
    const cluster = { clusterIds: [clusterId] };
    // Ewa (pl), Klaus (de) and Marta (de: her firm works in German): not Jan (no consent), nor the contact without an address.
    expect(await ok<EventInvitationPreview>(await preview(event.id, cluster))).toEqual({
      count: 3,
      alreadyInvited: 0,
      byLanguage: { de: 2, pl: 1, en: 0 },
    });
    // Counting sends nothing.
    expect(await mailsTo('ewa@medica-gubin.example.pl')).toEqual([]);
    // Country narrows the cluster's members.
    expect((await ok<EventInvitationPreview>(await preview(event.id, { ...cluster, countries: ['DE'] }))).count).toBe(1);

    expect(await ok<EventInvitationSendResult>(await send(event.id, cluster))).toEqual({ sent: 3, alreadyInvited: 0 });
    const [ewa] = await mailsTo('ewa@medica-gubin.example.pl');
    expect([ewa!.kind, ewa!.language, ewa!.subject]).toEqual(['event_invitation', 'pl', 'Zaproszenie: Dialog klastrów: zdrowie']);
    expect(ewa!.body).toContain('Dzień dobry Ewa Zielińska');
    expect(ewa!.body).toContain('20.06.2026, 09:30 (Collegium Polonicum, Słubice)');
    expect(linkIn(ewa!.body)).toMatch(/lang=pl$/);
    const [klaus] = await mailsTo('klaus@klinikbedarf.example.de');
    expect([klaus!.language, klaus!.subject]).toEqual(['de', 'Einladung: Clusterdialog Gesundheit']);
    expect((await mailsTo('marta@sonda.example.pl')).map((m) => m.subject)).toEqual(['Einladung: Clusterdialog Gesundheit']);
    expect(await mailsTo('jan@medica-gubin.example.pl')).toEqual([]);
    expect(await mailsTo('dora@ortho-ffo.example.de')).toEqual([]);

    // By sector: the cluster's members again (left out) and Dora, who is not a member.
    expect(await ok<EventInvitationPreview>(await preview(event.id, { sectors: ['U'] }))).toEqual({
      count: 1,
      alreadyInvited: 3,
      byLanguage: { de: 1, pl: 0, en: 0 },
    });
    expect(await ok<EventInvitationSendResult>(await send(event.id, { sectors: ['U'], countries: ['DE', 'PL'] }))).toEqual({
      sent: 1,
      alreadyInvited: 3,
    });
    // The RIS3 area of the cluster names the same members: nobody is left to invite.
    expect(await ok<EventInvitationSendResult>(await send(event.id, { ris3Areas: ['BB-HEALTH'] }))).toEqual({ sent: 0, alreadyInvited: 3 });
    expect((await mailsTo('ewa@medica-gubin.example.pl')).length).toBe(1);
    expect((await mailsTo('dora@ortho-ffo.example.de')).map((m) => m.subject)).toEqual(['Einladung: Clusterdialog Gesundheit']);

    const list = await ok<EventInvitationList>(await esnb.inject({ method: 'GET', url: `/api/v1/events/${event.id}/invitations` }));
    expect(list.items.map((i) => [i.email, i.language, i.status, i.organisation?.name]).sort()).toEqual([
      ['dora@ortho-ffo.example.de', 'de', 'invited', 'Orthopädie Frankfurt (Oder)'],
      ['ewa@medica-gubin.example.pl', 'pl', 'invited', 'Medica Gubin'],
      ['klaus@klinikbedarf.example.de', 'de', 'invited', 'Klinikbedarf Cottbus'],
      ['marta@sonda.example.pl', 'de', 'invited', 'Sonda Słubice'],
    ]);
  });

  it('invites nobody twice when two sends run at once', async () => {
    const event = await newEvent();
    const results = await Promise.all([
      send(event.id, { clusterIds: [clusterId] }).then((r) => ok<EventInvitationSendResult>(r)),
      send(event.id, { clusterIds: [clusterId] }).then((r) => ok<EventInvitationSendResult>(r)),
    ]);
    expect(results.map((r) => r.sent).sort()).toEqual([0, 3]);
    const invitations = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE kind = 'event_invitation' AND recipient = 'klaus@klinikbedarf.example.de'`,
    );
    // One from the first test's event, one from this one.
    expect(invitations[0]!.n).toBe(2);
  });

  it('needs an audience, a published event with open registration, and an editor of the organising partner', async () => {
    const draft = await newEvent({}, false);
    const notYet = await send(draft.id, { clusterIds: [clusterId] });
    expect([notYet.statusCode, json<Problem>(notYet).code]).toEqual([409, 'INVITATION_NOT_POSSIBLE']);
    const event = await newEvent();
    const empty = await preview(event.id, {});
    expect([empty.statusCode, json<Problem>(empty).errors?.[0]?.code]).toEqual([400, 'audience_required']);
    const lop = await t.staff('consultant', 'LOP');
    expect((await send(event.id, { clusterIds: [clusterId] }, lop)).statusCode).toBe(403);
    expect(await mailsTo('ewa@medica-gubin.example.pl')).toHaveLength(2);
  });
});

describe('the personal registration link', () => {
  it('shows a form filled in for the person and registers them, linked to the invitation and their organisation', async () => {
    const event = await newEvent({ capacity: 10 });
    await ok(await send(event.id, { clusterIds: [clusterId], countries: ['PL'] }));
    const ewaMails = await mailsTo('ewa@medica-gubin.example.pl');
    const link = linkIn(ewaMails.at(-1)!.body);

    const page = await t.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<h1>Rejestracja</h1>');
    expect(page.body).toContain('value="Ewa Zielińska"');
    expect(page.body).toContain('value="ewa@medica-gubin.example.pl" readonly');
    expect(page.body).toContain('value="Medica Gubin"');
    // Opening the link registers nobody.
    const registrations = async () =>
      ok<EventRegistrationPage>(await esnb.inject({ method: 'GET', url: `/api/v1/events/${event.id}/registrations` }));

    expect((await registrations()).items).toEqual([]);

    // Without the consent: the form again, with a word why.
    const form = (extra: string) =>
      t.app.inject({
        method: 'POST',
        url: link,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `name=Ewa+Zieli%C5%84ska&organisationName=Medica+Gubin&country=PL&language=pl${extra}`,
      });
    const refused = await form('');
    expect(refused.body).toContain('wyraź zgodę');
    expect((await registrations()).items).toEqual([]);

    const done = await form('&wantsMeetings=on&consent=on');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Jesteś zarejestrowany(-a).');
    const [registration] = (await registrations()).items;
    expect([
      registration!.email,
      registration!.status,
      registration!.source,
      registration!.organisation?.name,
      registration!.wantsMeetings,
    ]).toEqual(['ewa@medica-gubin.example.pl', 'confirmed', 'invitation', 'Medica Gubin', true]);
    expect((await mailsTo('ewa@medica-gubin.example.pl')).at(-1)!.subject).toBe('Potwierdzenie rejestracji: Dialog klastrów: zdrowie');
    const list = await ok<EventInvitationList>(await esnb.inject({ method: 'GET', url: `/api/v1/events/${event.id}/invitations` }));
    expect(list.items.map((i) => [i.name, i.status, i.registrationId])).toEqual(
      expect.arrayContaining([['Ewa Zielińska', 'registered', registration!.id]]),
    );
    // The attendee list of one language group (for printing): filtered by the server.
    const inLanguage = async (lang: string) =>
      (
        await ok<EventRegistrationPage>(
          await esnb.inject({ method: 'GET', url: `/api/v1/events/${event.id}/registrations?language=${lang}` }),
        )
      ).items.map((r) => r.name);
    expect([await inLanguage('pl'), await inLanguage('de')]).toEqual([['Ewa Zielińska'], []]);
    // The same link again: no second registration.
    await form('&consent=on');
    expect((await registrations()).items).toHaveLength(1);
  });

  it('answers 404 for an unknown token', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/event-invitations/register?token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    });
    expect([res.statusCode, json<Problem>(res).code]).toEqual([404, 'INVITATION_NOT_FOUND']);
  });
});

async function registerByStaff(eventId: string, name: string, email: string, language: string) {
  const res = await esnb.inject({
    method: 'POST',
    url: `/api/v1/events/${eventId}/registrations`,
    payload: { name, email, country: language === 'pl' ? 'PL' : 'DE', language, consent: true, consentTextVersion: '2026-01' },
  });
  return ok<{ id: string }>(res, 201);
}

describe('reminders before the event and thanks after it', () => {
  it('reminds the confirmed registrants once, a configurable number of days before', async () => {
    const event = await newEvent({ date: '2026-07-10', capacity: 1 });
    await registerByStaff(event.id, 'Agnieszka Kowalska', 'agnieszka@reminder.example.pl', 'pl');
    await registerByStaff(event.id, 'Bernd Schulz', 'bernd@reminder.example.de', 'de'); // waiting list
    const people = ['agnieszka@reminder.example.pl', 'bernd@reminder.example.de'];
    const at = (day: string) => createEventInvitationService(t.database.db, { clock: fixedClock(`${day}T06:00:00Z`) });

    // Four days before, with reminders three days ahead: not yet.
    await at('2026-07-06').sendDueReminders(3, 'https://euregionet.example');
    expect(await mailsOfKind('event_reminder', people)).toEqual([]);
    await at('2026-07-07').sendDueReminders(3, 'https://euregionet.example');
    const sent = await mailsOfKind('event_reminder', people);
    expect(sent.map((m) => [m.recipient, m.language, m.subject])).toEqual([
      ['agnieszka@reminder.example.pl', 'pl', 'Przypomnienie: Dialog klastrów: zdrowie'],
    ]);
    expect(sent[0]!.body).toContain('https://euregionet.example/feeds/pl/events/' + event.slug + '.ics');
    // The next rounds do not remind again.
    await at('2026-07-08').sendDueReminders(3, 'https://euregionet.example');
    await at('2026-07-09').sendDueReminders(5, 'https://euregionet.example');
    expect(await mailsOfKind('event_reminder', people)).toHaveLength(1);
  });

  it('thanks those who came once the event is documented, once, with the report', async () => {
    const event = await newEvent({ date: '2026-06-10' });
    const came = await registerByStaff(event.id, 'Piotr Lis', 'piotr@thanks.example.pl', 'pl');
    await registerByStaff(event.id, 'Greta Hahn', 'greta@thanks.example.de', 'de');
    const people = ['piotr@thanks.example.pl', 'greta@thanks.example.de'];
    await ok(
      await esnb.inject({ method: 'PUT', url: `/api/v1/events/${event.id}/registrations/${came.id}/check-in`, payload: { present: true } }),
    );
    let report = await ok<{ id: string; version: number; slug: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/publications',
        payload: { kind: 'news', title: { pl: 'Relacja z dialogu', de: 'Bericht' }, partner: 'ESNB' },
      }),
      201,
    );
    report = await ok(
      await admin.inject({
        method: 'POST',
        url: `/api/v1/publications/${report.id}/transitions`,
        headers: { 'if-match': `"v${report.version}"` },
        payload: { to: 'published' },
      }),
    );
    const current = await ok<DialogueEvent>(await esnb.inject({ method: 'GET', url: `/api/v1/events/${event.id}` }));
    await ok(
      await esnb.inject({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        headers: { 'if-match': `"v${current.version}"` },
        payload: { publicationId: report.id, outcomes: { pl: 'Dwanaście rozmów, trzy projekty.' } },
      }),
    );
    const move = (status: string) => esnb.inject({ method: 'POST', url: `/api/v1/events/${event.id}/transitions`, payload: { status } });
    await ok(await move('registration_closed'));
    await ok(await move('held'));
    expect(await mailsOfKind('event_thank_you', people)).toEqual([]);
    await ok(await move('documented'));
    const thanks = await mailsOfKind('event_thank_you', people);
    // Only Piotr came.
    expect(thanks.map((m) => [m.recipient, m.language, m.subject])).toEqual([
      ['piotr@thanks.example.pl', 'pl', 'Dziękujemy za udział: Dialog klastrów: zdrowie'],
    ]);
    expect(thanks[0]!.body).toContain('Dwanaście rozmów, trzy projekty.');
    expect(thanks[0]!.body).toContain(`/api/v1/public/publications/${report.slug}?lang=pl`);
    // Reopened and documented again: no second thank-you.
    await ok(await move('held'));
    await ok(await move('documented'));
    expect(await mailsOfKind('event_thank_you', people)).toHaveLength(1);
  });

  it('thanks nobody whose data was erased after they came (their registration stays, anonymised, for the figures)', async () => {
    const event = await newEvent({ date: '2026-06-11' });
    const came = await registerByStaff(event.id, 'Ola Nowak', 'ola@erased.example.pl', 'pl');
    await ok(
      await esnb.inject({ method: 'PUT', url: `/api/v1/events/${event.id}/registrations/${came.id}/check-in`, payload: { present: true } }),
    );
    await ok(await admin.inject({ method: 'POST', url: '/api/v1/personal-data/erasure', payload: { email: 'ola@erased.example.pl' } }));
    const move = (status: string) => esnb.inject({ method: 'POST', url: `/api/v1/events/${event.id}/transitions`, payload: { status } });
    await ok(await move('registration_closed'));
    await ok(await move('held'));
    await ok(await move('documented'));
    const [thanked] = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE kind = 'event_thank_you' AND source_id = ${came.id}`,
    );
    expect(thanked!.n).toBe(0);
  });
});
