import { z } from 'zod';
import {
  boundedArray,
  boundedText,
  CodeTextSchema,
  CountrySchema,
  CursorTextSchema,
  int32,
  LOCALES,
  LocaleSchema,
  multiValue,
  PAGE_LIMIT_MAX,
  PaginationQuerySchema,
  QueryBooleanSchema,
  TimestampSchema,
  UrlTextSchema,
  UpdatedSinceQuery,
  type Locale,
} from './common.js';
import { CLUSTER_MEMBERS_MAX, ClusterKindSchema, ClusterStatusSchema, SlugSchema } from './clusters.js';
import { ClusterMakeUpSchema, MembershipRoleSchema, OrganisationTypeSchema } from './organisations.js';
import { FacetValueSchema } from './search.js';
import { COORDINATES_SOURCES, CoordinatesSchema } from './locations.js';
import { NaceCodeSchema, RegionCodeSchema, Ris3CodeSchema, TaxonomyNameSchema } from './taxonomies.js';

/** The public API for regional portals (`/api/v1/public`): published data only, localised. */
export const PUBLIC_ERROR_CODES = ['BADGE_NOT_FOUND'] as const;

/**
 * `?lang=pl` or a fallback order `?lang=pl,en`. Without it, the request's Accept-Language
 * decides; languages not named follow in the order de, pl, en.
 */
export const PublicLangSchema = z
  .string()
  .max(8)
  .regex(/^(de|pl|en)(,(de|pl|en))*$/, 'de, pl or en, or a comma-separated order such as pl,en')
  .optional()
  .describe('Language, or a fallback order (`pl,en`); overrides Accept-Language');

/**
 * The query of a public list: pagination, the kind's own filters, then `updatedSince` (portals
 * that keep a copy ask for what changed) and `lang`, the same on every kind.
 */
export function publicListQuerySchema<S extends z.ZodRawShape>(filters: S) {
  return PaginationQuerySchema.extend({ ...filters, ...UpdatedSinceQuery, lang: PublicLangSchema });
}

/**
 * A page of a public list: the language the texts were asked in, the items, and the cursor of
 * the next page (null on the last). `describeLang` documents `lang` in the OpenAPI document, as
 * the cluster and opportunity pages always have.
 */
export function publicPageSchema<T extends z.ZodType>(item: T, id: string, { describeLang = false } = {}) {
  const lang = describeLang ? LocaleSchema.describe('The language asked for; each text says the language it is in') : LocaleSchema;
  return z.object({ lang, items: boundedArray(item, PAGE_LIMIT_MAX), nextCursor: CursorTextSchema.nullable() }).meta({ id });
}

/** The order in which languages are tried: the ones asked for, then the others in the default order. */
export function languageOrder(preferred: readonly Locale[]): Locale[] {
  const seen = new Set<Locale>();
  for (const l of [...preferred, ...LOCALES]) seen.add(l);
  return [...seen];
}

/** A text in the first language of the fallback order that has it, saying which language that was. */
export const LocalizedTextSchema = z
  .object({ text: boundedText(5000), lang: LocaleSchema.describe('The language the text is in') })
  .meta({ id: 'LocalizedText' });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** Where a map puts a record, and what the point stands for. */
export const PublicLocationSchema = CoordinatesSchema.extend({
  source: z
    .enum(COORDINATES_SOURCES)
    .describe("`own`: the record's own coordinates (set by staff or an import) · `municipality`: the centre of its town"),
}).meta({ id: 'PublicLocation', description: 'WGS84 degrees' });
export type PublicLocation = z.infer<typeof PublicLocationSchema>;

