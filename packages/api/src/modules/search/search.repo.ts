import { sql, type SQL } from 'drizzle-orm';
import {
  pickLocalized,
  SEARCH_FACETS,
  SearchKindSchema,
  sectorScope,
  type ClusterKind,
  type Country,
  type I18nLongText,
  type I18nText,
  type Locale,
  type OrganisationType,
  type SearchFacet,
  type SearchFacets,
  type SearchHit,
  type SearchKind,
  type SearchQuery,
  type SearchResult,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { cursorCodec, key, keysetPage, type CursorCodec } from '../../db/cursor.js';
import { sortKeySql } from '../../db/search.js';
import { allOf, textArray } from '../../db/sql.js';

interface EntryRow {
  kind: SearchKind;
  id: string;
  names: I18nText | null;
  plainName: string | null;
  description: I18nLongText;
  countries: Country[];
  regions: string[];
  sectors: string[];
  ris3Areas: string[];
  type: OrganisationType | null;
  clusterKind: ClusterKind | null;
  city: string | null;
  missing: Locale[];
  rank: number | null;
  sortKey: string;
}

/** Languages a multilingual pair of columns lacks, as a text[] (for the "translation missing" marker and filter). */
const missingSql = (a: string, b: string) =>
  sql.raw(`ARRAY(SELECT l FROM unnest(ARRAY['de','pl','en']) l WHERE coalesce(${a}->>l, '') = '' OR coalesce(${b}->>l, '') = '')`);

/**
 * Clusters and organisations that are not deleted, as one list with the columns every filter and
 * facet needs; with a search text only those that match it, with their rank.
 */
function entries(q: string | undefined, lang: Locale): SQL {
  const match = (alias: string) => (q !== undefined ? sql.raw(` AND ${alias}.search @@ q.tsq`) : sql``);
  const rank = (alias: string) => sql.raw(q !== undefined ? `ts_rank(${alias}.search, q.tsq)` : 'NULL::real');
  const from = q !== undefined ? sql`, q` : sql``;
  return sql`SELECT 'cluster'::text AS kind, c.id, c.name AS names, NULL::text AS "plainName", c.description, c.countries, c.regions,
        eur_nuts_with_parents(c.regions) AS region_codes, c.sectors, c.ris3_areas AS "ris3Areas", NULL::text AS type,
        c.kind AS "clusterKind", NULL::text AS city, ${missingSql('c.name', 'c.description')} AS missing, ${rank('c')} AS rank,
        ${sortKeySql('c.name', lang)} AS "sortKey"
      FROM clusters c${from} WHERE c.deleted_at IS NULL${match('c')}
    UNION ALL
    SELECT 'organisation', o.id, NULL, o.name, o.description, ARRAY[o.country], CASE WHEN o.region IS NULL THEN '{}'::text[] ELSE ARRAY[o.region] END,
        eur_nuts_with_parents(CASE WHEN o.region IS NULL THEN '{}'::text[] ELSE ARRAY[o.region] END), o.sectors, '{}'::text[], o.type,
        NULL, o.city, ${missingSql('o.description', 'o.competences')}, ${rank('o')}, lower(immutable_unaccent(o.name))
      FROM organisations o${from} WHERE o.deleted_at IS NULL${match('o')}`;
}

/** Conditions on the entries, leaving out one filter (for its facet). */
function conditions(f: SearchQuery, omit?: SearchFacet): SQL[] {
  const where: SQL[] = [];
  if (f.kind?.length && omit !== 'kind') where.push(sql`kind = ANY(${textArray(f.kind)})`);
  if (f.country?.length && omit !== 'country') where.push(sql`countries && ${textArray(f.country)}`);
  if (f.region?.length && omit !== 'region') where.push(sql`region_codes && ${textArray(f.region)}`);
  if (f.sector?.length && omit !== 'sector') where.push(sql`sectors && ${textArray(f.sector.flatMap(sectorScope))}`);
  if (f.ris3?.length && omit !== 'ris3') where.push(sql`"ris3Areas" && ${textArray(f.ris3)}`);
  if (f.type?.length && omit !== 'type') where.push(sql`type = ANY(${textArray(f.type)})`);
  if (f.missingTranslation === 'any') where.push(sql`cardinality(missing) > 0`);
  else if (f.missingTranslation) where.push(sql`${f.missingTranslation} = ANY(missing)`);
  return where;
}

/** Entries by relevance or by name, then by kind and id (a cluster and an organisation may share a name). */
const rankCursor = cursorCodec(key.number, SearchKindSchema, key.uuid);
const nameCursor = cursorCodec(key.text, SearchKindSchema, key.uuid);

const EXCERPT = 280;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1).trimEnd()}…` : text);

function toHit(row: EntryRow, lang: Locale): SearchHit {
  const name = row.names ? pickLocalized(row.names, lang) : undefined;
  const description = pickLocalized(row.description, lang);
  return {
    kind: row.kind,
    id: row.id,
    name: name?.text ?? row.plainName ?? '',
    nameLang: name?.lang ?? null,
    description: description ? excerpt(description.text) : null,
    descriptionLang: description?.lang ?? null,
    countries: row.countries,
    regions: row.regions,
    sectors: row.sectors,
    ris3Areas: row.ris3Areas,
    type: row.type,
    clusterKind: row.clusterKind,
    city: row.city,
    missingTranslations: row.missing,
    rank: row.rank === null ? null : Number(row.rank),
  };
}

/** The directory search over clusters and organisations, with facet counts. */
export function createSearchRepo(db: Db) {
  return {
    async search(f: SearchQuery): Promise<SearchResult> {
      const q = f.q;
      const head = (rest: SQL) =>
        sql`WITH ${q !== undefined ? sql`q AS MATERIALIZED (SELECT eur_search_query(${q}) AS tsq), ` : sql``}entries AS MATERIALIZED (${entries(q, f.lang)}) ${rest}`;

      const relevance = q !== undefined;
      const where = conditions(f);
      const cursor: CursorCodec<[string | number, SearchKind, string]> = relevance ? rankCursor : nameCursor;
      if (f.cursor) {
        const [value, kind, id] = cursor.decode(f.cursor);
        where.push(
          relevance
            ? sql`(rank, kind, id) < (${value}::real, ${kind}, ${id}::uuid)`
            : sql`("sortKey", kind, id) > (${value}, ${kind}, ${id}::uuid)`,
        );
      }
      const order = sql.raw(relevance ? 'rank DESC, kind DESC, id DESC' : '"sortKey" ASC, kind ASC, id ASC');
      const facet = (name: SearchFacet, value: SQL, from: SQL) =>
        sql`SELECT ${name}::text AS facet, ${value}::text AS value, count(*)::int AS count FROM ${from} WHERE ${allOf(conditions(f, name))} GROUP BY 2`;

      const [page, counts] = await Promise.all([
        keysetPage(
          f.limit,
          (rowLimit) => queryRows<EntryRow>(db, head(sql`SELECT * FROM entries WHERE ${allOf(where)} ORDER BY ${order} LIMIT ${rowLimit}`)),
          (last) => cursor.encode([relevance ? Number(last.rank) : last.sortKey, last.kind, last.id]),
        ),
        queryRows<{ facet: SearchFacet | 'total'; value: string | null; count: number }>(
          db,
          head(sql`${facet('kind', sql`kind`, sql`entries`)}
            UNION ALL ${facet('country', sql`v`, sql`entries, unnest(countries) v`)}
            UNION ALL ${facet('region', sql`v`, sql`entries, unnest(region_codes) v`)}
            UNION ALL ${facet('sector', sql`v`, sql`entries, unnest(eur_nace_sections(sectors)) v`)}
            UNION ALL ${facet('ris3', sql`v`, sql`entries, unnest("ris3Areas") v`)}
            UNION ALL ${facet('type', sql`type`, sql`entries`)}
            UNION ALL SELECT 'total', NULL, count(*)::int FROM entries WHERE ${allOf(conditions(f))}`),
        ),
      ]);

      const facets = Object.fromEntries(
        SEARCH_FACETS.map((name) => [
          name,
          counts
            .filter((c) => c.facet === name && c.value !== null)
            .map(({ value, count }) => ({ value: value!, count }))
            .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
        ]),
      ) as SearchFacets;
      return {
        items: page.items.map((r) => toHit(r, f.lang)),
        nextCursor: page.nextCursor,
        total: counts.find((c) => c.facet === 'total')?.count ?? 0,
        facets,
      };
    },
  };
}
