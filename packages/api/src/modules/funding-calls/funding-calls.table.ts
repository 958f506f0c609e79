import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Country, FundingProgramme, I18nLongText, I18nText, OrganisationType, PartnerCode } from '@euregionet/shared';
import { i18nVectorSql, plainVectorSql, tsvector } from '../../db/search.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { usersTable } from '../users/users.table.js';
import { textList, versionAndTimes } from '../../db/columns.js';

/**
 * Funding calls. `source` and `external_id` are the natural key of an imported call: a repeated
 * import updates the call it created instead of adding another.
 */
export const fundingCallsTable = pgTable(
  'funding_calls',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull().unique(),
    programme: text().$type<FundingProgramme>().notNull(),
    programmeName: text().notNull(),
    programmeCountry: text().$type<Country>(),
    title: jsonb().$type<I18nText>().notNull(),
    summary: jsonb().$type<I18nLongText>().notNull().default({}),
    applicantTypes: textList().$type<OrganisationType[]>(),
    countries: textList().$type<Country[]>(),
    regions: textList(),
    sectors: textList(),
    ris3Areas: textList(),
    keywords: textList(),
    fundingRatePercent: doublePrecision(),
    budgetMinEur: bigint({ mode: 'number' }),
    budgetMaxEur: bigint({ mode: 'number' }),
    opensOn: date({ mode: 'string' }),
    closesOn: date({ mode: 'string' }),
    url: text(),
    crossBorderConsortium: boolean().notNull().default(false),
    partner: text().$type<PartnerCode>().notNull(),
    published: boolean().notNull().default(false),
    notes: text(),
    source: text(),
    externalId: text(),
    ...versionAndTimes,
    search: tsvector()
      .notNull()
      .generatedAlwaysAs(
        sql.raw([i18nVectorSql('title', 'A'), i18nVectorSql('summary', 'B'), plainVectorSql('programme_name', 'C', false)].join(' || ')),
      ),
  },
  (t) => [
    index('funding_calls_search_idx').using('gin', t.search),
    index('funding_calls_closes_idx').on(sql`coalesce(${t.closesOn}, '9999-12-31'::date)`, t.id),
    index('funding_calls_public_idx')
      .on(sql`coalesce(${t.closesOn}, '9999-12-31'::date)`, t.slug)
      .where(sql`published`),
    uniqueIndex('funding_calls_source_unique')
      .on(t.source, t.externalId)
      .where(sql`source IS NOT NULL`),
  ],
);

/** Clusters a staff member follows: reminders of calls closing soon that fit them. */
export const clusterFollowsTable = pgTable(
  'cluster_follows',
  {
    userId: uuid()
      .notNull()
      .references(() => usersTable.id, { onDelete: 'cascade' }),
    clusterId: uuid()
      .notNull()
      .references(() => clustersTable.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.clusterId] }), index('cluster_follows_cluster_idx').on(t.clusterId)],
);
