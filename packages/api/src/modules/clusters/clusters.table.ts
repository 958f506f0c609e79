import { sql } from 'drizzle-orm';
import { boolean, check, numeric, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ClusterKind, ClusterStatus, Country, I18nLongText, I18nText, PartnerCode } from '@euregionet/shared';
import { LOCALES } from '@euregionet/shared';
import { searchVectorSql, sortKeySql, tsvector } from '../../db/search.js';
import { textList, versionAndTimes } from '../../db/columns.js';

export const clustersTable = pgTable(
  'clusters',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull().unique(),
    kind: text().$type<ClusterKind>().notNull(),
    status: text().$type<ClusterStatus>().notNull(),
    crossBorder: boolean().notNull().default(false),
    name: jsonb().$type<I18nText>().notNull(),
    description: jsonb().$type<I18nLongText>().notNull().default({}),
    regions: text().array().notNull(),
    countries: text().array().$type<Country[]>().notNull(),
    sectors: textList(),
    ris3Areas: textList(),
    website: text(),
    foundedYear: integer(),
    partner: text().$type<PartnerCode>().notNull(),
    published: boolean().notNull().default(false),
    // No brand column: whether a cluster holds the brand is read from its awards on the day asked
    // (`eur_holds_brand`, brand module), so that no write of a cluster can grant it.
    notes: text(),
    /** WGS84 degrees to 5 decimals (about a metre); both or neither (check below). */
    latitude: numeric({ precision: 7, scale: 5, mode: 'number' }),
    longitude: numeric({ precision: 8, scale: 5, mode: 'number' }),
    /** Where an imported record comes from and its id there: the natural key of imports. */
    source: text(),
    externalId: text(),
    ...versionAndTimes,
    /** Soft delete: set while deleted; such a cluster is gone from every list, search and the public API. */
    deletedAt: timestamp({ withTimezone: true }),
    search: tsvector()
      .notNull()
      .generatedAlwaysAs(
        searchVectorSql([
          { name: 'name', weight: 'A' },
          { name: 'description', weight: 'B' },
        ]),
      ),
  },
  (t) => [
    check(
      `clusters_coordinates_check`,
      sql`(${t.latitude} IS NULL) = (${t.longitude} IS NULL) AND ${t.latitude} BETWEEN -90 AND 90 AND ${t.longitude} BETWEEN -180 AND 180`,
    ),
    index('clusters_search_idx').using('gin', t.search),
    uniqueIndex('clusters_source_unique').on(t.source, t.externalId),
    index('clusters_regions_idx').using('gin', t.regions),
    index('clusters_countries_idx').using('gin', t.countries),
    index('clusters_sectors_idx').using('gin', t.sectors),
    index('clusters_ris3_idx').using('gin', t.ris3Areas),
    ...LOCALES.map((lang) => index(`clusters_sort_${lang}_idx`).on(sortKeySql('name', lang), t.id)),
    // What portals list: published clusters that are not deleted, in each language's name order.
    ...LOCALES.map((lang) =>
      index(`clusters_public_sort_${lang}_idx`)
        .on(sortKeySql('name', lang), t.slug)
        .where(sql`published AND deleted_at IS NULL`),
    ),
  ],
);
