import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  Country,
  DialogueEventStatus,
  EventMeetingStatus,
  EventRegistrationStatus,
  I18nLongText,
  I18nText,
  Locale,
  PartnerCode,
} from '@euregionet/shared';
import { clustersTable } from '../clusters/clusters.table.js';
import { cooperationProfilesTable } from '../matchmaking/matchmaking.table.js';
import { organisationsTable } from '../organisations/organisations.table.js';
import { publicationsTable } from '../publications/publications.table.js';
import { textList, versionAndTimes } from '../../db/columns.js';

/** Events of the Polish–German cluster dialogue. */
export const dialogueEventsTable = pgTable(
  'dialogue_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    status: text().$type<DialogueEventStatus>().notNull().default('draft'),
    title: jsonb().$type<I18nText>().notNull(),
    description: jsonb().$type<I18nLongText>().notNull().default({}),
    agenda: jsonb().$type<I18nLongText>().notNull().default({}),
    date: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }),
    /** Wall-clock times (HH:MM) in `timeZone`; none for an all-day event. */
    startTime: text(),
    endTime: text(),
    timeZone: text().notNull().default('Europe/Berlin'),
    place: text(),
    onlineUrl: text(),
    languages: text().array().$type<Locale[]>().notNull(),
    interpretation: boolean().notNull().default(false),
    capacity: integer(),
    registrationOpensOn: date({ mode: 'string' }),
    registrationClosesOn: date({ mode: 'string' }),
    organisingPartner: text().$type<PartnerCode>().notNull(),
    sectors: textList(),
    ris3Areas: textList(),
    /** Typed in for events without registrations; check-ins count for the others. */
    participantCount: integer(),
    outcomes: jsonb().$type<I18nLongText>().notNull().default({}),
    cancellationNotice: jsonb().$type<I18nLongText>(),
    /** The publication that reports on the event (the report, photos, results). */
    publicationId: uuid().references(() => publicationsTable.id, { onDelete: 'set null' }),
    /** When the reminder went to the registrants, and the thank-you after the event: each once. */
    reminderSentAt: timestamp({ withTimezone: true }),
    thankYouSentAt: timestamp({ withTimezone: true }),
    ...versionAndTimes,
  },
  (t) => [index('dialogue_events_date_idx').on(t.date, t.id), uniqueIndex('dialogue_events_slug_idx').on(t.slug)],
);

export const dialogueEventClustersTable = pgTable(
  'dialogue_event_clusters',
  {
    eventId: uuid()
      .notNull()
      .references(() => dialogueEventsTable.id, { onDelete: 'cascade' }),
    clusterId: uuid()
      .notNull()
      .references(() => clustersTable.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.clusterId] }), index('dialogue_event_clusters_cluster_idx').on(t.clusterId)],
);

export const dialogueEventOrganisationsTable = pgTable(
  'dialogue_event_organisations',
  {
    eventId: uuid()
      .notNull()
      .references(() => dialogueEventsTable.id, { onDelete: 'cascade' }),
    organisationId: uuid()
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.organisationId] }),
    index('dialogue_event_organisations_organisation_idx').on(t.organisationId),
  ],
);

/**
 * People registered for an event, from a portal or by staff. Within capacity they are confirmed;
 * beyond it they wait, in the order they came, and move up when a confirmed person cancels.
 */
export const dialogueEventRegistrationsTable = pgTable(
  'dialogue_event_registrations',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid()
      .notNull()
      .references(() => dialogueEventsTable.id, { onDelete: 'cascade' }),
    status: text().$type<EventRegistrationStatus>().notNull(),
    name: text().notNull(),
    email: text().notNull(),
    organisationName: text(),
    organisationId: uuid().references(() => organisationsTable.id, { onDelete: 'set null' }),
    country: text().$type<Country>().notNull(),
    language: text().$type<Locale>().notNull(),
    consentTextVersion: text().notNull(),
    consentedAt: timestamp({ withTimezone: true }).notNull(),
    notes: text(),
    wantsMeetings: boolean().notNull().default(false),
    source: text().$type<'portal' | 'staff' | 'invitation'>().notNull(),
    apiKeyId: uuid(),
    /** SHA-256 of the token in the cancellation link; the token itself is only in the e-mail. */
    cancelTokenHash: text().notNull(),
    checkedInAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One live registration per person and event: a second submission folds into the first.
    uniqueIndex('dialogue_event_registrations_person_idx')
      .on(t.eventId, t.email)
      .where(sql`${t.status} <> 'cancelled'`),
    index('dialogue_event_registrations_event_idx').on(t.eventId, t.status, t.createdAt),
    uniqueIndex('dialogue_event_registrations_token_idx').on(t.cancelTokenHash),
    index('dialogue_event_registrations_email_idx').on(t.email),
  ],
);

