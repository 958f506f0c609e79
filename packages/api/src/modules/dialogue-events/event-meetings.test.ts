import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import type {
  CandidateList,
  DialogueEvent,
  EventMeeting,
  EventMeetingBoard,
  Match,
  MeetingSuggestions,
  OwnMeetings,
} from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, ok, type Principal, type TestApp } from '../../test/app.js';
import { organisedEvent } from '../../test/events.js';
import { linkToken, mailsTo as mailsOf } from '../../test/outbox.js';
import { eventMeetingSeatsTable, eventMeetingsTable } from './dialogue-events.table.js';

let t: TestApp;
let admin: Principal;
let esnb: Principal;
let lop: Principal;
let portal: Principal;

/** ESNB's event on 20 June 2026 (the test app stands at 3 June 2026). */
const eventBody = (over: Record<string, unknown> = {}) => ({
  title: { de: 'Clusterdialog Kunststoffe', pl: 'Dialog klastrów: tworzywa sztuczne', en: 'Plastics cluster dialogue' },
  date: '2026-06-20',
  startTime: '09:30',
  endTime: '16:00',
  place: 'Collegium Polonicum, Słubice',
  languages: ['de', 'pl'],
  organisingPartner: 'ESNB',
  ...over,
});

const newEvent = () => organisedEvent(esnb, eventBody());

let counter = 0;
/** Registers someone through the portal; answers their registration id and the token of their e-mail link. */
async function registrant(event: DialogueEvent, name: string, over: Record<string, unknown> = {}) {
  const email = `${name.toLowerCase().replace(/\W/g, '')}.${++counter}@example.eu`;
  await ok(
    await portal.inject({
      method: 'POST',
      url: `/api/v1/public/events/${event.slug}/registrations`,
      payload: { name, email, country: 'PL', language: 'pl', consent: true, consentTextVersion: '2026-01', wantsMeetings: true, ...over },
    }),
    201,
  );
  const [row] = await queryRows<{ id: string }>(t.database.db, sql`SELECT id FROM dialogue_event_registrations WHERE email = ${email}`);
  const [mail] = await mailsTo(email);
  return { id: row!.id, email, token: linkToken(mail!.body) };
}

const mailsTo = (recipient: string) => mailsOf(t.database.db, recipient);

const asParticipant = (token: string) => ({ 'x-registration-token': token });

const setPlan = (eventId: string, plan: Record<string, unknown>, who: Principal = esnb) =>
  who.inject({ method: 'PUT', url: `/api/v1/events/${eventId}/meeting-plan`, payload: plan });
const ask = (eventId: string, requesterId: string, inviteeId: string) =>
  lop.inject({ method: 'POST', url: `/api/v1/events/${eventId}/meetings`, payload: { requesterId, inviteeId } });
const answer = (eventId: string, meetingId: string, accept = true) =>
  lop.inject({ method: 'POST', url: `/api/v1/events/${eventId}/meetings/${meetingId}/answer`, payload: { accept } });

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000, events: { registrationsPerAddressPerHour: 1000 } });
  admin = await t.admin();
  esnb = await t.staff('consultant', 'ESNB');
  lop = await t.staff('consultant', 'LOP');
  portal = await t.apiKey(['public:read', 'registrations:create']);
});
afterAll(() => t.close());

