import { sql, type SQL } from 'drizzle-orm';
import {
  regionScope,
  sectorScope,
  type ContactPerson,
  type Country,
  type I18nLongText,
  type I18nText,
  type IsoDate,
  type OrganisationType,
  type PartnerCode,
  type ProfileKind,
  type ProfileType,
  type PublicOpportunityListQuery,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { atMicros, cursorCodec, key, keysetPage, type Page } from '../../db/cursor.js';
import { allOf, textArray } from '../../db/sql.js';
import { byPublicUpdate } from '../sync/sync.service.js';

/**
 * A published profile and what portals may see of its owner, as read from the database. The
 * owner's name, website and contacts are read only when the owner itself is published: a
 * profile of an unpublished organisation is shown anonymously (its kind, country and region).
 */
export interface OpportunityRow {
  id: string;
  kind: ProfileKind;
  type: ProfileType;
  title: I18nText;
  description: I18nLongText;
  keywords: string[];
  sectors: string[];
  ris3Areas: string[];
  targetCountries: Country[];
  validUntil: string | null;
  partner: PartnerCode;
  updatedAt: string;
  micros: string;
  ownerKind: 'organisation' | 'cluster';
  ownerPublished: boolean;
  organisationName: string | null;
  organisationType: OrganisationType | null;
  clusterName: I18nText | null;
  clusterSlug: string | null;
  countries: Country[];
  regions: string[];
  website: string | null;
  contacts: ContactPerson[] | null;
}

export const COLUMNS = sql.raw(`p.id, p.kind, p.type, p.title, p.description, p.keywords, p.sectors, p.ris3_areas AS "ris3Areas",
  p.target_countries AS "targetCountries", p.valid_until::text AS "validUntil", p.partner,
  to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
  ((extract(epoch FROM p.updated_at) * 1000000)::bigint)::text AS micros,
  CASE WHEN p.organisation_id IS NOT NULL THEN 'organisation' ELSE 'cluster' END AS "ownerKind",
  coalesce(o.published, c.published) AS "ownerPublished",
  CASE WHEN o.published THEN o.name END AS "organisationName",
  o.type AS "organisationType",
  CASE WHEN c.published THEN c.name END AS "clusterName",
  CASE WHEN c.published THEN c.slug END AS "clusterSlug",
  coalesce(CASE WHEN o.id IS NOT NULL THEN ARRAY[o.country] END, c.countries) AS countries,
  coalesce(CASE WHEN o.id IS NOT NULL THEN array_remove(ARRAY[o.region], NULL) END, c.regions) AS regions,
  CASE WHEN coalesce(o.published, c.published) THEN coalesce(o.website, c.website) END AS website,
  CASE WHEN o.published THEN o.contacts END AS contacts`);

export const FROM = sql.raw(`cooperation_profiles p
  LEFT JOIN organisations o ON o.id = p.organisation_id AND o.deleted_at IS NULL
  LEFT JOIN clusters c ON c.id = p.cluster_id AND c.deleted_at IS NULL`);

/** What the matching sees: published, not expired, and its owner not deleted. */
export const visible = (today: IsoDate) =>
  sql`p.status = 'published' AND (p.valid_until IS NULL OR p.valid_until >= ${today}::date) AND (o.id IS NOT NULL OR c.id IS NOT NULL)`;

const OWNER_COUNTRIES = sql.raw(`coalesce(CASE WHEN o.id IS NOT NULL THEN ARRAY[o.country] END, c.countries)`);
const OWNER_REGIONS = sql.raw(`coalesce(CASE WHEN o.id IS NOT NULL THEN ARRAY[o.region] END, c.regions)`);

export function conditions(f: PublicOpportunityListQuery): SQL[] {
  const where: SQL[] = [];
  if (f.kind) where.push(sql`p.kind = ${f.kind}`);
  if (f.type?.length) where.push(sql`p.type = ANY(${textArray(f.type)})`);
  if (f.sector?.length) where.push(sql`p.sectors && ${textArray(f.sector.flatMap(sectorScope))}`);
  if (f.ris3?.length) where.push(sql`p.ris3_areas && ${textArray(f.ris3)}`);
  if (f.country) where.push(sql`${OWNER_COUNTRIES} @> ${textArray([f.country])}`);
  if (f.region) where.push(sql`${OWNER_REGIONS} && ${textArray(regionScope(f.region))}`);
  if (f.targetCountry) where.push(sql`(p.target_countries = '{}' OR p.target_countries @> ${textArray([f.targetCountry])})`);
  return where;
}

/** Newest change first, by (update time, id): the id of a profile is public anyway. */
export const cursor = cursorCodec(key.micros, key.uuid);

export function createOpportunityRepo(db: Db) {
  return {
    async list(query: PublicOpportunityListQuery, today: IsoDate): Promise<Page<OpportunityRow>> {
      const where = [visible(today), ...conditions(query)];
      if (query.updatedSince) {
        // As every public list with `updatedSince`: oldest public change first (see byPublicUpdate).
        const updated = byPublicUpdate('opportunity', sql`p.id::text`, sql`p.updated_at`, query.updatedSince, query.cursor);
        where.push(updated.where);
        return keysetPage(
          query.limit,
          (rowLimit) =>
            queryRows<OpportunityRow & { sortValue: string }>(
              db,
              sql`SELECT ${COLUMNS}, ${updated.sortValue} AS "sortValue" FROM ${FROM} WHERE ${allOf(where)}
                  ORDER BY ${updated.orderBy} LIMIT ${rowLimit}`,
            ),
          (last) => updated.cursorOf({ sortValue: last.sortValue, slug: last.id }),
        );
      }
      if (query.cursor) {
        const [micros, id] = cursor.decode(query.cursor);
        where.push(sql`(p.updated_at, p.id) < (${atMicros(micros)}, ${id}::uuid)`);
      }
      return keysetPage(
        query.limit,
        (rowLimit) =>
          queryRows<OpportunityRow>(
            db,
            sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${allOf(where)} ORDER BY p.updated_at DESC, p.id DESC LIMIT ${rowLimit}`,
          ),
        (last) => cursor.encode([Number(last.micros), last.id]),
      );
    },

    async byId(id: string, today: IsoDate): Promise<OpportunityRow | undefined> {
      const [row] = await queryRows<OpportunityRow>(db, sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${visible(today)} AND p.id = ${id}`);
      return row;
    },
  };
}