/** When an event's one-to-one meetings take place: a block of equal slots on one day, and its tables. */
export const eventMeetingPlansTable = pgTable(
  'event_meeting_plans',
  {
    eventId: uuid()
      .primaryKey()
      .references(() => dialogueEventsTable.id, { onDelete: 'cascade' }),
    date: date({ mode: 'string' }).notNull(),
    startTime: text().notNull(),
    endTime: text().notNull(),
    slotMinutes: integer().notNull(),
    tables: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('event_meeting_plans_sizes', sql`${t.slotMinutes} > 0 AND ${t.tables} > 0`)],
);

/** A registrant's short meeting profile, and the cooperation profile they linked. */
export const eventMeetingProfilesTable = pgTable('event_meeting_profiles', {
  registrationId: uuid()
    .primaryKey()
    .references(() => dialogueEventRegistrationsTable.id, { onDelete: 'cascade' }),
  profile: text(),
  cooperationProfileId: uuid().references(() => cooperationProfilesTable.id, { onDelete: 'set null' }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * One-to-one meetings between two registrants of an event. An accepted meeting gets a slot (its
 * number in the plan) and a table; a table is never taken twice in a slot.
 */
export const eventMeetingsTable = pgTable(
  'event_meetings',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid()
      .notNull()
      .references(() => dialogueEventsTable.id, { onDelete: 'cascade' }),
    requesterId: uuid()
      .notNull()
      .references(() => dialogueEventRegistrationsTable.id, { onDelete: 'cascade' }),
    inviteeId: uuid()
      .notNull()
      .references(() => dialogueEventRegistrationsTable.id, { onDelete: 'cascade' }),
    status: text().$type<EventMeetingStatus>().notNull().default('requested'),
    message: text(),
    requestedBy: text().$type<'participant' | 'staff'>().notNull(),
    slot: integer(),
    tableNo: integer(),
    matchId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('event_meetings_two_people', sql`${t.requesterId} <> ${t.inviteeId}`),
    // Only an accepted meeting has a place in the schedule, and then both slot and table.
    check(
      'event_meetings_scheduled',
      sql`(${t.slot} IS NULL) = (${t.tableNo} IS NULL) AND (${t.slot} IS NULL OR ${t.status} = 'accepted')`,
    ),
    uniqueIndex('event_meetings_table_idx')
      .on(t.eventId, t.slot, t.tableNo)
      .where(sql`${t.slot} IS NOT NULL`),
    // One open request per pair, whichever side asked.
    uniqueIndex('event_meetings_pair_idx')
      .on(t.eventId, sql`least(${t.requesterId}, ${t.inviteeId})`, sql`greatest(${t.requesterId}, ${t.inviteeId})`)
      .where(sql`${t.status} IN ('requested', 'accepted')`),
    index('event_meetings_event_idx').on(t.eventId, t.createdAt),
    index('event_meetings_requester_idx').on(t.requesterId),
    index('event_meetings_invitee_idx').on(t.inviteeId),
  ],
);

/**
 * Who sits in which slot: a row per person of a scheduled meeting. A person is never in two
 * meetings at once, because a registration has at most one seat per slot.
 */
export const eventMeetingSeatsTable = pgTable(
  'event_meeting_seats',
  {
    meetingId: uuid()
      .notNull()
      .references(() => eventMeetingsTable.id, { onDelete: 'cascade' }),
    registrationId: uuid()
      .notNull()
      .references(() => dialogueEventRegistrationsTable.id, { onDelete: 'cascade' }),
    slot: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.registrationId] }),
    uniqueIndex('event_meeting_seats_person_idx').on(t.registrationId, t.slot),
  ],
);

/**
 * Contact persons of the directory invited to an event: one row per person (by e-mail) and event,
 * so that nobody is invited twice. The token of the personal registration link is kept hashed;
 * a registration through it is linked here.
 */
export const dialogueEventInvitationsTable = pgTable(
  'dialogue_event_invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid()
      .notNull()
      .references(() => dialogueEventsTable.id, { onDelete: 'cascade' }),
    organisationId: uuid().references(() => organisationsTable.id, { onDelete: 'set null' }),
    name: text().notNull(),
    email: text().notNull(),
    language: text().$type<Locale>().notNull(),
    tokenHash: text().notNull(),
    registrationId: uuid().references(() => dialogueEventRegistrationsTable.id, { onDelete: 'set null' }),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dialogue_event_invitations_person_idx').on(t.eventId, t.email),
    uniqueIndex('dialogue_event_invitations_token_idx').on(t.tokenHash),
    index('dialogue_event_invitations_email_idx').on(t.email),
  ],
);
