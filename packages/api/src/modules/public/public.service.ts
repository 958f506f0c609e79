import {
  memberMakeUp,
  PUBLIC_FACETS,
  taxonomy,
  type ContactPerson,
  type Locale,
  type PublicCluster,
  type PublicLocation,
  type PublicClusterDetail,
  type PublicClusterListQuery,
  type PublicClusterPage,
  type PublicContact,
  type PublicFacets,
  type PublicFacetsQuery,
  type PublicClusterFeatureCollection,
  type PublicMember,
  type PublicTaxonomy,
  type TaxonomyName,
} from '@euregionet/shared';
import { systemClock, todayOn, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { notFound } from '../../errors.js';
import { renderBadge } from './badge.js';
import { localise } from './languages.js';
import { filesOf } from '../files/files.service.js';
import { locate } from '../locations/locations.js';
import { createPublicRepo, type PublicClusterRow, type PublicMemberRow, type PublicRepo } from './public.repo.js';

/**
 * A published cluster as portals see it. Built field by field from an allow-list: a column added
 * to the table never reaches a portal by accident.
 */
export function toPublicCluster(row: PublicClusterRow, order: readonly Locale[], baseUrl: string, logoUrl: string | null): PublicCluster {
  return {
    slug: row.slug,
    kind: row.kind,
    status: row.status,
    crossBorder: row.crossBorder,
    brand: row.brand,
    name: localise(row.name, order)!,
    description: localise(row.description, order),
    regions: row.regions,
    countries: row.countries,
    sectors: row.sectors,
    ris3Areas: row.ris3Areas,
    website: row.website,
    foundedYear: row.foundedYear,
    memberCount: row.memberCount,
    badgeUrl: row.brand ? `${baseUrl}/api/v1/public/clusters/${row.slug}/badge.svg` : null,
    logoUrl,
    location: publicLocation(row),
    updatedAt: row.updatedAt,
  };
}

/** Where the map puts a cluster, as `clusters.geojson` does: its own coordinates, else its coordinator's town. */
function publicLocation(row: PublicClusterRow): PublicLocation | null {
  const { location, coordinatesSource } = locate(row, row.coordinatorPlace);
  return location && coordinatesSource ? { ...location, source: coordinatesSource } : null;
}

/** The contact persons portals may see: those who consented to publication (with its date), and only their work details. */
export function publicContacts(contacts: readonly ContactPerson[]): PublicContact[] {
  return contacts
    .filter((c) => c.publicationConsent && c.consentDate)
    .map((c) => ({ name: c.name, role: c.role, email: c.email, phone: c.phone }));
}

/** A member organisation as portals see it: contact persons only with their consent, no register numbers or notes. */
export function toPublicMember(row: PublicMemberRow, order: readonly Locale[], logoUrl: string | null): PublicMember {
  return {
    name: row.name,
    type: row.type,
    role: row.role,
    since: row.since,
    country: row.country,
    region: row.region,
    city: row.city,
    website: row.website,
    sectors: row.sectors,
    languages: row.languages,
    description: localise(row.description, order),
    competences: localise(row.competences, order),
    contacts: publicContacts(row.contacts),
    logoUrl,
  };
}

/**
 * The logos of published records, by record id: the newest file of each (an upload replaces the
 * logo, so there is one). Public because the records are: the resolvers of the file routes agree.
 */
async function logoUrls(db: Db, ownerType: 'cluster_logo' | 'organisation_logo', ids: readonly string[], baseUrl: string) {
  const urls = new Map<string, string>();
  for (const [id, files] of await filesOf(db, ownerType, ids)) {
    const newest = files.at(-1);
    if (newest) urls.set(id, `${baseUrl}${newest.url}`);
  }
  return urls;
}

const byCluster = <T extends { clusterId: string }>(rows: readonly T[]) => {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.clusterId, [...(groups.get(row.clusterId) ?? []), row]);
  return groups;
};

/**
 * The answers about published clusters, read for many at once: each cluster's list item and
 * detail, in any order of languages. The one home of what a cluster's public answers hold, for
 * the reads from the tables and for the read model that stores them (public-documents.ts).
 */
