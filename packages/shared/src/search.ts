import { z } from 'zod';
import {
  CountrySchema,
  LocaleSchema,
  multiValue,
  PaginationQuerySchema,
  INT32_MIN,
  int32,
  boundedArray,
  CodeTextSchema,
  SUMMARY_LIST_MAX,
  NameTextSchema,
  NoteTextSchema,
  CountryListSchema,
  CodeListSchema,
  CityTextSchema,
  MissingTranslationsSchema,
  PAGE_LIMIT_MAX,
  CursorTextSchema,
  IdSchema,
} from './common.js';
import { ClusterKindSchema } from './clusters.js';
import { MissingTranslationFilterSchema, OrganisationTypeSchema } from './organisations.js';
import { NaceCodeSchema, RegionCodeSchema, Ris3CodeSchema } from './taxonomies.js';

/** What the directory search finds. */
export const SEARCH_KINDS = ['cluster', 'organisation'] as const;
export const SearchKindSchema = z.enum(SEARCH_KINDS).meta({ id: 'SearchKind' });
export type SearchKind = z.infer<typeof SearchKindSchema>;

/** Filters that have facet counts. */
export const SEARCH_FACETS = ['kind', 'country', 'region', 'sector', 'ris3', 'type'] as const;
export type SearchFacet = (typeof SEARCH_FACETS)[number];

export const SearchQuerySchema = PaginationQuerySchema.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words in de, pl or en; diacritics optional, small typos forgiven. Results are ranked'),
  kind: multiValue(SearchKindSchema),
  country: multiValue(CountrySchema),
  region: multiValue(RegionCodeSchema).describe('NUTS codes; a NUTS-2 code includes its NUTS-3 regions'),
  sector: multiValue(NaceCodeSchema).describe('NACE codes; a section includes its divisions'),
  ris3: multiValue(Ris3CodeSchema),
  type: multiValue(OrganisationTypeSchema).describe('Organisation types (clusters have none)'),
  missingTranslation: MissingTranslationFilterSchema.optional(),
  lang: LocaleSchema.default('en').describe('Language of names and descriptions in the answer (with fallback)'),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const FacetValueSchema = z.object({ value: CodeTextSchema, count: int32(INT32_MIN) }).meta({ id: 'FacetValue' });
export type FacetValue = z.infer<typeof FacetValueSchema>;

export const SearchFacetsSchema = z
  .object(
    Object.fromEntries(SEARCH_FACETS.map((f) => [f, boundedArray(FacetValueSchema, SUMMARY_LIST_MAX)])) as Record<
      SearchFacet,
      z.ZodArray<typeof FacetValueSchema>
    >,
  )
  .meta({
    id: 'SearchFacets',
    description:
      "Counts per value of each filter under all the other filters: a value's count is the number of results when that value alone is chosen for its filter. Sectors count by NACE section; regions by NUTS-2 and NUTS-3 code.",
  });
export type SearchFacets = z.infer<typeof SearchFacetsSchema>;

export const SearchHitSchema = z
  .object({
    kind: SearchKindSchema,
    id: IdSchema,
    name: NameTextSchema,
    nameLang: LocaleSchema.nullable().describe('Language of the name; null for organisations, whose name has one language'),
    description: NoteTextSchema.nullable(),
    descriptionLang: LocaleSchema.nullable(),
    countries: CountryListSchema,
    regions: CodeListSchema,
    sectors: CodeListSchema,
    ris3Areas: CodeListSchema,
    type: OrganisationTypeSchema.nullable(),
    clusterKind: ClusterKindSchema.nullable(),
    city: CityTextSchema.nullable(),
    missingTranslations: MissingTranslationsSchema,
    rank: z.number().nullable().describe('Relevance; null without a search text'),
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultSchema = z
  .object({
    items: boundedArray(SearchHitSchema, PAGE_LIMIT_MAX),
    nextCursor: CursorTextSchema.nullable(),
    total: int32(INT32_MIN).describe('Results under all filters'),
    facets: SearchFacetsSchema,
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof SearchResultSchema>;
