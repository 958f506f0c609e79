import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type {
  Country,
  I18nLongText,
  I18nText,
  MatchOutcome,
  MatchStage,
  MatchWeights,
  PartnerCode,
  PartyKind,
  ProfileKind,
  ProfileStatus,
  ProfileType,
} from '@euregionet/shared';
import { clustersTable } from '../clusters/clusters.table.js';
import { organisationsTable } from '../organisations/organisations.table.js';
import { usersTable } from '../users/users.table.js';
import { textList, versionAndTimes } from '../../db/columns.js';

/**
 * Cooperation profiles: an offer or a request of an organisation or a cluster (exactly one of
 * the two owner columns is set). The migration `0012_matchmaking_terms` adds `offer_terms` and
 * `request_terms`, generated from the keywords, texts and sectors by `eur_match_terms`: the words
 * the matching compares, indexed for the candidate search.
 */
export const cooperationProfilesTable = pgTable(
  'cooperation_profiles',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().$type<ProfileKind>().notNull(),
    type: text().$type<ProfileType>().notNull(),
    organisationId: uuid().references(() => organisationsTable.id, { onDelete: 'cascade' }),
    clusterId: uuid().references(() => clustersTable.id, { onDelete: 'cascade' }),
    title: jsonb().$type<I18nText>().notNull(),
    description: jsonb().$type<I18nLongText>().notNull().default({}),
    keywords: textList(),
    sectors: textList(),
    ris3Areas: textList(),
    targetCountries: textList().$type<Country[]>(),
    validUntil: date({ mode: 'string' }),
    status: text().$type<ProfileStatus>().notNull().default('draft'),
    partner: text().$type<PartnerCode>().notNull(),
    ...versionAndTimes,
  },
  (t) => [
    check('cooperation_profiles_one_owner', sql`(${t.organisationId} IS NULL) <> (${t.clusterId} IS NULL)`),
    index('cooperation_profiles_organisation_idx').on(t.organisationId),
    index('cooperation_profiles_cluster_idx').on(t.clusterId),
    index('cooperation_profiles_list_idx').on(t.updatedAt, t.id),
    // What the matching reads: published profiles, by their end date.
    index('cooperation_profiles_active_idx')
      .on(t.validUntil)
      .where(sql`status = 'published'`),
    index('cooperation_profiles_sectors_idx').using('gin', t.sectors),
    index('cooperation_profiles_ris3_idx').using('gin', t.ris3Areas),
  ],
);

/** The weights of the score's components: one row, versioned, changed by administrators. */
export const matchWeightsTable = pgTable(
  'match_weights',
  {
    id: smallint().primaryKey().default(1),
    weights: jsonb().$type<MatchWeights>().notNull(),
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
  },
  (t) => [check('match_weights_one_row', sql`${t.id} = 1`)],
);

/**
 * Matches staff propose between two parties (organisations, clusters or profiles; no foreign key,
 * the kind says which table). The date of each stage is a column, so that reporting counts
 * introductions and agreements in a period (see indicators/match-figures.ts); `match_steps`
 * keeps who moved it.
 */
export const matchesTable = pgTable(
  'matches',
  {
    id: uuid().primaryKey().defaultRandom(),
    partyAKind: text().$type<PartyKind>().notNull(),
    partyAId: uuid().notNull(),
    partyBKind: text().$type<PartyKind>().notNull(),
    partyBId: uuid().notNull(),
    note: text(),
    score: integer(),
    stage: text().$type<MatchStage>().notNull().default('proposed'),
    crossBorder: boolean().notNull(),
    declineReason: text(),
    outcomes: textList().$type<MatchOutcome[]>(),
    partner: text().$type<PartnerCode>().notNull(),
    proposedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    introducedAt: timestamp({ withTimezone: true }),
    meetingAt: timestamp({ withTimezone: true }),
    agreedAt: timestamp({ withTimezone: true }),
    declinedAt: timestamp({ withTimezone: true }),
    ...versionAndTimes,
  },
  (t) => [
    index('matches_list_idx').on(t.createdAt, t.id),
    index('matches_party_a_idx').on(t.partyAId),
    index('matches_party_b_idx').on(t.partyBId),
    index('matches_introduced_idx').on(t.introducedAt),
    index('matches_agreed_idx').on(t.agreedAt),
  ],
);

export const matchStepsTable = pgTable(
  'match_steps',
  {
    id: uuid().primaryKey().defaultRandom(),
    matchId: uuid()
      .notNull()
      .references(() => matchesTable.id, { onDelete: 'cascade' }),
    stage: text().$type<MatchStage>().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    userId: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
    userName: text(),
    reason: text(),
  },
  (t) => [index('match_steps_match_idx').on(t.matchId, t.at)],
);