describe('one-to-one meetings asked for and answered by the participants', () => {
  it('publishes profiles, asks, lets only the one asked answer, schedules, and mails each their agenda in their language', async () => {
    const event = await newEvent();
    const anna = await registrant(event, 'Anna Schulz', { country: 'DE', language: 'de', organisationName: 'Kunststoff Guben GmbH' });
    const piotr = await registrant(event, 'Piotr Nowak', { wantsMeetings: false });
    // 13:00 to 14:00 in 20 minutes: three slots, at one table.
    await ok(await setPlan(event.id, { date: '2026-06-20', startTime: '13:00', endTime: '14:00', slotMinutes: 20, tables: 1 }));

    // Piotr does not take meetings yet: nobody can ask him.
    const early = await t.anonymous.inject({
      method: 'POST',
      url: '/api/v1/public/event-registrations/meetings',
      headers: asParticipant(anna.token),
      payload: { withId: piotr.id },
    });
    expect(early.statusCode).toBe(409);
    expect(json(early).code).toBe('MEETING_REQUEST_NOT_ALLOWED');

    const own = await ok<OwnMeetings>(
      await t.anonymous.inject({
        method: 'PUT',
        url: '/api/v1/public/event-registrations/meeting-profile',
        headers: asParticipant(piotr.token),
        payload: { profile: 'Wtryskiwanie, szukamy partnera w Brandenburgii' },
      }),
    );
    expect(own.me).toMatchObject({ id: piotr.id, name: 'Piotr Nowak', profile: 'Wtryskiwanie, szukamy partnera w Brandenburgii' });
    expect(own.participants.map((p) => p.name)).toEqual(['Anna Schulz']);
    // Others see no e-mail address.
    expect(JSON.stringify(own)).not.toContain('@example.eu');

    const requested = await ok<EventMeeting>(
      await t.anonymous.inject({
        method: 'POST',
        url: '/api/v1/public/event-registrations/meetings',
        headers: asParticipant(anna.token),
        payload: { withId: piotr.id, message: 'Gern über Spritzguss sprechen' },
      }),
      201,
    );
    expect(requested).toMatchObject({
      status: 'requested',
      slot: null,
      table: null,
      requester: { id: anna.id },
      invitee: { id: piotr.id },
    });
    const [request] = (await mailsTo(piotr.email)).filter((m) => m.kind === 'event_meeting_requested');
    expect(request!.subject).toBe('Prośba o spotkanie: Dialog klastrów: tworzywa sztuczne');
    expect(request!.body).toContain('Anna Schulz (Kunststoff Guben GmbH) chce spotkać się z Tobą');

    // The same pair again, from either side: one open request per pair.
    const again = await t.anonymous.inject({
      method: 'POST',
      url: '/api/v1/public/event-registrations/meetings',
      headers: asParticipant(piotr.token),
      payload: { withId: anna.id },
    });
    expect(again.statusCode).toBe(409);

    // Anna asked: she cannot accept for Piotr.
    const self = await t.anonymous.inject({
      method: 'POST',
      url: `/api/v1/public/event-registrations/meetings/${requested.id}/answer`,
      headers: asParticipant(anna.token),
      payload: { accept: true },
    });
    expect(self.statusCode).toBe(409);
    expect(json(self).code).toBe('MEETING_ANSWER_NOT_ALLOWED');
    // A made-up token is nobody.
    const nobody = await t.anonymous.inject({
      method: 'GET',
      url: '/api/v1/public/event-registrations/meetings',
      headers: asParticipant('x'.repeat(32)),
    });
    expect(nobody.statusCode).toBe(404);

    const accepted = await ok<EventMeeting>(
      await t.anonymous.inject({
        method: 'POST',
        url: `/api/v1/public/event-registrations/meetings/${requested.id}/answer`,
        headers: asParticipant(piotr.token),
        payload: { accept: true },
      }),
    );
    // 13:00 in Słubice in June is 11:00 UTC.
    expect(accepted).toMatchObject({
      status: 'accepted',
      table: 1,
      slot: { index: 0, start: '13:00', end: '13:20', startsAt: '2026-06-20T11:00:00.000Z', endsAt: '2026-06-20T11:20:00.000Z' },
    });

    const [annaAgenda] = (await mailsTo(anna.email)).filter((m) => m.kind === 'event_meeting_agenda');
    const [piotrAgenda] = (await mailsTo(piotr.email)).filter((m) => m.kind === 'event_meeting_agenda');
    expect(annaAgenda).toMatchObject({ language: 'de', subject: 'Ihre Gesprächstermine: Clusterdialog Kunststoffe' });
    expect(annaAgenda!.body).toContain('13:00–13:20  Tisch 1  Piotr Nowak');
    expect(piotrAgenda).toMatchObject({ language: 'pl', subject: 'Twoje spotkania: Dialog klastrów: tworzywa sztuczne' });
    expect(piotrAgenda!.body).toContain('13:00–13:20  stolik 1  Anna Schulz (Kunststoff Guben GmbH)');
    // The agenda as a calendar, read by an independent parser.
    const calendar = new ICAL.Component(ICAL.parse(piotrAgenda!.attachments[0]!.content));
    const entries = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(entries.map((e) => [e.summary, e.startDate.toJSDate().toISOString(), e.endDate.toJSDate().toISOString(), e.location])).toEqual([
      [
        'Spotkanie z Anna Schulz (Kunststoff Guben GmbH)',
        '2026-06-20T11:00:00.000Z',
        '2026-06-20T11:20:00.000Z',
        'Collegium Polonicum, Słubice, stolik 1',
      ],
    ]);

    // The plan cannot move under a placed meeting.
    const moved = await setPlan(event.id, { date: '2026-06-20', startTime: '14:00', endTime: '15:00', slotMinutes: 20, tables: 1 });
    expect(moved.statusCode).toBe(409);
    expect(json(moved).code).toBe('MEETING_PLAN_IN_USE');
    // Another partner's consultant does not plan ESNB's event.
    const foreign = await setPlan(event.id, { date: '2026-06-20', startTime: '13:00', endTime: '14:00', slotMinutes: 20, tables: 1 }, lop);
    expect(foreign.statusCode).toBe(403);

    // When Piotr cancels, the meeting ends with his registration and the table is free again.
    expect(
      (await t.anonymous.inject({ method: 'POST', url: `/api/v1/public/event-registrations/cancel?token=${piotr.token}` })).statusCode,
    ).toBe(200);
    const board = await ok<EventMeetingBoard>(await lop.inject({ method: 'GET', url: `/api/v1/events/${event.id}/meetings` }));
    expect(board.meetings.map((m) => [m.status, m.slot, m.table])).toEqual([['cancelled', null, null]]);
    const seats = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM event_meeting_seats WHERE meeting_id = ${requested.id}`,
    );
    expect(seats[0]!.n).toBe(0);
  });
});

describe('scheduling without double booking', () => {
  it('puts each accepted meeting into the first slot where both people and a table are free', async () => {
    const event = await newEvent();
    const [a, b, c, d] = [
      await registrant(event, 'A'),
      await registrant(event, 'B'),
      await registrant(event, 'C'),
      await registrant(event, 'D'),
    ];
    // Accepted before there is a plan: waiting for a place.
    const ab = await ok<EventMeeting>(await ask(event.id, a!.id, b!.id), 201);
    expect((await ok<EventMeeting>(await answer(event.id, ab.id))).slot).toBeNull();
    const cd = await ok<EventMeeting>(await ask(event.id, c!.id, d!.id), 201);
    await ok(await answer(event.id, cd.id));
    // Three slots (10:00, 10:30, 11:00), one table: the plan places both, one after the other.
    const board = await ok<EventMeetingBoard>(
      await setPlan(event.id, { date: '2026-06-20', startTime: '10:00', endTime: '11:40', slotMinutes: 30, tables: 1 }),
    );
    expect(board.slots.map((s) => s.start)).toEqual(['10:00', '10:30', '11:00']);
    const placeOf = (b: EventMeetingBoard, id: string) => {
      const m = b.meetings.find((x) => x.id === id)!;
      return [m.slot?.start ?? null, m.table];
    };
    expect(placeOf(board, ab.id)).toEqual(['10:00', 1]);
    expect(placeOf(board, cd.id)).toEqual(['10:30', 1]);

    // A sits at 10:00, C at 10:30: their meeting is at 11:00.
    const ac = await ok<EventMeeting>(await ask(event.id, a!.id, c!.id), 201);
    expect((await ok<EventMeeting>(await answer(event.id, ac.id))).slot?.start).toBe('11:00');
    // A and D have no common free slot left: accepted, without a place.
    const ad = await ok<EventMeeting>(await ask(event.id, d!.id, a!.id), 201);
    const waiting = await ok<EventMeeting>(await answer(event.id, ad.id));
    expect([waiting.status, waiting.slot, waiting.table]).toEqual(['accepted', null, null]);
    // A declined request takes no place.
    const bc = await ok<EventMeeting>(await ask(event.id, b!.id, c!.id), 201);
    expect((await ok<EventMeeting>(await answer(event.id, bc.id, false))).status).toBe('declined');
    // The one who asked hears of it, in their language; the one who declined gets nothing.
    const declined = (await mailsTo(b!.email)).filter((m) => m.kind === 'event_meeting_declined');
    expect(declined.map((m) => [m.language, m.subject])).toEqual([
      ['pl', 'Prośba o spotkanie odrzucona: Dialog klastrów: tworzywa sztuczne'],
    ]);
    expect(declined[0]!.body).toContain('C niestety odrzucił(a) Twoją prośbę o spotkanie');
    expect((await mailsTo(c!.email)).filter((m) => m.kind === 'event_meeting_declined')).toEqual([]);
  });

  it('never books a person or a table twice when many meetings are accepted at once', async () => {
    const event = await newEvent();
    const people = [];
    for (let i = 0; i < 8; i++) people.push(await registrant(event, `Teilnehmer ${i}`));
    // Four slots, two tables: at most eight meetings fit; every pair of the first six asks (15).
    await ok(await setPlan(event.id, { date: '2026-06-20', startTime: '10:00', endTime: '12:00', slotMinutes: 30, tables: 2 }));
    const requests: EventMeeting[] = [];
    for (let i = 0; i < 6; i++) {
      for (let j = i + 1; j < 6; j++) requests.push(await ok<EventMeeting>(await ask(event.id, people[i]!.id, people[j]!.id), 201));
    }
    const answers = await Promise.all(requests.map((m) => answer(event.id, m.id)));
    expect(answers.map((r) => r.statusCode)).toEqual(requests.map(() => 200));

    const rows = await queryRows<{ requester_id: string; invitee_id: string; slot: number | null; table_no: number | null }>(
      t.database.db,
      sql`SELECT requester_id, invitee_id, slot, table_no FROM event_meetings WHERE event_id = ${event.id} AND status = 'accepted'`,
    );
    expect(rows).toHaveLength(15);
    const placed = rows.filter((r) => r.slot !== null);
    // Checked by a scan here: in each slot, each person and each table at most once, and no table beyond two.
    const seen = new Set<string>();
    for (const r of placed) {
      for (const key of [`p:${r.requester_id}:${r.slot}`, `p:${r.invitee_id}:${r.slot}`, `t:${r.table_no}:${r.slot}`]) {
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
      expect([1, 2]).toContain(r.table_no);
    }
    // Six people, two tables: at most two meetings (four people) a slot; with four slots, eight meetings.
    expect(placed).toHaveLength(8);
    // And no meeting left waiting could have had a place: in every slot a table or one of its people is taken.
    for (const r of rows.filter((x) => x.slot === null)) {
      for (let slot = 0; slot < 4; slot++) {
        const inSlot = placed.filter((p) => p.slot === slot);
        const busy = inSlot.some((p) => [p.requester_id, p.invitee_id].some((id) => id === r.requester_id || id === r.invitee_id));
        expect(busy || inSlot.length === 2).toBe(true);
      }
    }
  });
});

describe('suggestions and matches', () => {
  it('suggests by the matchmaking score and turns a meeting held into a match at the stage "meeting held"', async () => {
    const org = async (name: string, country: 'DE' | 'PL', sectors: string[]) =>
      (
        await ok<{ id: string }>(
          await admin.inject({
            method: 'POST',
            url: '/api/v1/organisations',
            payload: { name, type: 'sme', country, region: country === 'DE' ? 'DE403' : 'PL432', sectors },
          }),
          201,
        )
      ).id;
    const guben = await org('Kunststoff Guben GmbH', 'DE', ['22']);
    const gubin = await org('Zakład Tworzyw Gubin', 'PL', ['22']);
    const bakery = await org('Piekarnia Słubice', 'PL', ['10']);
    const event = await newEvent();
    const de = await registrant(event, 'Anna', { country: 'DE', language: 'de', organisationName: 'Kunststoff Guben GmbH' });
    const pl = await registrant(event, 'Piotr', { organisationName: 'Zakład Tworzyw Gubin' });
    await registrant(event, 'Ewa', { organisationName: 'Piekarnia Słubice' });
    await registrant(event, 'Jan'); // no organisation of the directory: no score

    // The score the matchmaking's own candidate search gives Gubin for Guben.
    const candidates = await ok<CandidateList>(
      await admin.inject({ method: 'GET', url: `/api/v1/matchmaking/candidates?for=${guben}&limit=100` }),
    );
    const expected = candidates.items.find((c) => c.party.id === gubin)!.score;
    const names = new Map([
      [gubin, 'Piotr'],
      [bakery, 'Ewa'],
    ]);
    const expectedNames = candidates.items.filter((c) => names.has(c.party.id)).map((c) => names.get(c.party.id));
    const suggestions = await ok<MeetingSuggestions>(
      await lop.inject({ method: 'GET', url: `/api/v1/events/${event.id}/meetings/suggestions?for=${de.id}` }),
    );
    expect(suggestions.items[0]).toMatchObject({ participant: { name: 'Piotr' }, score: expected });
    expect(suggestions.items.map((s) => s.participant.name)).toEqual(expectedNames);
    // The participant asks the same with their token.
    const own = await ok<MeetingSuggestions>(
      await t.anonymous.inject({
        method: 'GET',
        url: '/api/v1/public/event-registrations/meetings/suggestions',
        headers: asParticipant(de.token),
      }),
    );
    expect(own.items).toEqual(suggestions.items);

    await ok(await setPlan(event.id, { date: '2026-06-20', startTime: '13:00', endTime: '14:00', slotMinutes: 20, tables: 3 }));
    const meeting = await ok<EventMeeting>(await ask(event.id, de.id, pl.id), 201);
    await ok(await answer(event.id, meeting.id));
    // Not before the event was held.
    const early = await lop.inject({ method: 'POST', url: `/api/v1/events/${event.id}/meetings/${meeting.id}/match` });
    expect(early.statusCode).toBe(409);
    expect(json(early).code).toBe('MEETING_MATCH_NOT_POSSIBLE');
    await ok(await esnb.inject({ method: 'POST', url: `/api/v1/events/${event.id}/transitions`, payload: { status: 'held' } }));
    const { matchId } = await ok<{ matchId: string }>(
      await lop.inject({ method: 'POST', url: `/api/v1/events/${event.id}/meetings/${meeting.id}/match` }),
      201,
    );
    const match = await ok<Match>(await admin.inject({ method: 'GET', url: `/api/v1/matches/${matchId}` }));
    expect(match.stage).toBe('meeting_held');
    expect(match.crossBorder).toBe(true);
    expect(match.parties.map((p) => p.id).sort()).toEqual([guben, gubin].sort());
    expect(match.partner).toBe('LOP');
    // One action, once.
    const twice = await lop.inject({ method: 'POST', url: `/api/v1/events/${event.id}/meetings/${meeting.id}/match` });
    expect(twice.statusCode).toBe(409);
  });
});

describe('a cancelled event', () => {
  it('tells each registrant the notice in their own language', async () => {
    const event = await newEvent();
    const de = await registrant(event, 'Klara', { country: 'DE', language: 'de' });
    const pl = await registrant(event, 'Marta', { language: 'pl' });
    const en = await registrant(event, 'John', { language: 'en' });
    await ok(
      await esnb.inject({
        method: 'POST',
        url: `/api/v1/events/${event.id}/transitions`,
        payload: {
          status: 'cancelled',
          notice: { de: 'Der Saal ist überflutet.', pl: 'Sala jest zalana.', en: 'The hall is flooded.' },
        },
      }),
    );
    const notice = async (email: string) => (await mailsTo(email)).find((m) => m.kind === 'event_cancelled')!;
    const [mde, mpl, men] = [await notice(de.email), await notice(pl.email), await notice(en.email)];
    expect(mde.subject).toBe('Abgesagt: Clusterdialog Kunststoffe');
    expect(mpl.subject).toBe('Odwołane: Dialog klastrów: tworzywa sztuczne');
    expect(men.subject).toBe('Cancelled: Plastics cluster dialogue');
    expect(mde.body).toContain('Der Saal ist überflutet.');
    expect(mpl.body).toContain('Sala jest zalana.');
    expect(men.body).toContain('The hall is flooded.');
    for (const other of ['Sala jest zalana.', 'The hall is flooded.']) expect(mde.body).not.toContain(other);
    for (const other of ['Der Saal ist überflutet.', 'The hall is flooded.']) expect(mpl.body).not.toContain(other);
  });
});

describe("a past event's documentation", () => {
  it('attaches files (public once the event is held, for the organiser to add) and links a publication', async () => {
    const event = await newEvent();
    const boundary = '----event-file';
    const upload = (by: Principal) =>
      by.inject({
        method: 'POST',
        url: `/api/v1/files?ownerType=event&ownerId=${event.id}`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bericht.txt"\r\nContent-Type: text/plain\r\n\r\nBericht\r\n--${boundary}--\r\n`,
      });
    // Another partner's consultant does not attach to ESNB's event.
    expect((await upload(lop)).statusCode).toBe(403);
    const file = await ok<{ id: string; url: string }>(await upload(esnb), 201);
    const download = () => t.anonymous.inject({ method: 'GET', url: `/api/v1/files/${file.id}` });
    // Before the event is held its files are for staff only.
    expect((await download()).statusCode).toBe(404);
    expect((await lop.inject({ method: 'GET', url: `/api/v1/files/${file.id}` })).statusCode).toBe(200);
    await ok(await esnb.inject({ method: 'POST', url: `/api/v1/events/${event.id}/transitions`, payload: { status: 'held' } }));
    const res = await download();
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('Bericht');

    const publication = await ok<{ id: string }>(
      await esnb.inject({
        method: 'POST',
        url: '/api/v1/publications',
        payload: { kind: 'news', title: { de: 'Bericht vom Clusterdialog' }, partner: 'ESNB' },
      }),
      201,
    );
    const current = await ok<DialogueEvent>(await esnb.inject({ method: 'GET', url: `/api/v1/events/${event.id}` }));
    const linked = await ok<DialogueEvent>(
      await esnb.inject({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        headers: { 'if-match': `"v${current.version}"` },
        payload: { publicationId: publication.id },
      }),
    );
    expect(linked.publicationId).toBe(publication.id);
  });
});

