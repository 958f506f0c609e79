import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  Country,
  DialogueEventStatus,
  EventRegistrationStatus,
  I18nLongText,
  I18nText,
  Locale,
  PartnerCode,
} from '@euregionet/shared';
import { clustersTable } from '../clusters/clusters.table.js';
import { organisationsTable } from '../organisations/organisations.table.js';

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
    sectors: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ris3Areas: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Typed in for events without registrations; check-ins count for the others. */
    participantCount: integer(),
    outcomes: jsonb().$type<I18nLongText>().notNull().default({}),
    cancellationNotice: jsonb().$type<I18nLongText>(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
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
    source: text().$type<'portal' | 'staff'>().notNull(),
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