export const PublicClusterSchema = z
  .object({
    slug: SlugSchema,
    kind: ClusterKindSchema,
    status: ClusterStatusSchema,
    crossBorder: z.boolean(),
    brand: z.boolean().describe('Carries the joint Polish–German cluster brand'),
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.nullable(),
    regions: boundedArray(CodeTextSchema, 20).describe('NUTS codes (see /public/taxonomies/regions)'),
    countries: boundedArray(CountrySchema, 2),
    sectors: boundedArray(CodeTextSchema, 30).describe('NACE Rev. 2 codes (see /public/taxonomies/nace)'),
    ris3Areas: boundedArray(CodeTextSchema, 13).describe('Smart-specialisation areas (see /public/taxonomies/ris3)'),
    website: UrlTextSchema.nullable(),
    foundedYear: int32(1800, 2100).nullable(),
    memberCount: int32().describe('All members; `members` of the detail lists those that agreed to be published'),
    badgeUrl: UrlTextSchema.nullable().describe('The joint-brand badge (SVG) to embed with <img>; null without the brand'),
    logoUrl: UrlTextSchema.nullable().describe('The cluster’s logo (PNG, JPEG or WebP), fetched without a key; null without one'),
    location: PublicLocationSchema.nullable().describe(
      'Where the cluster management sits, else the centre of the town of its coordinating member (as in `clusters.geojson`); null: neither is known',
    ),
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'PublicCluster' });
export type PublicCluster = z.infer<typeof PublicClusterSchema>;

export const PublicContactSchema = z
  .object({
    name: boundedText(120),
    role: boundedText(120).nullable(),
    email: boundedText(254).nullable(),
    phone: boundedText(40).nullable(),
  })
  .meta({ id: 'PublicContact', description: 'Only persons who consented to publication' });
export type PublicContact = z.infer<typeof PublicContactSchema>;

export const PublicMemberSchema = z
  .object({
    name: boundedText(200),
    type: OrganisationTypeSchema,
    role: MembershipRoleSchema,
    since: boundedText(10).nullable(),
    country: CountrySchema,
    region: CodeTextSchema.nullable(),
    city: boundedText(120).nullable(),
    website: UrlTextSchema.nullable(),
    sectors: boundedArray(CodeTextSchema, 30),
    languages: boundedArray(CodeTextSchema, 12),
    description: LocalizedTextSchema.nullable(),
    competences: LocalizedTextSchema.nullable(),
    contacts: boundedArray(PublicContactSchema, 20),
    logoUrl: UrlTextSchema.nullable().describe('The organisation’s logo (PNG, JPEG or WebP), fetched without a key; null without one'),
  })
  .meta({ id: 'PublicMember' });
export type PublicMember = z.infer<typeof PublicMemberSchema>;

export const PublicClusterDetailSchema = PublicClusterSchema.extend({
  members: boundedArray(PublicMemberSchema, CLUSTER_MEMBERS_MAX).describe('Members that agreed to be published'),
  makeUp: ClusterMakeUpSchema,
}).meta({ id: 'PublicClusterDetail' });
export type PublicClusterDetail = z.infer<typeof PublicClusterDetailSchema>;

const publicFilters = {
  q: z.string().trim().min(1).max(200).optional().describe('Words in de, pl or en; diacritics optional, small typos forgiven'),
  country: CountrySchema.optional(),
  region: RegionCodeSchema.optional().describe('NUTS code; a NUTS-2 code includes its NUTS-3 regions'),
  sector: multiValue(NaceCodeSchema).describe('NACE codes (any of them); a section includes its divisions'),
  ris3: multiValue(Ris3CodeSchema).describe('Smart-specialisation areas (any of them)'),
  kind: ClusterKindSchema.optional(),
  crossBorder: QueryBooleanSchema.optional(),
  brand: QueryBooleanSchema.optional().describe('Only clusters with (true) or without (false) the joint brand'),
  lang: PublicLangSchema,
};

export const PublicClusterListQuerySchema = PaginationQuerySchema.extend({
  ...publicFilters,
  sort: z
    .enum(['name', 'relevance'])
    .optional()
    .describe('Default: `relevance` with `q`, else `name` in the first language; with `updatedSince`, always by update time'),
  updatedSince: UpdatedSinceQuery.updatedSince.describe(
    'Only clusters whose public document changed at or after this instant (a member renamed counts), oldest change first. Deletions and unpublished clusters are in `/public/changes`.',
  ),
});
export type PublicClusterListQuery = z.infer<typeof PublicClusterListQuerySchema>;