export async function clusterAnswers(db: Db, repo: PublicRepo, rows: readonly PublicClusterRow[], baseUrl: string) {
  const ids = rows.map((r) => r.id);
  const [members, types, logos] = await Promise.all([
    repo.publishedMembers(ids),
    repo.memberTypes(ids),
    logoUrls(db, 'cluster_logo', ids, baseUrl),
  ]);
  const memberLogos = await logoUrls(db, 'organisation_logo', [...new Set(members.map((m) => m.id))], baseUrl);
  const membersOf = byCluster(members);
  const typesOf = byCluster(types);
  return rows.map((row) => {
    const item = (order: readonly Locale[]) => toPublicCluster(row, order, baseUrl, logos.get(row.id) ?? null);
    return {
      row,
      item,
      detail: (order: readonly Locale[]): PublicClusterDetail => ({
        ...item(order),
        members: (membersOf.get(row.id) ?? []).map((m) => toPublicMember(m, order, memberLogos.get(m.id) ?? null)),
        makeUp: memberMakeUp((typesOf.get(row.id) ?? []).map(({ type, country }) => ({ type, country }))),
      }),
    };
  });
}
/** The most points one map answer holds (the schema's maxItems): far more clusters than the programme area has. */
const MAP_POINTS_MAX = 5000;

const clusterNotFound = (slug: string) => notFound('CLUSTER_NOT_FOUND', `No published cluster with the slug ${slug}`);

/** The public API's reading of the directory. Knows nothing of HTTP. */
/** The clock says on which day the brand is read (see `eur_holds_brand`). */
export function createPublicService(db: Db, options: { clock?: Clock } = {}) {
  const repo = createPublicRepo(db, todayOn(options.clock ?? systemClock));
  return {
    async list(query: PublicClusterListQuery, order: readonly Locale[], baseUrl: string): Promise<PublicClusterPage> {
      const { lang: _lang, limit, cursor, sort, updatedSince, ...filters } = query;
      const page = await repo.list(filters, {
        lang: order[0]!,
        sort: updatedSince ? { updatedSince } : (sort ?? (query.q ? 'relevance' : 'name')),
        limit,
        cursor,
      });
      const logos = await logoUrls(
        db,
        'cluster_logo',
        page.items.map((r) => r.id),
        baseUrl,
      );
      return {
        lang: order[0]!,
        items: page.items.map((r) => toPublicCluster(r, order, baseUrl, logos.get(r.id) ?? null)),
        nextCursor: page.nextCursor,
      };
    },

    async facets(query: PublicFacetsQuery): Promise<PublicFacets> {
      const { lang: _lang, ...filters } = query;
      const { total, counts } = await repo.facets(filters);
      const facets = Object.fromEntries(
        PUBLIC_FACETS.map((name) => [
          name,
          counts
            .filter((c) => c.facet === name)
            .map(({ value, count }) => ({ value, count }))
            .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
        ]),
      ) as PublicFacets['facets'];
      return { total, facets };
    },

    /**
     * The published clusters under the filters as GeoJSON points (RFC 7946: longitude first).
     * Clusters the map cannot place (no coordinates, no known town of the coordinator) are left out.
     */
    async geojson(query: PublicFacetsQuery, order: readonly Locale[], baseUrl: string): Promise<PublicClusterFeatureCollection> {
      const { lang: _lang, ...filters } = query;
      const rows = await repo.mapPoints(filters, order[0]!, MAP_POINTS_MAX);
      const features: PublicClusterFeatureCollection['features'] = [];
      for (const row of rows) {
        const { location, coordinatesSource } = locate(row, row.coordinatorPlace);
        if (!location || !coordinatesSource) continue;
        features.push({
          type: 'Feature',
          id: row.slug,
          geometry: { type: 'Point', coordinates: [location.lng, location.lat] },
          properties: {
            slug: row.slug,
            name: localise(row.name, order)!,
            kind: row.kind,
            crossBorder: row.crossBorder,
            brand: row.brand,
            city: coordinatesSource === 'municipality' ? (row.coordinatorPlace?.city ?? null) : null,
            coordinatesSource,
            link: `${baseUrl}/api/v1/public/clusters/${row.slug}`,
          },
        });
      }
      return { type: 'FeatureCollection', features };
    },

    async detail(slug: string, order: readonly Locale[], baseUrl: string): Promise<PublicClusterDetail> {
      const row = await repo.bySlug(slug);
      if (!row) throw clusterNotFound(slug);
      const [answer] = await clusterAnswers(db, repo, [row], baseUrl);
      return answer!.detail(order);
    },

    taxonomy(name: TaxonomyName, order: readonly Locale[]): PublicTaxonomy {
      const { taxonomy: which, source, terms } = taxonomy(name);
      return {
        taxonomy: which,
        source,
        lang: order[0]!,
        terms: terms.map((t) => ({
          code: t.code,
          level: t.level,
          parent: t.parent,
          country: t.country,
          label: localise(t.labels, order)!,
        })),
      };
    },

    /** The joint-brand badge; only published brand clusters have one. */
    async badge(slug: string, order: readonly Locale[]): Promise<string> {
      const cluster = await repo.badge(slug);
      if (!cluster) throw notFound('BADGE_NOT_FOUND', `No published cluster with the slug ${slug} carries the joint brand`);
      return renderBadge(localise(cluster.name, order)!.text, order[0]!);
    },
  };
}
