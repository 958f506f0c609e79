import {
  meetingSlots,
  type EventMeeting,
  type EventMeetingBoard,
  type EventMeetingPlan,
  type EventMeetingSlot,
  type MeetingParticipant,
  type MeetingProfileUpdate,
  type MeetingSuggestions,
  type OwnMeetings,
  type PartyRef,
} from '@euregionet/shared';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import { createMatchmakingService } from '../matchmaking/matchmaking.service.js';
import { createDialogueEventRepo, type EventRow } from './dialogue-events.repo.js';
import { agendaCalendar, agendaMail, meetingDeclinedMail, meetingRequestedMail, type AgendaItem } from './event-meetings.mail.js';
import { createEventMeetingRepo, type MeetingRow, type ParticipantRow } from './event-meetings.repo.js';
import { eventRow, mailTo, registrationNotFound, tokenHash } from './dialogue-events.service.js';

const meetingNotFound = () => notFound('MEETING_NOT_FOUND', 'No such meeting');
const notAllowed = (message: string) => new AppError(409, 'MEETING_REQUEST_NOT_ALLOWED', message);

/** How the meetings' e-mails name what they are about (the outbox's generic source). */
const MEETING_SOURCE = 'event_meeting';
/** Meetings are asked for and answered while the event is ahead. */
const OPEN_STATUSES: readonly string[] = ['published', 'registration_closed'];

/** The audit trail gets who met whom by registration id and where, never a name or a message. */
const audited = (m: MeetingRow) => ({
  eventId: m.eventId,
  requesterId: m.requesterId,
  inviteeId: m.inviteeId,
  status: m.status,
  requestedBy: m.requestedBy,
  slot: m.slot,
  table: m.tableNo,
  matchId: m.matchId,
});

const publicParticipant = ({ email: _e, status: _s, wantsMeetings: _w, organisationId: _o, ...p }: ParticipantRow): MeetingParticipant => p;
const brief = (p: ParticipantRow | undefined, id: string) => ({
  id,
  name: p?.name ?? '',
  organisation: p?.organisation ?? null,
  country: p?.country ?? ('DE' as const),
});

/** What a registrant stands for in the matchmaking: their linked cooperation profile, else their organisation. */
const partyOf = (p: ParticipantRow): PartyRef | null =>
  p.cooperationProfileId
    ? { kind: 'profile', id: p.cooperationProfileId }
    : p.organisationId
      ? { kind: 'organisation', id: p.organisationId }
      : null;

export interface EventMeetingOptions {
  clock?: Clock;
}

/**
 * One-to-one meetings at an event. Every change locks the event's row first, so that requests,
 * answers and the scheduling of one event happen one after the other; the unique indexes on seats
 * (a person per slot) and tables (a table per slot) hold even for a write that skipped the lock.
 */
