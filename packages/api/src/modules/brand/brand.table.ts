import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  BrandApplicationStatus,
  BrandCheck,
  BrandConditions,
  BrandCriteriaStatus,
  BrandLevel,
  I18nLongText,
  I18nText,
  PartnerCode,
} from '@euregionet/shared';
import { clustersTable } from '../clusters/clusters.table.js';
import { usersTable } from '../users/users.table.js';
import { versionAndTimes } from '../../db/columns.js';

/**
 * One version of the brand criteria. Published versions are frozen (the service refuses a
 * change, and a trigger of the brand migration refuses it in SQL too); a change is a new draft
 * with the next number, which applies to applications made after it is published.
 */
export const brandCriteriaTable = pgTable(
  'brand_criteria',
  {
    id: uuid().primaryKey().defaultRandom(),
    number: integer().notNull().unique(),
    status: text().$type<BrandCriteriaStatus>().notNull().default('draft'),
    name: jsonb().$type<I18nText>().notNull(),
    text: jsonb().$type<I18nLongText>().notNull().default({}),
    conditions: jsonb().$type<BrandConditions>().notNull(),
    levels: jsonb().$type<BrandLevel[]>().notNull().default([]),
    validityMonths: integer().notNull().default(24),
    /** The publication with the usage guidelines; a link, so that guidelines are edited as publications are. */
    guidelinesPublicationId: uuid(),
    publishedAt: timestamp({ withTimezone: true }),
    ...versionAndTimes,
  },
  (t) => [
    uniqueIndex('brand_criteria_one_draft')
      .on(t.status)
      .where(sql`${t.status} = 'draft'`),
  ],
);

/** A cluster's application under one criteria version, with the check it was made and decided on. */
export const brandApplicationsTable = pgTable(
  'brand_applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    clusterId: uuid()
      .notNull()
      .references(() => clustersTable.id, { onDelete: 'no action' }),
    criteriaId: uuid()
      .notNull()
      .references(() => brandCriteriaTable.id, { onDelete: 'no action' }),
    partner: text().$type<PartnerCode>().notNull(),
    applicantId: uuid()
      .notNull()
      .references(() => usersTable.id, { onDelete: 'no action' }),
    status: text().$type<BrandApplicationStatus>().notNull().default('pending'),
    check: jsonb().$type<BrandCheck>().notNull(),
    decidedBy: uuid().references(() => usersTable.id, { onDelete: 'no action' }),
    decidedAt: timestamp({ withTimezone: true }),
    reason: text(),
    awardId: uuid(),
    ...versionAndTimes,
  },
  (t) => [
    index('brand_applications_created_idx').on(t.createdAt, t.id),
    // One open application per cluster: a second would be decided against the same facts.
    uniqueIndex('brand_applications_one_pending')
      .on(t.clusterId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * An award of the brand. `state` is what staff set (active, suspended, revoked); whether it has
 * expired is read from `validUntil` on the day asked. Awards migrated from the former yes/no flag
 * have no criteria and say so in `note`.
 */
export const brandAwardsTable = pgTable(
  'brand_awards',
  {
    id: uuid().primaryKey().defaultRandom(),
    certificateNumber: text().notNull().unique(),
    clusterId: uuid()
      .notNull()
      .references(() => clustersTable.id, { onDelete: 'no action' }),
    applicationId: uuid().references(() => brandApplicationsTable.id, { onDelete: 'no action' }),
    criteriaId: uuid().references(() => brandCriteriaTable.id, { onDelete: 'no action' }),
    level: text(),
    validFrom: date({ mode: 'string' }).notNull(),
    validUntil: date({ mode: 'string' }).notNull(),
    state: text().$type<'active' | 'suspended' | 'revoked'>().notNull().default('active'),
    stateReason: text(),
    note: text(),
    /** Whether the cluster held an award before this one. */
    renewal: boolean().notNull().default(false),
    /** When the renewal reminder went out, so that it goes out once. */
    remindedAt: timestamp({ withTimezone: true }),
    ...versionAndTimes,
  },
  (t) => [index('brand_awards_cluster_idx').on(t.clusterId, t.validUntil), index('brand_awards_created_idx').on(t.createdAt, t.id)],
);

/**
 * The Ed25519 keys of certificates. Row `current` holds a pair made on first use when the
 * environment gives no key (so badges signed before a restart still verify). Every other row is a
 * public key only (`key-<kid>`): the one from the environment, and keys signed with earlier, kept
 * so that their badges still verify against the published key set.
 */
export const brandSigningKeysTable = pgTable('brand_signing_keys', {
  id: text().primaryKey(),
  privateKey: text(),
  publicKey: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
