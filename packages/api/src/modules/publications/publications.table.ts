import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type {
  ConsultingTopic,
  I18nLongText,
  I18nMarkdown,
  I18nText,
  PartnerCode,
  PublicationKind,
  PublicationStatus,
} from '@euregionet/shared';
import { i18nVectorSql, tsvector } from '../../db/search.js';
import { textList, versionAndTimes } from '../../db/columns.js';

const ids = () =>
  uuid()
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`);

/** Publications of the partners: news, studies, guides, results. Deleted ones keep their row (`deleted_at`). */
export const publicationsTable = pgTable(
  'publications',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull().unique(),
    kind: text().$type<PublicationKind>().notNull(),
    title: jsonb().$type<I18nText>().notNull(),
    summary: jsonb().$type<I18nLongText>().notNull().default({}),
    body: jsonb().$type<I18nMarkdown>().notNull().default({}),
    partner: text().$type<PartnerCode>().notNull(),
    sectors: textList(),
    ris3Areas: textList(),
    topics: textList().$type<ConsultingTopic[]>(),
    clusterIds: ids(),
    fundingCallIds: ids(),
    status: text().$type<PublicationStatus>().notNull().default('draft'),
    publishedAt: timestamp({ withTimezone: true }),
    ...versionAndTimes,
    deletedAt: timestamp({ withTimezone: true }),
    search: tsvector()
      .notNull()
      .generatedAlwaysAs(sql.raw([i18nVectorSql('title', 'A'), i18nVectorSql('summary', 'B'), i18nVectorSql('body', 'C')].join(' || '))),
  },
  (t) => [
    index('publications_search_idx').using('gin', t.search),
    index('publications_public_idx')
      .on(t.publishedAt.desc(), t.id)
      .where(sql`status = 'published' AND deleted_at IS NULL`),
    index('publications_updated_idx').on(t.updatedAt.desc(), t.id),
  ],
);
