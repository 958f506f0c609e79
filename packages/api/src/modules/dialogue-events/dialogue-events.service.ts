import { createHash, randomBytes } from 'node:crypto';
import {
  canChangeEventStatus,
  PARTNERS,
  REGISTERING_STATUSES,
  slugify,
  type DialogueEvent,
  type DialogueEventCreateData,
  type DialogueEventListQuery,
  type DialogueEventTransition,
  type DialogueEventUpdate,
  type EventAttendance,
  type EventRegistration,
  type EventRegistrationIntakeData,
  type EventRegistrationListQuery,
  type EventRegistrationPage,
  type EventRegistrationReceipt,
  type FieldError,
  type IsoDate,
  type Locale,
  type PartnerCode,
  type PublicEvent,
  type PublicEventListQuery,
  type PublicEventPage,
} from '@euregionet/shared';
import { systemClock, todayOn, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { cursorCodec, key, pageOf } from '../../db/cursor.js';
import { AppError, changedMeanwhile, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import type { FileOwnerResolver } from '../files/files.service.js';
import { enqueueMail, type NewMessage } from '../outbox/outbox.repo.js';
import type { Mail } from '../outbox/mail-text.js';
import { localise } from '../public/languages.js';
import { eventsCalendar } from './dialogue-events.calendar.js';
import {
  eventCancelledMail,
  movedUpMail,
  registrationConfirmedMail,
  registrationWaitingMail,
  eventFacts,
  type EventMailFacts,
} from './dialogue-events.mail.js';
import { sendThankYou } from './event-invitations.service.js';
import { cancelMeetingsOf } from './event-meetings.service.js';
import { createDialogueEventRepo, type DialogueEventRepo, type EventRow, type RegistrationRow } from './dialogue-events.repo.js';

export const eventNotFound = (id: string) => notFound('DIALOGUE_EVENT_NOT_FOUND', `No event ${id}`);
export const registrationNotFound = () => notFound('EVENT_REGISTRATION_NOT_FOUND', 'No such registration');

/** The event's row (locked for the transaction with `lock`), or 404. */
export async function eventRow(db: Db, id: string, lock = false): Promise<EventRow> {
  const repo = createDialogueEventRepo(db);
  const e = lock ? await repo.lockedRow({ id }) : await repo.row({ id });
  if (!e) throw eventNotFound(id);
  return e;
}

/** How this module's e-mails name the registration they are about. */
const REGISTRATION_SOURCE = 'event_registration';

/** The audited view: the fields, not the names and counts joined in for reading. */
const audited = ({ clusters: _c, organisations: _o, registrations: _r, ...event }: DialogueEvent) => event;

/** Registrations enter the append-only audit trail without personal data (an erasure could not clean it). */
const auditedRegistration = (r: RegistrationRow) => ({
  eventId: r.eventId,
  status: r.status,
  country: r.country,
  language: r.language,
  source: r.source,
  organisationId: r.organisationId,
  checkedIn: r.checkedInAt !== null,
});

const partnerCountry = (code: PartnerCode) => PARTNERS.find((p) => p.code === code)!.country;
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A personal link's secret (cancel, register, meetings): the token goes into the e-mail, only its hash is stored. */
export function secretToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: tokenHash(token) };
}

/** Whom an e-mail about an event goes to: the record it is about (a registration, an invitation), with its address and language. */
interface Addressee {
  id: string;
  email: string;
  language: Locale;
}

/**
 * Queues an e-mail about an event to one person, written in their language; `source` names the
 * kind of record it is about (the outbox links and erases the e-mail with it).
 */
export function mailTo(
  tx: Db,
  to: Addressee,
  { write, source, ...message }: { kind: string; source: string; write: (lang: Locale) => Mail; attachments?: NewMessage['attachments'] },
) {
  return enqueueMail(tx, {
    ...message,
    source: { type: source, id: to.id },
    recipient: to.email,
    language: to.language,
    ...write(to.language),
  });
}

