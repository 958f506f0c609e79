import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  ActionItem,
  ActionItemStatus,
  Answers,
  Dimension,
  EvaluationStatus,
  FrameworkStatus,
  I18nLongText,
  I18nText,
  Locale,
  MaturityLevel,
  PartnerCode,
  TargetProfile,
  WorkflowEvent,
} from '@euregionet/shared';
import { clustersTable } from '../clusters/clusters.table.js';
import { usersTable } from '../users/users.table.js';
import { versionAndTimes } from '../../db/columns.js';

/**
 * One version of an evaluation framework. Its content is a document (dimensions with their
 * criteria), read and frozen as a whole: a published version never changes (a trigger of
 * migration 0005 refuses it), a change is a new version with the next `number`.
 */
export const evaluationFrameworksTable = pgTable(
  'evaluation_frameworks',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    number: integer().notNull(),
    status: text().$type<FrameworkStatus>().notNull().default('draft'),
    name: jsonb().$type<I18nText>().notNull(),
    description: jsonb().$type<I18nLongText>().notNull().default({}),
    dimensions: jsonb().$type<Dimension[]>().notNull(),
    maturityLevels: jsonb().$type<MaturityLevel[]>().notNull(),
    targetProfiles: jsonb().$type<TargetProfile[]>().notNull().default([]),
    publishedAt: timestamp({ withTimezone: true }),
    ...versionAndTimes,
  },
  (t) => [
    unique('evaluation_frameworks_code_number_unique').on(t.code, t.number),
    // One draft per framework at a time, so that version numbers follow the order of publication.
    uniqueIndex('evaluation_frameworks_one_draft')
      .on(t.code)
      .where(sql`${t.status} = 'draft'`),
  ],
);

/**
 * An assessment of one cluster against one framework version. Answers, notes and action items
 * are documents of the evaluation; `contributorIds` are everyone who changed its content, none of
 * whom may approve it (four-eyes). Approved evaluations are read-only (trigger of migration 0005).
 */
export const evaluationsTable = pgTable(
  'evaluations',
  {
    id: uuid().primaryKey().defaultRandom(),
    clusterId: uuid()
      .notNull()
      .references(() => clustersTable.id, { onDelete: 'no action' }),
    frameworkId: uuid()
      .notNull()
      .references(() => evaluationFrameworksTable.id, { onDelete: 'no action' }),
    partner: text().$type<PartnerCode>().notNull(),
    evaluatorId: uuid()
      .notNull()
      .references(() => usersTable.id, { onDelete: 'no action' }),
    authorId: uuid()
      .notNull()
      .references(() => usersTable.id, { onDelete: 'no action' }),
    contributorIds: uuid().array().notNull(),
    evaluatedOn: date({ mode: 'string' }).notNull(),
    language: text().$type<Locale>().notNull(),
    status: text().$type<EvaluationStatus>().notNull().default('draft'),
    answers: jsonb().$type<Answers>().notNull().default({}),
    strengths: text().notNull().default(''),
    weaknesses: text().notNull().default(''),
    recommendations: jsonb().$type<ActionItem[]>().notNull().default([]),
    returnReason: text(),
    history: jsonb().$type<WorkflowEvent[]>().notNull().default([]),
    approvedAt: timestamp({ withTimezone: true }),
    ...versionAndTimes,
  },
  (t) => [
    index('evaluations_cluster_idx').on(t.clusterId, t.status, t.evaluatedOn),
    index('evaluations_framework_idx').on(t.frameworkId),
    index('evaluations_created_idx').on(t.createdAt, t.id),
  ],
);

/**
 * How far each action item of an approved evaluation got. The evaluation itself never changes
 * after approval (trigger of migration 0009); its follow-up does, so it lives beside it. An item
 * without a row is open.
 */
export const evaluationActionItemStatusesTable = pgTable(
  'evaluation_action_item_statuses',
  {
    evaluationId: uuid()
      .notNull()
      .references(() => evaluationsTable.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    status: text().$type<ActionItemStatus>().notNull(),
    updatedBy: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.position] })],
);

/**
 * Links to an approved evaluation's results page for the cluster's management. Only the SHA-256
 * of the token is kept: a copy of this table opens no page.
 */
export const evaluationSharesTable = pgTable(
  'evaluation_shares',
  {
    id: uuid().primaryKey().defaultRandom(),
    evaluationId: uuid()
      .notNull()
      .references(() => evaluationsTable.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    language: text().$type<Locale>().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
    fileIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    opens: integer().notNull().default(0),
    firstOpenedAt: timestamp({ withTimezone: true }),
    lastOpenedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => usersTable.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('evaluation_shares_token_unique').on(t.tokenHash),
    index('evaluation_shares_evaluation_idx').on(t.evaluationId, t.createdAt),
    index('evaluation_shares_opened_idx').on(t.firstOpenedAt),
  ],
);