// Last: the refused writes go straight to the database, past the app's queries.
describe('the schedule in the database', () => {
  it('is held by the database too: a second seat for a person or a second meeting at a table in a slot is refused', async () => {
    const event = await newEvent();
    const [a, b, c] = [await registrant(event, 'E'), await registrant(event, 'F'), await registrant(event, 'G')];
    const db = t.database.db;
    const [m1] = await db
      .insert(eventMeetingsTable)
      .values({ eventId: event.id, requesterId: a!.id, inviteeId: b!.id, status: 'accepted', requestedBy: 'staff', slot: 0, tableNo: 1 })
      .returning();
    await db.insert(eventMeetingSeatsTable).values({ meetingId: m1!.id, registrationId: a!.id, slot: 0 });
    // The same table in the same slot.
    await expect(
      db
        .insert(eventMeetingsTable)
        .values({ eventId: event.id, requesterId: a!.id, inviteeId: c!.id, status: 'accepted', requestedBy: 'staff', slot: 0, tableNo: 1 }),
    ).rejects.toThrow();
    // The same person in the same slot, at another table.
    const [m2] = await db
      .insert(eventMeetingsTable)
      .values({ eventId: event.id, requesterId: c!.id, inviteeId: a!.id, status: 'accepted', requestedBy: 'staff', slot: 0, tableNo: 2 })
      .returning();
    await expect(db.insert(eventMeetingSeatsTable).values({ meetingId: m2!.id, registrationId: a!.id, slot: 0 })).rejects.toThrow();
    // A slot without a table, or a requested meeting with a place, is no schedule.
    await expect(
      db.insert(eventMeetingsTable).values({
        eventId: event.id,
        requesterId: b!.id,
        inviteeId: c!.id,
        status: 'requested',
        requestedBy: 'staff',
        slot: 3,
        tableNo: 1,
      }),
    ).rejects.toThrow();
  });
});