/** Participants must be live records of the directory; each unknown id is named with its place in the body. */
async function checkParticipants(
  repo: DialogueEventRepo,
  input: { clusterIds?: string[] | undefined; organisationIds?: string[] | undefined },
) {
  const errors: FieldError[] = [];
  const clusterIds = input.clusterIds ?? [];
  const organisationIds = input.organisationIds ?? [];
  for (const id of await repo.unknownClusters(clusterIds)) {
    errors.push({ pointer: `/body/clusterIds/${clusterIds.indexOf(id)}`, code: 'unknown_cluster', message: `No cluster with id ${id}` });
  }
  for (const id of await repo.unknownOrganisations(organisationIds)) {
    errors.push({
      pointer: `/body/organisationIds/${organisationIds.indexOf(id)}`,
      code: 'unknown_organisation',
      message: `No organisation with id ${id}`,
    });
  }
  if (errors.length) throw new AppError(400, 'VALIDATION_FAILED', 'Some participants do not exist', { errors });
}

const invalid = (pointer: string, code: string, message: string) =>
  new AppError(400, 'VALIDATION_FAILED', message, { errors: [{ pointer, code, message }] });

/** Whether people may register today: published, within the registration window, and not yet begun. */
export function registrationOpen(e: EventRow, today: string): boolean {
  return (
    REGISTERING_STATUSES.includes(e.status) &&
    (e.registrationOpensOn === null || today >= e.registrationOpensOn) &&
    (e.registrationClosesOn === null || today <= e.registrationClosesOn) &&
    today <= e.date
  );
}

/** An event as portals see it, on a given day: its confirmed registrations and participating clusters passed in. */
export function toPublicEvent(
  e: EventRow,
  order: readonly Locale[],
  confirmed: number,
  clusters: { name: DialogueEvent['title'] }[],
  baseUrl: string,
  today: IsoDate,
): PublicEvent {
  return {
    slug: e.slug,
    status: e.status as PublicEvent['status'],
    title: localise(e.title, order)!,
    description: localise(e.description, order),
    agenda: localise(e.agenda, order),
    date: e.date,
    endDate: e.endDate,
    startTime: e.startTime,
    endTime: e.endTime,
    timeZone: e.timeZone,
    place: e.place,
    onlineUrl: e.onlineUrl,
    languages: e.languages,
    interpretation: e.interpretation,
    organisingPartner: e.organisingPartner,
    sectors: e.sectors,
    ris3Areas: e.ris3Areas,
    clusters: clusters.map((c) => localise(c.name, order)!),
    capacity: e.capacity,
    placesLeft: e.capacity === null ? null : Math.max(0, e.capacity - confirmed),
    registrationOpen: registrationOpen(e, today),
    registrationOpensOn: e.registrationOpensOn,
    registrationClosesOn: e.registrationClosesOn,
    calendarUrl: `${baseUrl}/feeds/${order[0]}/events/${e.slug}.ics`,
  };
}

/** Who registers: a portal (with its key) or staff on someone's behalf. */
export type RegistrationSource =
  | { kind: 'portal'; apiKeyId: string }
  | { kind: 'staff'; organisationId?: string | undefined }
  | { kind: 'invitation'; organisationId: string | null };

export interface DialogueEventOptions {
  clock?: Clock;
}

/** Upcoming public events: by day, then slug (no internal id in the cursor). */
/** The public list's cursor: by date, then by slug. */
export const publicCursor = cursorCodec(key.date, key.text);

