import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { I18nLongText, I18nText, Locale, PartnerCode } from '@euregionet/shared';
import { clustersTable } from '../clusters/clusters.table.js';
import { organisationsTable } from '../organisations/organisations.table.js';

/** Events of the Polish–German cluster dialogue. */
export const dialogueEventsTable = pgTable(
  'dialogue_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: jsonb().$type<I18nText>().notNull(),
    date: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }),
    place: text().notNull(),
    languages: text().array().$type<Locale[]>().notNull(),
    organisingPartner: text().$type<PartnerCode>().notNull(),
    participantCount: integer().notNull(),
    outcomes: jsonb().$type<I18nLongText>().notNull().default({}),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dialogue_events_date_idx').on(t.date, t.id)],
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
