import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  ConsultingOutcome,
  ConsultingStatus,
  ConsultingTimelineKind,
  ConsultingTopic,
  Country,
  I18nLongText,
  I18nText,
  Locale,
  PartnerCode,
} from '@euregionet/shared';
import { apiKeysTable } from '../api-keys/api-keys.table.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { filesTable } from '../files/files.table.js';
import { fundingCallsTable } from '../funding-calls/funding-calls.table.js';
import { cooperationProfilesTable, matchesTable } from '../matchmaking/matchmaking.table.js';
import { organisationsTable } from '../organisations/organisations.table.js';
import { usersTable } from '../users/users.table.js';
import { versionAndTimes } from '../../db/columns.js';

/**
 * Consulting requests. The requester's personal fields (name, e-mail, organisation as written,
 * message, content hash) become null when the data is erased; the rest stays for statistics.
 */
export const consultingRequestsTable = pgTable(
  'consulting_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    reference: text().notNull().unique(),
    status: text().$type<ConsultingStatus>().notNull().default('new'),
    source: text().$type<'portal' | 'staff'>().notNull(),
    apiKeyId: uuid().references(() => apiKeysTable.id, { onDelete: 'set null' }),
    createdBy: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
    requesterName: text(),
    requesterEmail: text(),
    organisationName: text(),
    organisationId: uuid().references(() => organisationsTable.id, { onDelete: 'set null' }),
    clusterId: uuid().references(() => clustersTable.id, { onDelete: 'set null' }),
    /** A portal visitor's interest in a published cooperation profile (a public opportunity). */
    profileId: uuid().references(() => cooperationProfilesTable.id, { onDelete: 'set null' }),
    country: text().$type<Country>().notNull(),
    language: text().$type<Locale>().notNull(),
    topic: text().$type<ConsultingTopic>().notNull(),
    message: text(),
    consentTextVersion: text().notNull(),
    consentedAt: timestamp({ withTimezone: true }).notNull(),
    partner: text().$type<PartnerCode>().notNull(),
    assigneeId: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
    outcome: text().$type<ConsultingOutcome>(),
    firstResponseDueOn: date({ mode: 'string' }).notNull(),
    firstRespondedAt: timestamp({ withTimezone: true }),
    /** SHA-256 of the submission, to recognise the same one sent twice. */
    contentHash: text(),
    idempotencyKey: text(),
    anonymisedAt: timestamp({ withTimezone: true }),
    ...versionAndTimes,
  },
  (t) => [
    index('consulting_requests_created_idx').on(t.createdAt, t.id),
    index('consulting_requests_status_idx').on(t.status),
    index('consulting_requests_partner_idx').on(t.partner, t.status),
    index('consulting_requests_assignee_idx').on(t.assigneeId, t.status),
    index('consulting_requests_email_idx').on(t.requesterEmail),
    index('consulting_requests_profile_idx').on(t.profileId),
    index('consulting_requests_hash_idx').on(t.contentHash, t.createdAt),
    uniqueIndex('consulting_requests_idempotency_unique')
      .on(t.apiKeyId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} IS NOT NULL`),
  ],
);

/** Every transition, assignment, reply and note of a request, with who and when. */
export const consultingEventsTable = pgTable(
  'consulting_events',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    requestId: uuid()
      .notNull()
      .references(() => consultingRequestsTable.id, { onDelete: 'cascade' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    kind: text().$type<ConsultingTimelineKind>().notNull(),
    actorId: text(),
    actorLabel: text().notNull(),
    fromStatus: text().$type<ConsultingStatus>(),
    toStatus: text().$type<ConsultingStatus>(),
    body: text(),
    outcome: text().$type<ConsultingOutcome>(),
    partner: text().$type<PartnerCode>(),
    assigneeId: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
    /** Files the requester attached to an answer, by id and name as uploaded. */
    files: jsonb().$type<{ id: string; name: string }[]>(),
  },
  (t) => [index('consulting_events_request_idx').on(t.requestId, t.id)],
);

/**
 * The files of a request (owner type `consulting_request`) that the requester sees on the status
 * page: those they attached themselves (`uploaded`) and those staff chose to show them (`shared`).
 * Staff's other files stay internal.
 */
export const consultingRequesterFilesTable = pgTable(
  'consulting_requester_files',
  {
    fileId: uuid()
      .primaryKey()
      .references(() => filesTable.id, { onDelete: 'cascade' }),
    requestId: uuid()
      .notNull()
      .references(() => consultingRequestsTable.id, { onDelete: 'cascade' }),
    reason: text().$type<'uploaded' | 'shared'>().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('consulting_requester_files_request_idx').on(t.requestId)],
);

/** The last reference number given out per year: `EURN-2026-00042`. */
export const consultingReferenceCountersTable = pgTable('consulting_reference_counters', {
  year: integer().primaryKey(),
  last: integer().notNull(),
});

/**
 * The requester's links to their status page. Each e-mail to the requester carries a new one;
 * only the SHA-256 of the token is kept, so a copy of the database opens no status page. A link
 * stops working when revoked, or `expiresAt` after the request was closed or rejected.
 */
export const consultingStatusLinksTable = pgTable(
  'consulting_status_links',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => consultingRequestsTable.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('consulting_status_links_request_idx').on(t.requestId)],
);

/**
 * Overdue reminders given, one row per request and step (`assignee`, `coordinator`): the key
 * makes each step happen once, however many workers look at the same request.
 */
export const consultingRemindersTable = pgTable(
  'consulting_reminders',
  {
    requestId: uuid()
      .notNull()
      .references(() => consultingRequestsTable.id, { onDelete: 'cascade' }),
    step: text().$type<'assignee' | 'coordinator'>().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.step] })],
);

/**
 * Per partner: the mailbox that requesters' e-mail replies go to (`Reply-To`), and the partner's
 * own escalation and closing delays (null: the server's configured defaults).
 */
export const partnerMailboxesTable = pgTable('partner_mailboxes', {
  partner: text().$type<PartnerCode>().primaryKey(),
  replyTo: text(),
  escalationDays: integer(),
  waitingCloseDays: integer(),
  version: integer().notNull().default(1),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Answer templates per topic, each with its text in de, pl and en (so that a reply written in one
 * language can go out with the requester's language version of the same template). Kept by the
 * coordinators of their partner; every partner's staff use them.
 */
export const consultingAnswerTemplatesTable = pgTable(
  'consulting_answer_templates',
  {
    id: uuid().primaryKey().defaultRandom(),
    partner: text().$type<PartnerCode>().notNull(),
    topic: text().$type<ConsultingTopic>().notNull(),
    title: jsonb().$type<I18nText>().notNull(),
    body: jsonb().$type<I18nLongText>().notNull(),
    ...versionAndTimes,
  },
  (t) => [index('consulting_answer_templates_topic_idx').on(t.topic, t.partner)],
);

/**
 * What a request led to: the funding calls and the proposed matches sent to the requester in a
 * reply. An outcome "referred to a funding programme" or "partner suggested" rests on them, and the
 * indicators count them.
 */
export const consultingRequestFundingCallsTable = pgTable(
  'consulting_request_funding_calls',
  {
    requestId: uuid()
      .notNull()
      .references(() => consultingRequestsTable.id, { onDelete: 'cascade' }),
    fundingCallId: uuid()
      .notNull()
      .references(() => fundingCallsTable.id, { onDelete: 'cascade' }),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.fundingCallId] })],
);

export const consultingRequestMatchesTable = pgTable(
  'consulting_request_matches',
  {
    requestId: uuid()
      .notNull()
      .references(() => consultingRequestsTable.id, { onDelete: 'cascade' }),
    matchId: uuid()
      .notNull()
      .references(() => matchesTable.id, { onDelete: 'cascade' }),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.matchId] })],
);