/** Events of the cluster dialogue. The organising partner's staff, coordinators and administrators change them. */
export function createDialogueEventService(db: Db, options: DialogueEventOptions = {}) {
  const repo = createDialogueEventRepo(db);
  const clock = options.clock ?? systemClock;
  const today = todayOn(clock);

  /** A free slug: the one asked for (taken: 409), or one made from the title and year, numbered when taken. */
  async function slugFor(events: DialogueEventRepo, input: { slug?: string | undefined; title: DialogueEvent['title']; date: string }) {
    if (input.slug) {
      if (await events.slugTaken(input.slug)) throw new AppError(409, 'SLUG_TAKEN', `The slug ${input.slug} is taken`);
      return input.slug;
    }
    const base = `${slugify(input.title.en ?? input.title.de ?? input.title.pl ?? '').slice(0, 60) || 'event'}-${input.date.slice(0, 4)}`;
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!(await events.slugTaken(slug))) return slug;
    }
  }

  /** The event after a change, audited against the state before it in the same transaction. */
  async function changed(tx: Db, ctx: RequestContext, before: DialogueEvent): Promise<DialogueEvent> {
    const after = (await createDialogueEventRepo(tx).get(before.id))!;
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'dialogue_event',
      entityId: before.id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  }

  const registrationChanged = (tx: Db, ctx: RequestContext, before: RegistrationRow, after: RegistrationRow) =>
    recordAudit(tx, ctx, {
      action: 'update',
      entity: 'event_registration',
      entityId: after.id,
      before: auditedRegistration(before),
      after: auditedRegistration(after),
    });

  const mailFacts = (e: EventRow, r: RegistrationRow, cancelUrl: string): EventMailFacts => ({ ...eventFacts(e, r.name), cancelUrl });

  const icsOf = (e: EventRow, lang: Locale) => ({
    filename: `${e.slug}.ics`,
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: eventsCalendar([e], lang),
  });

  /** Moves people up from the waiting list while places are free; each is told with the calendar entry. */
  async function moveUp(tx: Db, ctx: RequestContext, e: EventRow, baseUrl: string) {
    const events = createDialogueEventRepo(tx);
    const free = e.capacity === null ? Number.MAX_SAFE_INTEGER : e.capacity - (await events.confirmedCount(e.id));
    for (const next of await events.firstWaiting(e.id, Math.min(free, 1000))) {
      const { token, hash } = secretToken();
      const moved = await events.updateRegistration(next.id, { status: 'confirmed', cancelTokenHash: hash, updatedAt: clock.now() });
      await mailTo(tx, moved, {
        kind: 'event_registration_moved_up',
        source: REGISTRATION_SOURCE,
        write: (lang) => movedUpMail(lang, mailFacts(e, moved, cancelUrlOf(baseUrl, token))),
        attachments: [icsOf(e, moved.language)],
      });
      await registrationChanged(tx, ctx, next, moved);
    }
  }

  async function cancelRegistration(tx: Db, ctx: RequestContext, row: RegistrationRow, baseUrl: string) {
    const events = createDialogueEventRepo(tx);
    const e = (await events.lockedRow({ id: row.eventId }))!;
    const current = (await events.registration(row.id))!;
    if (current.status === 'cancelled') return;
    const now = clock.now();
    const after = await events.updateRegistration(row.id, { status: 'cancelled', cancelledAt: now, updatedAt: now });
    await registrationChanged(tx, ctx, current, after);
    await cancelMeetingsOf(tx, ctx, row.id, now);
    if (current.status === 'confirmed' && ['published', 'registration_closed'].includes(e.status)) await moveUp(tx, ctx, e, baseUrl);
  }

  return {
    list: (query: DialogueEventListQuery) => repo.list(query),

    async get(id: string): Promise<DialogueEvent> {
      const event = await repo.get(id);
      if (!event) throw eventNotFound(id);
      return event;
    },

    async create(ctx: RequestContext, input: DialogueEventCreateData): Promise<DialogueEvent> {
      assertCanEdit(ctx, { partner: input.organisingPartner });
      return db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        await checkParticipants(events, input);
        const { clusterIds, organisationIds, slug: _slug, ...fields } = input;
        const id = await events.insert({ ...fields, slug: await slugFor(events, input) });
        await events.setClusters(id, clusterIds);
        await events.setOrganisations(id, organisationIds);
        const created = (await events.get(id))!;
        await recordAudit(tx, ctx, { action: 'create', entity: 'dialogue_event', entityId: id, after: audited(created) });
        return created;
      });
    },

    async update(ctx: RequestContext, id: string, expectedVersion: number, patch: DialogueEventUpdate): Promise<DialogueEvent> {
      return db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        const before = await events.get(id);
        if (!before) throw eventNotFound(id);
        assertCanEdit(ctx, { partner: before.organisingPartner });
        if (patch.organisingPartner) assertCanEdit(ctx, { partner: patch.organisingPartner });
        const date = patch.date ?? before.date;
        const endDate = patch.endDate === undefined ? before.endDate : patch.endDate;
        if (endDate !== null && endDate < date) throw invalid('/body/endDate', 'end_before_start', 'The event ends before it starts');
        const place = patch.place === undefined ? before.place : patch.place;
        const onlineUrl = patch.onlineUrl === undefined ? before.onlineUrl : patch.onlineUrl;
        if (!place && !onlineUrl) throw invalid('/body/place', 'place_or_link_required', 'A place, an online link or both');
        if (patch.slug && patch.slug !== before.slug && (await events.slugTaken(patch.slug, id))) {
          throw new AppError(409, 'SLUG_TAKEN', `The slug ${patch.slug} is taken`);
        }
        await checkParticipants(events, patch);
        const { clusterIds, organisationIds, ...fields } = patch;
        if (!(await events.update(id, expectedVersion, fields))) {
          throw changedMeanwhile('event', before.version);
        }
        if (clusterIds) await events.setClusters(id, clusterIds);
        if (organisationIds) await events.setOrganisations(id, organisationIds);
        return changed(tx, ctx, before);
      });
    },

    /**
     * Moves an event along its life (409 EVENT_STATUS_CHANGE_NOT_ALLOWED outside it). Cancelling
     * tells everyone still registered, in their language, with the notice given.
     */
    async transition(
      ctx: RequestContext,
      id: string,
      input: DialogueEventTransition,
      expectedVersion?: number,
      baseUrl = 'http://localhost:3000',
    ): Promise<DialogueEvent> {
      return db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        const row = await eventRow(tx, id, true);
        assertCanEdit(ctx, { partner: row.organisingPartner });
        if (expectedVersion !== undefined && expectedVersion !== row.version) throw changedMeanwhile('event', row.version);
        if (!canChangeEventStatus(row.status, input.status)) {
          throw new AppError(409, 'EVENT_STATUS_CHANGE_NOT_ALLOWED', `An event that is ${row.status} cannot become ${input.status}`);
        }
        const before = (await events.get(id))!;
        const cancelling = input.status === 'cancelled';
        await events.update(id, row.version, {
          status: input.status,
          ...(cancelling ? { cancellationNotice: input.notice ?? null } : {}),
        });
        if (cancelling) {
          for (const r of await events.liveRegistrations(id)) {
            await mailTo(tx, r, {
              kind: 'event_cancelled',
              source: REGISTRATION_SOURCE,
              write: (lang) => eventCancelledMail(lang, { ...eventFacts(row, r.name), notice: input.notice ?? null }),
              attachments: [icsOf({ ...row, status: 'cancelled', version: row.version + 1 }, r.language)],
            });
          }
        }
        if (input.status === 'documented') await sendThankYou(tx, row.id, baseUrl, clock.now());
        return changed(tx, ctx, before);
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        const before = await events.get(id);
        if (!before) throw eventNotFound(id);
        assertCanEdit(ctx, { partner: before.organisingPartner });
        await events.delete(id);
        await recordAudit(tx, ctx, { action: 'delete', entity: 'dialogue_event', entityId: id, before: audited(before) });
      });
    },

    // ---- registration

    /**
     * Registers a person. Within capacity they are confirmed, beyond it they wait. The event row
     * stays locked until the transaction ends, so concurrent registrations are counted one after
     * the other and the confirmed never exceed the capacity. The same person again (by e-mail)
     * answers their registration as it stands; a filled honeypot field gets an answer like any
     * other and nothing is stored.
     */
    async register(
      ctx: RequestContext,
      event: { slug: string } | { id: string },
      input: EventRegistrationIntakeData & { organisationId?: string | undefined },
      source: RegistrationSource,
      baseUrl: string,
    ): Promise<{ receipt: EventRegistrationReceipt; id: string | null; replayed: boolean }> {
      return db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        const e = await events.lockedRow(event);
        // A portal sees only published events: a draft or cancelled one does not exist for it.
        if (!e || (source.kind !== 'staff' && !['published', 'registration_closed'].includes(e.status))) {
          throw eventNotFound('slug' in event ? event.slug : event.id);
        }
        // Staff may still add someone after registration closed, until the event is held.
        const open = source.kind === 'staff' ? ['published', 'registration_closed'].includes(e.status) : registrationOpen(e, today());
        if (!open) throw new AppError(409, 'REGISTRATION_CLOSED', 'Registration for this event is not open');
        if (input.website?.trim()) return { receipt: { status: 'confirmed', waitingPosition: null }, id: null, replayed: false };

        const earlier = await events.liveRegistration(e.id, input.email);
        if (earlier) {
          return {
            receipt: { status: earlier.status as 'confirmed' | 'waiting', waitingPosition: await events.waitingPosition(earlier) },
            id: earlier.id,
            replayed: true,
          };
        }
        let organisationId: string | null = null;
        if (source.kind === 'staff' && source.organisationId) {
          if (await events.unknownOrganisations([source.organisationId]).then((u) => u.length > 0)) {
            throw invalid('/body/organisationId', 'unknown_organisation', 'No organisation with this id');
          }
          organisationId = source.organisationId;
        } else if (source.kind === 'invitation' && source.organisationId) {
          organisationId = source.organisationId;
        } else if (input.organisationName) {
          organisationId = await events.organisationNamed(input.organisationName);
        }
        const full = e.capacity !== null && (await events.confirmedCount(e.id)) >= e.capacity;
        const { token, hash } = secretToken();
        const now = clock.now();
        const row = await events.insertRegistration({
          eventId: e.id,
          status: full ? 'waiting' : 'confirmed',
          name: input.name,
          email: input.email,
          organisationName: input.organisationName ?? null,
          organisationId,
          country: input.country,
          language: input.language,
          consentTextVersion: input.consentTextVersion,
          consentedAt: now,
          notes: input.notes || null,
          wantsMeetings: input.wantsMeetings,
          source: source.kind,
          apiKeyId: source.kind === 'portal' ? source.apiKeyId : null,
          cancelTokenHash: hash,
          createdAt: now,
          updatedAt: now,
        });
        const position = await events.waitingPosition(row);
        const facts = mailFacts(e, row, cancelUrlOf(baseUrl, token));
        await mailTo(
          tx,
          row,
          full
            ? {
                kind: 'event_registration_waiting',
                source: REGISTRATION_SOURCE,
                write: (lang) => registrationWaitingMail(lang, { ...facts, position: position! }),
              }
            : {
                kind: 'event_registration_confirmed',
                source: REGISTRATION_SOURCE,
                write: (lang) => registrationConfirmedMail(lang, facts),
                attachments: [icsOf(e, row.language)],
              },
        );
        await recordAudit(tx, ctx, { action: 'create', entity: 'event_registration', entityId: row.id, after: auditedRegistration(row) });
        return { receipt: { status: row.status as 'confirmed' | 'waiting', waitingPosition: position }, id: row.id, replayed: false };
      });
    },

    /** The registrant cancels with the token of their link. Answers the event's title, or null for an unknown token. */
    async cancelByToken(
      ctx: RequestContext,
      token: string,
      baseUrl: string,
    ): Promise<{ title: DialogueEvent['title']; language: Locale } | null> {
      return db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        const row = await events.registrationByToken(tokenHash(token));
        if (!row) return null;
        await cancelRegistration(tx, ctx, row, baseUrl);
        const e = (await events.row({ id: row.eventId }))!;
        return { title: e.title, language: row.language };
      });
    },

    /**
     * A confirmed place was freed other than by a cancellation (a person's data erased): the
     * waiting list moves up as it would then. Runs in the caller's transaction.
     */
    async seatsFreed(tx: Db, ctx: RequestContext, eventId: string, baseUrl: string): Promise<void> {
      const e = await createDialogueEventRepo(tx).lockedRow({ id: eventId });
      if (e && ['published', 'registration_closed'].includes(e.status)) await moveUp(tx, ctx, e, baseUrl);
    },

    /** Staff cancel someone's registration (e.g. told by phone); the waiting list moves up. */
    async cancelRegistration(ctx: RequestContext, eventId: string, registrationId: string, baseUrl: string): Promise<EventRegistration> {
      await db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        const row = await events.registration(registrationId);
        if (!row || row.eventId !== eventId) throw registrationNotFound();
        await cancelRegistration(tx, ctx, row, baseUrl);
      });
      return (await repo.registrationWithOrganisation(registrationId))!;
    },

    async registrations(eventId: string, query: EventRegistrationListQuery): Promise<EventRegistrationPage> {
      await eventRow(db, eventId);
      return repo.listRegistrations(eventId, query);
    },

    async registration(eventId: string, registrationId: string): Promise<EventRegistration> {
      const found = await repo.registrationWithOrganisation(registrationId);
      if (!found || found.eventId !== eventId) throw registrationNotFound();
      return found;
    },

    /** Marks a confirmed person present (or not) on the day. */
    async checkIn(ctx: RequestContext, eventId: string, registrationId: string, present: boolean): Promise<EventRegistration> {
      await db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        const row = await events.registration(registrationId);
        if (!row || row.eventId !== eventId) throw registrationNotFound();
        if (row.status !== 'confirmed') {
          throw new AppError(409, 'CONFLICT', 'Only confirmed registrations can be checked in');
        }
        const after = await events.updateRegistration(registrationId, {
          checkedInAt: present ? (row.checkedInAt ?? clock.now()) : null,
          updatedAt: clock.now(),
        });
        await registrationChanged(tx, ctx, row, after);
      });
      return (await repo.registrationWithOrganisation(registrationId))!;
    },

    async attendance(eventId: string): Promise<EventAttendance> {
      const e = await eventRow(db, eventId);
      return repo.attendance(eventId, partnerCountry(e.organisingPartner));
    },

    // ---- portals and calendars

    async publicList(query: PublicEventListQuery, order: readonly Locale[], baseUrl: string): Promise<PublicEventPage> {
      const page = query.updatedSince
        ? await repo.upcomingUpdated(today(), query.updatedSince, query.limit, query.cursor)
        : pageOf(
            await repo.upcoming(today(), query.limit + 1, query.cursor ? publicCursor.decode(query.cursor) : undefined),
            query.limit,
            (last) => publicCursor.encode([last.date, last.slug]),
          );
      const ids = page.items.map((e) => e.id);
      const confirmed = await repo.confirmedCounts(ids);
      const clusters = await repo.clusterNames(ids);
      return {
        lang: order[0]!,
        items: page.items.map((e) =>
          toPublicEvent(
            e,
            order,
            confirmed.get(e.id) ?? 0,
            clusters.filter((c) => c.eventId === e.id),
            baseUrl,
            today(),
          ),
        ),
        nextCursor: page.nextCursor,
      };
    },

    async publicDetail(slug: string, order: readonly Locale[], baseUrl: string): Promise<PublicEvent> {
      const e = await repo.row({ slug });
      if (!e || !['published', 'registration_closed'].includes(e.status)) throw eventNotFound(slug);
      const confirmed = await repo.confirmedCount(e.id);
      return toPublicEvent(e, order, confirmed, await repo.clusterNames([e.id]), baseUrl, today());
    },

    /** Published upcoming events as one calendar. */
    async calendarFeed(lang: Locale): Promise<string> {
      return eventsCalendar(await repo.upcoming(today(), 500), lang);
    },

    /** One event as a calendar file: published ones, and cancelled ones (so that calendars that imported it learn of it). */
    async eventCalendar(slug: string, lang: Locale): Promise<string> {
      const e = await repo.row({ slug });
      if (!e || !['published', 'registration_closed', 'held', 'documented', 'cancelled'].includes(e.status)) throw eventNotFound(slug);
      return eventsCalendar([e], lang);
    },
  };
}

/** The link in the e-mails that lets a registrant cancel, without a key or an account. */
export const cancelUrlOf = (baseUrl: string, token: string) => `${baseUrl}/api/v1/public/event-registrations/cancel?token=${token}`;

/**
 * Who may read and attach to an event's files (the documentation of a past event): public once
 * the event is held or documented; staff and keys with `read` read all of them, as they read
 * events; the organising partner's editors attach.
 */
export const eventFileOwner: FileOwnerResolver = async (db, ctx, id) => {
  const row = await createDialogueEventRepo(db).row({ id });
  if (!row) return null;
  let edit = ctx.actor?.kind === 'user';
  try {
    assertCanEdit(ctx, { partner: row.organisingPartner });
  } catch {
    edit = false;
  }
  return {
    public: ['held', 'documented'].includes(row.status),
    read: ctx.actor?.kind === 'user' || (ctx.actor?.kind === 'apiKey' && ctx.actor.scopes.includes('read')),
    edit,
  };
};
