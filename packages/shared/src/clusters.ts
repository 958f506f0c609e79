import { z } from 'zod';
import {
  CountrySchema,
  distinct,
  I18nLongTextSchema,
  I18nTextSchema,
  IdSchema,
  LOCALES,
  LocaleSchema,
  type Locale,
  multiValue,
  pageSchema,
  PaginationQuerySchema,
  QueryBooleanSchema,
  TimestampSchema,
  INT32_MIN,
  int32,
  boundedArray,
  CountryListSchema,
  MissingTranslationsSchema,
  updateSchema,
  IsoDateSchema,
} from './common.js';
import { ClusterMakeUpSchema, MembershipRoleSchema, MissingTranslationFilterSchema, organisationBriefFields } from './organisations.js';
import { CoordinatesSchema, locatedFields } from './locations.js';
import { PartnerCodeSchema } from './partners.js';
import { NaceCodeSchema, RegionCodeSchema, Ris3CodeSchema } from './taxonomies.js';

export const CLUSTER_ERROR_CODES = ['CLUSTER_NOT_FOUND', 'SLUG_TAKEN'] as const;

export const CLUSTER_KINDS = ['cluster', 'network'] as const;
export const ClusterKindSchema = z.enum(CLUSTER_KINDS).meta({ id: 'ClusterKind' });
export type ClusterKind = z.infer<typeof ClusterKindSchema>;

export const CLUSTER_STATUSES = ['emerging', 'established'] as const;
export const ClusterStatusSchema = z.enum(CLUSTER_STATUSES).meta({ id: 'ClusterStatus' });
export type ClusterStatus = z.infer<typeof ClusterStatusSchema>;

export const SlugSchema = z
  .string()
  .min(3)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lower-case letters, digits and single hyphens')
  .meta({ id: 'Slug', description: 'Stable URL name, e.g. `lubuski-klaster-metalowy`' });

const clusterFields = {
  slug: SlugSchema,
  kind: ClusterKindSchema,
  status: ClusterStatusSchema,
  crossBorder: z.boolean().describe('Members on both sides of the border'),
  name: I18nTextSchema,
  description: I18nLongTextSchema,
  regions: distinct(RegionCodeSchema, 20).min(1).describe('Home regions (NUTS codes)'),
  sectors: distinct(NaceCodeSchema, 30).describe('NACE Rev. 2 sections or divisions'),
  ris3Areas: distinct(Ris3CodeSchema, 13).describe('Smart-specialisation areas'),
  website: z
    .url({ protocol: /^https?$/ })
    .max(300)
    .nullable(),
  foundedYear: int32(INT32_MIN).min(1950).max(2100).nullable(),
  partner: PartnerCodeSchema.describe('Project partner that supports the cluster'),
  published: z.boolean().describe('Profile visible to regional portals'),
  notes: z.string().trim().max(5000).nullable().describe('Internal notes of the partners; never shown to portals'),
  coordinates: CoordinatesSchema.nullable().describe(
    'Where the cluster management sits; null: the map uses the town of the coordinating member organisation',
  ),
};

export const ClusterSchema = z
  .object({
    id: IdSchema,
    ...clusterFields,
    countries: CountryListSchema.describe('Countries of the home regions'),
    brand: z
      .boolean()
      .describe(
        'Holds a valid award of the joint Polish–German cluster brand today (read only: it follows the brand awards, `/api/v1/brand/awards`)',
      ),
    location: locatedFields.location,
    coordinatesSource: locatedFields.coordinatesSource,
    memberCount: int32(INT32_MIN),
    missingTranslations: MissingTranslationsSchema.describe('Languages in which the name or the description is missing'),
    deletedAt: TimestampSchema.nullable().describe('Set while the cluster is deleted (administrators can restore it)'),
    version: int32(INT32_MIN).describe('Increases with every change; the ETag is derived from it'),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Cluster' });
export type Cluster = z.infer<typeof ClusterSchema>;

/** The members a cluster's detail lists at most (staff's and portals' alike): far more than any cluster has. */
export const CLUSTER_MEMBERS_MAX = 5000;

export const ClusterMemberSchema = z
  .object({
    organisationId: IdSchema,
    ...organisationBriefFields,
    published: z.boolean(),
    role: MembershipRoleSchema,
    since: IsoDateSchema.nullable(),
  })
  .meta({ id: 'ClusterMember' });
export type ClusterMember = z.infer<typeof ClusterMemberSchema>;

export const ClusterDetailSchema = ClusterSchema.extend({
  members: boundedArray(ClusterMemberSchema, CLUSTER_MEMBERS_MAX),
  makeUp: ClusterMakeUpSchema,
}).meta({ id: 'ClusterDetail' });
export type ClusterDetail = z.infer<typeof ClusterDetailSchema>;

export const ClusterCreateSchema = z
  .strictObject({
    ...clusterFields,
    slug: SlugSchema.optional().describe('Derived from the name when omitted'),
    description: I18nLongTextSchema.default({}),
    sectors: clusterFields.sectors.default([]),
    ris3Areas: clusterFields.ris3Areas.default([]),
    website: clusterFields.website.default(null),
    foundedYear: clusterFields.foundedYear.default(null),
    published: z.boolean().default(false),
    notes: clusterFields.notes.default(null),
    coordinates: clusterFields.coordinates.default(null),
    crossBorder: z.boolean().default(false),
    status: ClusterStatusSchema.default('established'),
  })
  .meta({ id: 'ClusterCreate' });
export type ClusterCreate = z.input<typeof ClusterCreateSchema>;

export const ClusterUpdateSchema = updateSchema(clusterFields, 'ClusterUpdate');
export type ClusterUpdate = z.infer<typeof ClusterUpdateSchema>;

export const CLUSTER_SORTS = ['name', '-name', 'updatedAt', '-updatedAt', 'relevance'] as const;

export const ClusterListQuerySchema = PaginationQuerySchema.extend({
  q: z.string().trim().min(1).max(200).optional().describe('Full-text search in de, pl and en; diacritics optional'),
  country: CountrySchema.optional(),
  region: RegionCodeSchema.optional().describe('NUTS code; a NUTS-2 code includes its NUTS-3 regions'),
  sector: multiValue(NaceCodeSchema).describe('NACE codes; a section includes its divisions'),
  ris3: multiValue(Ris3CodeSchema).describe('Smart-specialisation areas (any of them)'),
  kind: ClusterKindSchema.optional(),
  crossBorder: QueryBooleanSchema.optional(),
  brand: QueryBooleanSchema.optional().describe('Holds a valid award of the joint cluster brand today'),
  published: QueryBooleanSchema.optional(),
  missingTranslation: MissingTranslationFilterSchema.optional(),
  deleted: QueryBooleanSchema.optional().describe('true: only deleted clusters, for restoring (administrators)'),
  sort: z.enum(CLUSTER_SORTS).optional().describe('Default: `relevance` with `q`, else `name`'),
  lang: LocaleSchema.default('en').describe('Language whose names `name` sorts by (with fallback)'),
});
export type ClusterListQuery = z.infer<typeof ClusterListQuerySchema>;

export const ClusterPageSchema = pageSchema(ClusterSchema, 'ClusterPage');
export type ClusterPage = z.infer<typeof ClusterPageSchema>;

/** Languages in which a cluster's name or description is missing. */
export function clusterMissingTranslations(c: {
  name: Partial<Record<Locale, string>>;
  description: Partial<Record<Locale, string>>;
}): Locale[] {
  return LOCALES.filter((l) => !c.name[l] || !c.description[l]);
}
