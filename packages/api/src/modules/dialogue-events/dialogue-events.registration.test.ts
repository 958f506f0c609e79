import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import type {
  DialogueEvent,
  EventAttendance,
  EventRegistration,
  EventRegistrationPage,
  PublicEvent,
  PublicEventPage,
} from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { created, createTestApp, json, ok, type Principal, type TestApp } from '../../test/app.js';
import { organisedEvent } from '../../test/events.js';
import { mailsTo as mailsOf } from '../../test/outbox.js';

let t: TestApp;
let admin: Principal;
let esnb: Principal;
let portal: Principal;
let reader: Principal;
let organisationPl: string;

/** An upcoming event, as ESNB's consultant prepares it (the test app stands at 3 June 2026). */
const eventBody = (over: Record<string, unknown> = {}) => ({
  title: { de: 'Clusterdialog Kunststoffe', pl: 'Dialog klastrów: tworzywa sztuczne' },
  description: { de: 'Treffen der Kunststoffcluster beider Seiten', pl: 'Spotkanie klastrów tworzyw sztucznych' },
  agenda: { en: '09:30 welcome; 10:00 pitches; 12:00 one-to-one meetings' },
  date: '2026-06-20',
  startTime: '09:30',
  endTime: '16:00',
  place: 'Collegium Polonicum, Słubice',
  languages: ['de', 'pl'],
  interpretation: true,
  organisingPartner: 'ESNB',
  capacity: 5,
  ...over,
});

const person = (n: number, over: Record<string, unknown> = {}) => ({
  name: `Person ${n}`,
  email: `person${n}@example.pl`,
  country: 'PL',
  language: 'pl',
  consent: true,
  consentTextVersion: '2026-01',
  ...over,
});

const newEvent = (over: Record<string, unknown> = {}, publish = true) => organisedEvent(esnb, eventBody(over), publish);

const register = (slug: string, body: Record<string, unknown>, who: Principal = portal) =>
  who.inject({ method: 'POST', url: `/api/v1/public/events/${slug}/registrations`, payload: body });

const statuses = (eventId: string) =>
  queryRows<{ status: string; n: number }>(
    t.database.db,
    sql`SELECT status, count(*)::int AS n FROM dialogue_event_registrations WHERE event_id = ${eventId} GROUP BY 1 ORDER BY 1`,
  );

const mailsTo = (recipient: string) => mailsOf(t.database.db, recipient);

/** The events of an iCalendar text, read by an independent parser (ical.js). */
function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      allDay: e.startDate.isDate,
      location: e.location,
      status: v.getFirstPropertyValue('status'),
    };
  });
}

const cancelToken = (body: string) => /cancel\?token=([\w-]+)/.exec(body)![1]!;

beforeAll(async () => {
  // The per-address limit has its own test (one address sends everything here).
  t = await createTestApp({ rateLimitPerMinute: 100_000, events: { registrationsPerAddressPerHour: 1000 } });
  admin = await t.admin();
  esnb = await t.staff('consultant', 'ESNB');
  portal = await t.apiKey(['public:read', 'registrations:create']);
  reader = await t.apiKey(['public:read']);
  organisationPl = (
    await created(admin, '/api/v1/organisations', { name: 'Zakład Tworzyw Gubin', type: 'sme', country: 'PL', region: 'PL432' })
  ).id;
});
afterAll(() => t.close());