export const PublicFacetsQuerySchema = z.strictObject(publicFilters);
export type PublicFacetsQuery = z.infer<typeof PublicFacetsQuerySchema>;

export const PublicClusterPageSchema = publicPageSchema(PublicClusterSchema, 'PublicClusterPage', { describeLang: true });
export type PublicClusterPage = z.infer<typeof PublicClusterPageSchema>;

export const PUBLIC_FACETS = ['country', 'region', 'sector', 'ris3', 'kind', 'crossBorder', 'brand'] as const;
export type PublicFacet = (typeof PUBLIC_FACETS)[number];

export const PublicFacetsSchema = z
  .object({
    total: int32().describe('Published clusters under all filters'),
    facets: z.object(
      Object.fromEntries(PUBLIC_FACETS.map((f) => [f, boundedArray(FacetValueSchema, 5000)])) as Record<
        PublicFacet,
        z.ZodArray<typeof FacetValueSchema>
      >,
    ),
  })
  .meta({
    id: 'PublicFacets',
    description:
      "Counts per value of each filter under all the other filters: a value's count is what the list shows when that value is chosen",
  });
export type PublicFacets = z.infer<typeof PublicFacetsSchema>;

export const PublicSlugParamsSchema = z.strictObject({ slug: SlugSchema });
export const PublicLangQuerySchema = z.strictObject({ lang: PublicLangSchema });
export const PublicTaxonomyParamsSchema = z.strictObject({ name: TaxonomyNameSchema });

export const PublicTaxonomySchema = z
  .object({
    taxonomy: TaxonomyNameSchema,
    source: boundedText(500),
    lang: LocaleSchema,
    terms: boundedArray(
      z.object({
        code: CodeTextSchema,
        level: int32(0, 5),
        parent: CodeTextSchema.nullable(),
        country: CountrySchema.nullable(),
        label: LocalizedTextSchema,
      }),
      5000,
    ),
  })
  .meta({ id: 'PublicTaxonomy' });
export type PublicTaxonomy = z.infer<typeof PublicTaxonomySchema>;

// --- GeoJSON (RFC 7946) of published clusters ------------------------------------------------

/** A GeoJSON position: longitude first, then latitude (RFC 7946 §3.1.1). */
const PositionSchema = z
  .array(z.number().min(-180).max(180).meta({ format: 'double' }))
  .min(2)
  .max(2)
  .describe('[longitude, latitude] in WGS84 degrees');

export const PublicClusterFeatureSchema = z
  .object({
    type: z.literal('Feature'),
    id: SlugSchema,
    geometry: z.object({ type: z.literal('Point'), coordinates: PositionSchema }),
    properties: z.object({
      slug: SlugSchema,
      name: LocalizedTextSchema,
      kind: ClusterKindSchema,
      crossBorder: z.boolean(),
      brand: z.boolean(),
      city: boundedText(120).nullable().describe('The town the point stands for when it is the municipality’s'),
      coordinatesSource: z.enum(COORDINATES_SOURCES),
      link: UrlTextSchema.describe('The cluster in the public API (`/api/v1/public/clusters/{slug}`)'),
    }),
  })
  .meta({ id: 'PublicClusterFeature' });
export type PublicClusterFeature = z.infer<typeof PublicClusterFeatureSchema>;

export const PublicClusterFeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: boundedArray(PublicClusterFeatureSchema, 5000).describe('Published clusters with a location; those without one are left out'),
  })
  .meta({ id: 'PublicClusterFeatureCollection', description: 'GeoJSON (RFC 7946): one Point per cluster' });
export type PublicClusterFeatureCollection = z.infer<typeof PublicClusterFeatureCollectionSchema>;
