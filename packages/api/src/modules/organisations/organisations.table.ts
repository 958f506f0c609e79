import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  numeric,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { StoredContactPerson, Country, I18nLongText, MembershipRole, OrganisationType, SizeClass } from '@euregionet/shared';
import { i18nVectorSql, plainSortKeySql, plainVectorSql, tsvector } from '../../db/search.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { textList, versionAndTimes } from '../../db/columns.js';

/**
 * Organisations of the directory. `contacts` holds personal data (GDPR): it is returned to staff
 * only, and to portals only for persons who consented to publication. Register numbers are
 * unique among organisations that are not deleted; `name_key` and `city_key` serve the "very
 * similar name in the same city" check (functions of migration 0004).
 */
export const organisationsTable = pgTable(
  'organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    type: text().$type<OrganisationType>().notNull(),
    country: text().$type<Country>().notNull(),
    region: text(),
    city: text(),
    sizeClass: text().$type<SizeClass>(),
    employees: integer(),
    foundedYear: integer(),
    sectors: textList(),
    description: jsonb().$type<I18nLongText>().notNull().default({}),
    competences: jsonb().$type<I18nLongText>().notNull().default({}),
    needs: jsonb().$type<I18nLongText>().notNull().default({}),
    languages: textList(),
    website: text(),
    nip: text(),
    krs: text(),
    registerCourt: text(),
    registerNumber: text(),
    /** commercialRegisterKey(court, number) from packages/shared: the identity of the entry. */
    registerKey: text(),
    contacts: jsonb().$type<StoredContactPerson[]>().notNull().default([]),
    published: boolean().notNull().default(false),
    notes: text(),
    /** WGS84 degrees to 5 decimals (about a metre); both or neither (check below). */
    latitude: numeric({ precision: 7, scale: 5, mode: 'number' }),
    longitude: numeric({ precision: 8, scale: 5, mode: 'number' }),
    /** Where an imported record comes from (e.g. `bic-crm`) and its id there: the natural key of imports. */
    source: text(),
    externalId: text(),
    ...versionAndTimes,
    deletedAt: timestamp({ withTimezone: true }),
    nameKey: text().generatedAlwaysAs(sql`eur_org_name_key(name)`),
    cityKey: text().generatedAlwaysAs(sql`eur_fold(city)`),
    search: tsvector()
      .notNull()
      .generatedAlwaysAs(
        sql.raw(
          [
            plainVectorSql('name', 'A', true),
            i18nVectorSql('competences', 'B'),
            i18nVectorSql('description', 'C'),
            i18nVectorSql('needs', 'C'),
            plainVectorSql('city', 'D', false),
          ].join(' || '),
        ),
      ),
  },
  (t) => [
    check(
      `organisations_coordinates_check`,
      sql`(${t.latitude} IS NULL) = (${t.longitude} IS NULL) AND ${t.latitude} BETWEEN -90 AND 90 AND ${t.longitude} BETWEEN -180 AND 180`,
    ),
    index('organisations_search_idx').using('gin', t.search),
    // Member counts join memberships to the organisations that are not deleted: with this
    // narrow index the join never reads the wide rows (an index-only scan).
    index('organisations_live_idx')
      .on(t.id)
      .where(sql`deleted_at IS NULL`),
    index('organisations_name_key_idx').using('gin', t.nameKey.op('gin_trgm_ops')),
    index('organisations_city_key_idx').on(t.cityKey),
    index('organisations_sort_idx').on(plainSortKeySql('name'), t.id),
    index('organisations_country_idx').on(t.country),
    index('organisations_region_idx').on(t.region),
    index('organisations_sectors_idx').using('gin', t.sectors),
    uniqueIndex('organisations_nip_unique')
      .on(t.nip)
      .where(sql`deleted_at IS NULL AND nip IS NOT NULL`),
    uniqueIndex('organisations_krs_unique')
      .on(t.krs)
      .where(sql`deleted_at IS NULL AND krs IS NOT NULL`),
    uniqueIndex('organisations_source_unique').on(t.source, t.externalId),
    uniqueIndex('organisations_register_unique')
      .on(t.registerKey)
      .where(sql`deleted_at IS NULL AND register_key IS NOT NULL`),
  ],
);

export const membershipsTable = pgTable(
  'memberships',
  {
    clusterId: uuid()
      .notNull()
      .references(() => clustersTable.id, { onDelete: 'cascade' }),
    organisationId: uuid()
      .notNull()
      .references(() => organisationsTable.id, { onDelete: 'cascade' }),
    role: text().$type<MembershipRole>().notNull(),
    since: date(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.organisationId] }), index('memberships_organisation_idx').on(t.organisationId)],
);