describe('an event to attend', () => {
  it('starts as a draft with a slug from its title, is published, and follows its workflow only', async () => {
    const draft = await ok<DialogueEvent>(await esnb.inject({ method: 'POST', url: '/api/v1/events', payload: eventBody() }), 201);
    expect(draft.status).toBe('draft');
    // No English title: the German one, folded; and the year.
    expect(draft.slug).toBe('clusterdialog-kunststoffe-2026');
    const second = await ok<DialogueEvent>(await esnb.inject({ method: 'POST', url: '/api/v1/events', payload: eventBody() }), 201);
    expect(second.slug).toBe('clusterdialog-kunststoffe-2026-2');

    // A portal does not see a draft.
    expect((await reader.inject({ method: 'GET', url: `/api/v1/public/events/${draft.slug}` })).statusCode).toBe(404);
    const skip = await esnb.inject({ method: 'POST', url: `/api/v1/events/${draft.id}/transitions`, payload: { status: 'documented' } });
    expect(skip.statusCode).toBe(409);
    expect(json(skip).code).toBe('EVENT_STATUS_CHANGE_NOT_ALLOWED');
    // Another partner's consultant may not publish ESNB's event.
    const bic = await t.staff('consultant', 'BIC');
    expect(
      (await bic.inject({ method: 'POST', url: `/api/v1/events/${draft.id}/transitions`, payload: { status: 'published' } })).statusCode,
    ).toBe(403);

    const published = await ok<DialogueEvent>(
      await esnb.inject({ method: 'POST', url: `/api/v1/events/${draft.id}/transitions`, payload: { status: 'published' } }),
    );
    expect(published.status).toBe('published');
    const audit = await queryRows<{ changes: Record<string, unknown> }>(
      t.database.db,
      sql`SELECT changes FROM audit_log WHERE entity = 'dialogue_event' AND entity_id = ${draft.id} AND action = 'update'`,
    );
    expect(audit.map((a) => a.changes.status)).toEqual([{ before: 'draft', after: 'published' }]);
  });

  it('is neither in a place nor online: refused', async () => {
    const res = await esnb.inject({ method: 'POST', url: '/api/v1/events', payload: eventBody({ place: null }) });
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string; code: string }[] }>(res).errors).toEqual([
      expect.objectContaining({ pointer: '/body/place', code: 'place_or_link_required' }),
    ]);
  });
});