export function createEventMeetingService(db: Db, options: EventMeetingOptions = {}) {
  const clock = options.clock ?? systemClock;
  const repo = createEventMeetingRepo(db);

  const slotsOf = (plan: EventMeetingPlan | null, e: Pick<EventRow, 'timeZone'>) => (plan ? meetingSlots(plan, e.timeZone) : []);

  function toMeeting(row: MeetingRow, people: Map<string, ParticipantRow>, slots: EventMeetingSlot[]): EventMeeting {
    return {
      id: row.id,
      eventId: row.eventId,
      requester: brief(people.get(row.requesterId), row.requesterId),
      invitee: brief(people.get(row.inviteeId), row.inviteeId),
      status: row.status,
      message: row.message,
      slot: row.slot === null ? null : (slots[row.slot] ?? null),
      table: row.tableNo,
      matchId: row.matchId,
      createdAt: row.createdAt.toISOString(),
    };
  }

  const everyone = async (tx: Db, eventId: string) =>
    new Map((await createEventMeetingRepo(tx).people(eventId)).map((p) => [p.id, p] as const));

  /** Mails one person every meeting of theirs that has a place, with the calendar entries. */
  async function sendAgenda(
    tx: Db,
    e: EventRow,
    plan: EventMeetingPlan,
    person: ParticipantRow,
    people: Map<string, ParticipantRow>,
    slots: EventMeetingSlot[],
  ) {
    const items: AgendaItem[] = (await createEventMeetingRepo(tx).meetings(e.id, person.id))
      .filter((m) => m.slot !== null && slots[m.slot])
      .sort((a, b) => a.slot! - b.slot!)
      .map((m) => {
        const slot = slots[m.slot!]!;
        const other = people.get(m.requesterId === person.id ? m.inviteeId : m.requesterId);
        return {
          meetingId: m.id,
          with: { name: other?.name ?? '', organisation: other?.organisation ?? null },
          start: slot.start,
          end: slot.end,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          table: m.tableNo!,
        };
      });
    const facts = { name: person.name, title: e.title, date: plan.date, place: e.place, items };
    await mailTo(tx, person, {
      kind: 'event_meeting_agenda',
      source: MEETING_SOURCE,
      write: (lang) => agendaMail(lang, facts),
      attachments: [
        {
          filename: 'meetings.ics',
          contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
          content: agendaCalendar(person.language, facts),
        },
      ],
    });
  }

  /**
   * Gives an accepted meeting the first slot in which both people are free and a table is free,
   * the lowest such table; without one it waits (more tables, a longer plan). Both are mailed
   * their agenda.
   */
  async function schedule(tx: Db, ctx: RequestContext, e: EventRow, meeting: MeetingRow): Promise<MeetingRow> {
    const meetings = createEventMeetingRepo(tx);
    const plan = await meetings.plan(e.id);
    if (!plan || meeting.slot !== null) return meeting;
    const slots = slotsOf(plan, e);
    const busy = await meetings.busySlots(meeting.requesterId, meeting.inviteeId);
    const taken = await meetings.tablesTaken(e.id);
    for (const slot of slots) {
      if (busy.has(slot.index)) continue;
      let table = 1;
      while (table <= plan.tables && taken.get(slot.index)?.has(table)) table++;
      if (table > plan.tables) continue;
      const placed = await meetings.seat(meeting, slot.index, table, clock.now());
      await recordAudit(tx, ctx, {
        action: 'update',
        entity: 'event_meeting',
        entityId: meeting.id,
        before: audited(meeting),
        after: audited(placed),
      });
      const people = await everyone(tx, e.id);
      for (const id of [placed.requesterId, placed.inviteeId]) await sendAgenda(tx, e, plan, people.get(id)!, people, slots);
      return placed;
    }
    return meeting;
  }

  async function request(
    ctx: RequestContext,
    eventId: string,
    input: { requesterId: string; inviteeId: string; message?: string | undefined },
    by: 'participant' | 'staff',
  ): Promise<EventMeeting> {
    return db.transaction(async (tx) => {
      const e = await eventRow(tx, eventId, true);
      if (!OPEN_STATUSES.includes(e.status)) throw notAllowed('Meetings are arranged while the event is ahead');
      const meetings = createEventMeetingRepo(tx);
      const requester = await meetings.participant(input.requesterId);
      const invitee = await meetings.participant(input.inviteeId);
      if (!requester || requester.eventId !== eventId || !invitee || invitee.eventId !== eventId) throw registrationNotFound();
      if (requester.id === invitee.id) throw notAllowed('A meeting needs two people');
      if (requester.status !== 'confirmed' || invitee.status !== 'confirmed') throw notAllowed('Both must be confirmed participants');
      if (!invitee.wantsMeetings) throw notAllowed('The other participant does not take meetings');
      if (await meetings.openMeetingBetween(eventId, requester.id, invitee.id))
        throw notAllowed('These two already have a meeting or a request');
      // Asking for a meeting is taking part in them: the requester is listed for others from now on.
      if (!requester.wantsMeetings) await createDialogueEventRepo(tx).updateRegistration(requester.id, { wantsMeetings: true });
      const now = clock.now();
      const row = await meetings.insertMeeting({
        eventId,
        requesterId: requester.id,
        inviteeId: invitee.id,
        message: input.message || null,
        requestedBy: by,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, ctx, { action: 'create', entity: 'event_meeting', entityId: row.id, after: audited(row) });
      await mailTo(tx, invitee, {
        kind: 'event_meeting_requested',
        source: MEETING_SOURCE,
        write: (lang) =>
          meetingRequestedMail(lang, {
            name: invitee.name,
            title: e.title,
            from: { name: requester.name, organisation: requester.organisation },
            message: row.message,
          }),
      });
      const people = await everyone(tx, eventId);
      return toMeeting(row, people, slotsOf(await meetings.plan(eventId), e));
    });
  }

  async function answer(
    ctx: RequestContext,
    eventId: string,
    meetingId: string,
    accept: boolean,
    asInvitee?: string,
  ): Promise<EventMeeting> {
    return db.transaction(async (tx) => {
      const e = await eventRow(tx, eventId, true);
      const meetings = createEventMeetingRepo(tx);
      const before = await meetings.meeting(meetingId);
      if (!before || before.eventId !== eventId) throw meetingNotFound();
      // A participant answers only what was asked of them; the one who asked cannot accept for the other.
      if (asInvitee !== undefined && before.inviteeId !== asInvitee) {
        if (before.requesterId === asInvitee) throw new AppError(409, 'MEETING_ANSWER_NOT_ALLOWED', 'Only the one asked answers');
        throw meetingNotFound();
      }
      if (before.status !== 'requested' || !OPEN_STATUSES.includes(e.status)) {
        throw new AppError(409, 'MEETING_ANSWER_NOT_ALLOWED', `A meeting that is ${before.status} cannot be answered`);
      }
      const answered = await meetings.updateMeeting(meetingId, { status: accept ? 'accepted' : 'declined', updatedAt: clock.now() });
      await recordAudit(tx, ctx, {
        action: 'update',
        entity: 'event_meeting',
        entityId: meetingId,
        before: audited(before),
        after: audited(answered),
      });
      if (!accept) {
        const requester = (await meetings.participant(before.requesterId))!;
        const invitee = (await meetings.participant(before.inviteeId))!;
        await mailTo(tx, requester, {
          kind: 'event_meeting_declined',
          source: MEETING_SOURCE,
          write: (lang) =>
            meetingDeclinedMail(lang, {
              name: requester.name,
              title: e.title,
              by: { name: invitee.name, organisation: invitee.organisation },
            }),
        });
      }
      const after = accept ? await schedule(tx, ctx, e, answered) : answered;
      return toMeeting(after, await everyone(tx, eventId), slotsOf(await meetings.plan(eventId), e));
    });
  }

  async function board(tx: Db, e: EventRow): Promise<EventMeetingBoard> {
    const meetings = createEventMeetingRepo(tx);
    const plan = await meetings.plan(e.id);
    const slots = slotsOf(plan, e);
    const people = await everyone(tx, e.id);
    return {
      plan,
      slots,
      participants: (await meetings.participants(e.id)).map(publicParticipant),
      meetings: (await meetings.meetings(e.id)).map((m) => toMeeting(m, people, slots)),
    };
  }

  /** The confirmed registration behind a token, or 404 (an unknown, old or cancelled one alike). */
  async function byToken(tx: Db, token: string): Promise<ParticipantRow & { eventId: string }> {
    const row = await createDialogueEventRepo(tx).registrationByToken(tokenHash(token));
    const person = row && row.status === 'confirmed' ? await createEventMeetingRepo(tx).participant(row.id) : undefined;
    if (!person) throw registrationNotFound();
    return person;
  }

  return {
    async board(eventId: string): Promise<EventMeetingBoard> {
      return board(db, await eventRow(db, eventId));
    },

    /** Sets when meetings take place; accepted meetings waiting for a place get one. Refused once meetings are placed. */
    async setPlan(ctx: RequestContext, eventId: string, plan: EventMeetingPlan): Promise<EventMeetingBoard> {
      return db.transaction(async (tx) => {
        const e = await eventRow(tx, eventId, true);
        assertCanEdit(ctx, { partner: e.organisingPartner });
        const meetings = createEventMeetingRepo(tx);
        const before = await meetings.plan(eventId);
        if (JSON.stringify(before) !== JSON.stringify(plan) && (await meetings.scheduledCount(eventId)) > 0) {
          throw new AppError(409, 'MEETING_PLAN_IN_USE', 'Meetings are already placed in this plan; their people have their agendas');
        }
        await meetings.setPlan(eventId, plan, clock.now());
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'event_meeting_plan',
          entityId: eventId,
          before: before ?? undefined,
          after: plan,
        });
        for (const m of await meetings.unscheduled(eventId)) await schedule(tx, ctx, e, m);
        return board(tx, e);
      });
    },

    request: (ctx: RequestContext, eventId: string, input: { requesterId: string; inviteeId: string; message?: string | undefined }) =>
      request(ctx, eventId, input, 'staff'),

    answer: (ctx: RequestContext, eventId: string, meetingId: string, accept: boolean) => answer(ctx, eventId, meetingId, accept),

    /** Other participants, best matchmaking score first, for one registrant. */
    async suggestions(eventId: string, registrationId: string): Promise<MeetingSuggestions> {
      const person = await repo.participant(registrationId);
      if (!person || person.eventId !== eventId) throw registrationNotFound();
      return suggestionsFor(person);
    },

    /** Turns a meeting that was held into a match on the matches board, at the stage "meeting held". */
    async toMatch(ctx: RequestContext, eventId: string, meetingId: string): Promise<{ matchId: string }> {
      return db.transaction(async (tx) => {
        const e = await eventRow(tx, eventId, true);
        const meetings = createEventMeetingRepo(tx);
        const before = await meetings.meeting(meetingId);
        if (!before || before.eventId !== eventId) throw meetingNotFound();
        const impossible = (why: string) => new AppError(409, 'MEETING_MATCH_NOT_POSSIBLE', why);
        if (before.matchId) throw impossible('This meeting is already a match');
        if (before.status !== 'accepted' || before.slot === null) throw impossible('Only a scheduled meeting can have been held');
        if (!['held', 'documented'].includes(e.status)) throw impossible('The event has not been held yet');
        const a = await meetings.participant(before.requesterId);
        const b = await meetings.participant(before.inviteeId);
        const pa = a && partyOf(a);
        const pb = b && partyOf(b);
        if (!pa || !pb) throw impossible('Both sides need an organisation of the directory or a cooperation profile');
        // The matchmaking's own rules (same party, access, audit) apply, inside this transaction.
        const matchmaking = createMatchmakingService(tx, { clock });
        const match = await matchmaking.proposeMatch(ctx, { parties: [pa, pb], note: null, score: null });
        const introduced = await matchmaking.moveMatch(ctx, match.id, match.version, { to: 'introduced' });
        await matchmaking.moveMatch(ctx, match.id, introduced.version, { to: 'meeting_held' });
        const after = await meetings.updateMeeting(meetingId, { matchId: match.id, updatedAt: clock.now() });
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'event_meeting',
          entityId: meetingId,
          before: audited(before),
          after: audited(after),
        });
        return { matchId: match.id };
      });
    },

    // ---- the registrant, with the token of their e-mail link

    async own(token: string): Promise<OwnMeetings> {
      const me = await byToken(db, token);
      const all = await board(db, await eventRow(db, me.eventId));
      return {
        me: publicParticipant(me),
        participants: all.participants.filter((p) => p.id !== me.id),
        meetings: all.meetings.filter((m) => m.requester.id === me.id || m.invitee.id === me.id),
      };
    },

    /** Publishes the registrant's meeting profile (and so lists them for meetings). */
    async setProfile(ctx: RequestContext, token: string, input: MeetingProfileUpdate): Promise<OwnMeetings> {
      await db.transaction(async (tx) => {
        const me = await byToken(tx, token);
        const profileId = input.cooperationProfileId ?? null;
        if (profileId) {
          const profile = await createMatchmakingService(tx, { clock })
            .getProfile(profileId)
            .catch(() => null);
          // Only a published profile of the registrant's own organisation: nobody speaks with another's.
          if (!profile || profile.status !== 'published' || profile.ownerKind !== 'organisation' || profile.ownerId !== me.organisationId) {
            throw new AppError(400, 'VALIDATION_FAILED', 'Not a published cooperation profile of your organisation', {
              errors: [
                { pointer: '/body/cooperationProfileId', code: 'not_own_profile', message: 'Not a published profile of your organisation' },
              ],
            });
          }
        }
        await createEventMeetingRepo(tx).setProfile(me.id, input.profile || null, profileId, clock.now());
        if (!me.wantsMeetings) await createDialogueEventRepo(tx).updateRegistration(me.id, { wantsMeetings: true });
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'event_meeting_profile',
          entityId: me.id,
          after: { cooperationProfileId: profileId, wantsMeetings: true },
        });
      });
      return this.own(token);
    },

    async requestAsParticipant(ctx: RequestContext, token: string, input: { withId: string; message?: string | undefined }) {
      const me = await byToken(db, token);
      return request(ctx, me.eventId, { requesterId: me.id, inviteeId: input.withId, message: input.message }, 'participant');
    },

    async answerAsParticipant(ctx: RequestContext, token: string, meetingId: string, accept: boolean) {
      const me = await byToken(db, token);
      return answer(ctx, me.eventId, meetingId, accept, me.id);
    },

    async ownSuggestions(token: string): Promise<MeetingSuggestions> {
      return suggestionsFor(await byToken(db, token));
    },
  };

  async function suggestionsFor(person: ParticipantRow & { eventId: string }): Promise<MeetingSuggestions> {
    const others = (await repo.participants(person.eventId)).filter((p) => p.id !== person.id);
    const subject = partyOf(person);
    if (!subject) return { items: [] };
    const refs = others.map((p) => ({ p, ref: partyOf(p) })).filter((x) => x.ref !== null);
    const scores = await createMatchmakingService(db, { clock }).scoresAgainst(
      subject,
      refs.map((x) => x.ref!),
    );
    return {
      items: refs
        .map(({ p, ref }) => ({ participant: publicParticipant(p), score: scores.get(`${ref!.kind}:${ref!.id}`) }))
        .filter((x): x is { participant: MeetingParticipant; score: number } => x.score !== undefined)
        .sort((a, b) => b.score - a.score || a.participant.name.localeCompare(b.participant.name)),
    };
  }
}

/**
 * A registrant's meetings end with their registration: open requests and accepted meetings are
 * cancelled and their seats freed, in the caller's transaction.
 */
export async function cancelMeetingsOf(tx: Db, ctx: RequestContext, registrationId: string, now: Date) {
  const meetings = createEventMeetingRepo(tx);
  for (const m of await meetings.openMeetingsOf(registrationId)) {
    await meetings.unseat(m.id);
    const after = await meetings.updateMeeting(m.id, { status: 'cancelled', slot: null, tableNo: null, updatedAt: now });
    await recordAudit(tx, ctx, { action: 'update', entity: 'event_meeting', entityId: m.id, before: audited(m), after: audited(after) });
  }
}