describe('portals', () => {
  it('list published upcoming events localised with fallback, and one by slug', async () => {
    const event = await newEvent({ title: { de: 'Dialog Logistik', pl: 'Dialog logistyka', en: 'Logistics dialogue' }, capacity: 30 });
    await newEvent({ title: { en: 'Past dialogue' }, date: '2026-05-01', capacity: null });
    await newEvent({ title: { en: 'Unpublished dialogue' } }, false);

    const page = await ok<PublicEventPage>(await reader.inject({ method: 'GET', url: '/api/v1/public/events?lang=pl&limit=100' }));
    const slugs = page.items.map((e) => e.slug);
    expect(slugs).toContain(event.slug);
    expect(slugs.some((s) => s.startsWith('past-dialogue'))).toBe(false);
    expect(slugs.some((s) => s.startsWith('unpublished-dialogue'))).toBe(false);

    const detail = await ok<PublicEvent>(await reader.inject({ method: 'GET', url: `/api/v1/public/events/${event.slug}?lang=pl` }));
    expect(detail.title).toEqual({ text: 'Dialog logistyka', lang: 'pl' });
    // The agenda exists in English only: that is what a Polish portal gets, saying so.
    expect(detail.agenda).toEqual({ text: '09:30 welcome; 10:00 pitches; 12:00 one-to-one meetings', lang: 'en' });
    expect(detail.placesLeft).toBe(30);
    expect(detail.registrationOpen).toBe(true);
    expect(detail.calendarUrl).toMatch(new RegExp(`/feeds/pl/events/${event.slug}\\.ics$`));
    expect(JSON.stringify(detail)).not.toContain(event.id);
  });

  it('register only with the registrations:create scope', async () => {
    const event = await newEvent({ title: { en: 'Scope check' } });
    expect((await register(event.slug, person(1), reader)).statusCode).toBe(403);
    expect((await register(event.slug, person(1), esnb)).statusCode).toBe(403);
    expect((await register(event.slug, person(1))).statusCode).toBe(201);
  });

  it('never confirm more than the capacity under 20 registrations at once; the rest wait in order', async () => {
    const event = await newEvent({ title: { en: 'Twenty at once' }, capacity: 5 });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => register(event.slug, person(100 + i))));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
    const receipts = answers.map((a) => json<{ status: string; waitingPosition: number | null }>(a));
    expect(receipts.filter((r) => r.status === 'confirmed')).toHaveLength(5);
    expect(
      receipts
        .filter((r) => r.status === 'waiting')
        .map((r) => r.waitingPosition)
        .sort((a, b) => a! - b!),
    ).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(await statuses(event.id)).toEqual([
      { status: 'confirmed', n: 5 },
      { status: 'waiting', n: 15 },
    ]);
    const detail = await ok<PublicEvent>(await reader.inject({ method: 'GET', url: `/api/v1/public/events/${event.slug}` }));
    expect(detail.placesLeft).toBe(0);
  });

  it('confirm in the registrant’s language with the event as .ics, and move the waiting list up when someone cancels by the link', async () => {
    const event = await newEvent({ title: { de: 'Dialog Holz', pl: 'Dialog drewno', en: 'Wood dialogue' }, capacity: 1 });
    expect(json(await register(event.slug, person(201))).status).toBe('confirmed');
    expect(json(await register(event.slug, person(202, { language: 'de', country: 'DE' }))).status).toBe('waiting');

    const [confirmation] = await mailsTo('person201@example.pl');
    expect(confirmation!.kind).toBe('event_registration_confirmed');
    expect(confirmation!.subject).toBe('Potwierdzenie rejestracji: Dialog drewno');
    expect(confirmation!.attachments.map((a) => a.filename)).toEqual([`${event.slug}.ics`]);
    const [entry] = parseCalendar(confirmation!.attachments[0]!.content);
    // 09:30 to 16:00 in Słubice on 20 June (summer time, UTC+2).
    expect(entry).toMatchObject({
      summary: 'Dialog drewno',
      start: '2026-06-20T07:30:00.000Z',
      end: '2026-06-20T14:00:00.000Z',
      location: 'Collegium Polonicum, Słubice',
      uid: `${event.id}@events.euregionet`,
    });
    const [waiting] = await mailsTo('person202@example.pl');
    expect(waiting!.kind).toBe('event_registration_waiting');
    expect(waiting!.subject).toBe('Warteliste: Dialog Holz');

    // The link first asks (a mail scanner opening it cancels nothing), the button cancels.
    const token = cancelToken(confirmation!.body);
    const ask = await t.anonymous.inject({ method: 'GET', url: `/api/v1/public/event-registrations/cancel?token=${token}&lang=pl` });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Anuluj rejestrację');
    expect(await statuses(event.id)).toEqual([
      { status: 'confirmed', n: 1 },
      { status: 'waiting', n: 1 },
    ]);
    const done = await t.anonymous.inject({
      method: 'POST',
      url: `/api/v1/public/event-registrations/cancel?token=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Twoja rejestracja została anulowana');
    expect(await statuses(event.id)).toEqual([
      { status: 'cancelled', n: 1 },
      { status: 'confirmed', n: 1 },
    ]);
    const moved = (await mailsTo('person202@example.pl')).at(-1)!;
    expect(moved.kind).toBe('event_registration_moved_up');
    expect(moved.language).toBe('de');
    expect(moved.subject).toBe('Ein Platz ist frei geworden: Dialog Holz');
    expect(parseCalendar(moved.attachments[0]!.content)[0]!.summary).toBe('Dialog Holz');

    // The same link again changes nothing more; an invented one is not found.
    await t.anonymous.inject({ method: 'POST', url: `/api/v1/public/event-registrations/cancel?token=${token}` });
    expect(await statuses(event.id)).toEqual([
      { status: 'cancelled', n: 1 },
      { status: 'confirmed', n: 1 },
    ]);
    const unknown = await t.anonymous.inject({ method: 'POST', url: `/api/v1/public/event-registrations/cancel?token=${'x'.repeat(32)}` });
    expect(unknown.statusCode).toBe(404);
  });

  it('move the waiting list up when a confirmed person’s data is erased', async () => {
    const event = await newEvent({ title: { de: 'Dialog Glas', pl: 'Dialog szkło' }, capacity: 1 });
    expect(json(await register(event.slug, person(211))).status).toBe('confirmed');
    expect(json(await register(event.slug, person(212, { language: 'de', country: 'DE' }))).status).toBe('waiting');
    await ok(await admin.inject({ method: 'POST', url: '/api/v1/personal-data/erasure', payload: { email: 'person211@example.pl' } }));
    expect(await statuses(event.id)).toEqual([{ status: 'confirmed', n: 1 }]);
    const moved = (await mailsTo('person212@example.pl')).at(-1)!;
    expect(moved.kind).toBe('event_registration_moved_up');
    expect(moved.subject).toBe('Ein Platz ist frei geworden: Dialog Glas');
  });

  it('fold the same person into one registration, and discard what a robot filled in', async () => {
    const event = await newEvent({ title: { en: 'Folding' }, capacity: 10 });
    expect((await register(event.slug, person(301))).statusCode).toBe(201);
    const again = await register(event.slug, person(301, { email: 'PERSON301@example.pl', name: 'P. 301' }));
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again)).toEqual({ status: 'confirmed', waitingPosition: null });
    const robot = await register(event.slug, person(302, { website: 'http://spam.example' }));
    expect(robot.statusCode).toBe(201);
    expect(await statuses(event.id)).toEqual([{ status: 'confirmed', n: 1 }]);
    expect(await mailsTo('person301@example.pl')).toHaveLength(1);
    expect(await mailsTo('person302@example.pl')).toHaveLength(0);
  });

  it('refuse registrations outside the window, and bodies over the cap', async () => {
    const closed = await newEvent({ title: { en: 'Window closed' }, registrationClosesOn: '2026-06-01' });
    const res = await register(closed.slug, person(401));
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('REGISTRATION_CLOSED');
    const open = await newEvent({ title: { en: 'Too big' } });
    const big = await register(open.slug, person(402, { notes: 'x'.repeat(40_000) }));
    expect(big.statusCode).toBe(413);
  });
});

describe('the limit per client address', () => {
  it('refuses the third registration within the hour from one address, whatever the key', async () => {
    const limited = await createTestApp({ events: { registrationsPerAddressPerHour: 2 } });
    try {
      const consultant = await limited.staff('consultant', 'ESNB');
      const event = await ok<DialogueEvent>(await consultant.inject({ method: 'POST', url: '/api/v1/events', payload: eventBody() }), 201);
      await ok(
        await consultant.inject({ method: 'POST', url: `/api/v1/events/${event.id}/transitions`, payload: { status: 'published' } }),
      );
      const keyA = await limited.apiKey(['registrations:create']);
      const keyB = await limited.apiKey(['registrations:create']);
      const url = `/api/v1/public/events/${event.slug}/registrations`;
      expect((await keyA.inject({ method: 'POST', url, payload: person(701) })).statusCode).toBe(201);
      expect((await keyB.inject({ method: 'POST', url, payload: person(702) })).statusCode).toBe(201);
      const third = await keyB.inject({ method: 'POST', url, payload: person(703) });
      expect(third.statusCode).toBe(429);
      expect(json(third).code).toBe('RATE_LIMITED');
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('calendars', () => {
  it('the feed holds the published upcoming events, valid for an iCalendar parser; one file per event', async () => {
    const allDay = await newEvent({
      title: { de: 'Ganztägig', en: 'All day' },
      date: '2026-07-01',
      endDate: '2026-07-02',
      startTime: null,
      endTime: null,
    });
    const draft = await newEvent({ title: { en: 'Draft in feed' } }, false);
    const feed = await t.anonymous.inject({ method: 'GET', url: '/feeds/de/events.ics' });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const entries = parseCalendar(feed.body);
    expect(entries.find((e) => e.uid === `${draft.id}@events.euregionet`)).toBeUndefined();
    // Two days, the second included: DTEND is the day after (RFC 5545 counts it exclusive).
    const entry = entries.find((e) => e.uid === `${allDay.id}@events.euregionet`)!;
    expect(entry).toMatchObject({ summary: 'Ganztägig', allDay: true });
    expect(feed.body).toContain('DTSTART;VALUE=DATE:20260701');
    expect(feed.body).toContain('DTEND;VALUE=DATE:20260703');

    const one = await t.anonymous.inject({ method: 'GET', url: `/feeds/en/events/${allDay.slug}.ics` });
    expect(parseCalendar(one.body).map((e) => e.summary)).toEqual(['All day']);
    expect((await t.anonymous.inject({ method: 'GET', url: `/feeds/en/events/${draft.slug}.ics` })).statusCode).toBe(404);
  });
});

describe('cancelling an event', () => {
  it('tells everyone registered, confirmed or waiting, in their language; the file then says cancelled', async () => {
    const event = await newEvent({ title: { de: 'Abgesagter Dialog', pl: 'Odwołany dialog' }, capacity: 1 });
    await register(event.slug, person(501));
    await register(event.slug, person(502, { language: 'de' }));
    await ok(
      await esnb.inject({
        method: 'POST',
        url: `/api/v1/events/${event.id}/transitions`,
        payload: { status: 'cancelled', notice: { de: 'Ersatztermin folgt.', pl: 'Nowy termin wkrótce.' } },
      }),
    );
    const pl = (await mailsTo('person501@example.pl')).at(-1)!;
    const de = (await mailsTo('person502@example.pl')).at(-1)!;
    expect([pl.kind, pl.subject]).toEqual(['event_cancelled', 'Odwołane: Odwołany dialog']);
    expect(pl.body).toContain('Nowy termin wkrótce.');
    expect([de.kind, de.subject]).toEqual(['event_cancelled', 'Abgesagt: Abgesagter Dialog']);
    expect(de.body).toContain('Ersatztermin folgt.');
    expect(parseCalendar(pl.attachments[0]!.content)[0]!.status).toBe('CANCELLED');
    expect(json(await register(event.slug, person(503))).code).toBe('DIALOGUE_EVENT_NOT_FOUND');
  });
});

describe('on the day', () => {
  it('staff register, search and check people in; attendance and the indicators count those checked in', async () => {
    const event = await newEvent({ title: { en: 'Check-in day' }, date: '2026-06-10', capacity: 10 });
    await register(event.slug, person(601, { organisationName: 'zaklad tworzyw gubin' }));
    await register(event.slug, person(602));
    const staffAdded = await ok<EventRegistration>(
      await esnb.inject({
        method: 'POST',
        url: `/api/v1/events/${event.id}/registrations`,
        payload: person(603, { name: 'Klaus Weber', email: 'klaus@example.de', country: 'DE', language: 'de' }),
      }),
      201,
    );
    expect(staffAdded.source).toBe('staff');

    const found = await ok<EventRegistrationPage>(
      await esnb.inject({ method: 'GET', url: `/api/v1/events/${event.id}/registrations?q=weber` }),
    );
    expect(found.items.map((r) => r.name)).toEqual(['Klaus Weber']);
    const all = await ok<EventRegistrationPage>(await esnb.inject({ method: 'GET', url: `/api/v1/events/${event.id}/registrations` }));
    // Linked to the directory by the name written (case and diacritics aside).
    expect(all.items.find((r) => r.email === 'person601@example.pl')!.organisation).toEqual({
      id: organisationPl,
      name: 'Zakład Tworzyw Gubin',
      type: 'sme',
    });

    const viewer = await t.staff('viewer', 'ESNB');
    expect((await viewer.inject({ method: 'GET', url: `/api/v1/events/${event.id}/registrations` })).statusCode).toBe(403);

    for (const email of ['person601@example.pl', 'klaus@example.de']) {
      const id = all.items.find((r) => r.email === email)!.id;
      const checked = await ok<EventRegistration>(
        await esnb.inject({ method: 'PUT', url: `/api/v1/events/${event.id}/registrations/${id}/check-in`, payload: { present: true } }),
      );
      expect(checked.checkedInAt).not.toBeNull();
    }
    const attendance = await ok<EventAttendance>(await esnb.inject({ method: 'GET', url: `/api/v1/events/${event.id}/attendance` }));
    // ESNB is Polish: the German participant came from across the border, one of two.
    expect(attendance).toEqual({
      checkedIn: 2,
      byCountry: { DE: 1, PL: 1 },
      byOrganisationType: [
        { type: 'sme', count: 1 },
        { type: 'unknown', count: 1 },
      ],
      crossBorderShare: 0.5,
    });

    await ok(await esnb.inject({ method: 'POST', url: `/api/v1/events/${event.id}/transitions`, payload: { status: 'held' } }));
    const indicators = await ok<{ figures: { key: string; evidence: { id: string; participants: number | null }[] }[] }>(
      await esnb.inject({ method: 'GET', url: '/api/v1/indicators?from=2026-06-10&to=2026-06-10&lang=en' }),
    );
    const evidence = indicators.figures.find((f) => f.key === 'dialogue_events')!.evidence;
    expect(evidence).toEqual([expect.objectContaining({ id: event.id, participants: 2 })]);
  });
});
