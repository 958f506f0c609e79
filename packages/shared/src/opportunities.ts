import { z } from 'zod';
import {
  boundedArray,
  boundedText,
  CodeTextSchema,
  CountrySchema,
  IdSchema,
  multiValue,
  TimestampSchema,
  UrlTextSchema,
  IsoDateSchema,
} from './common.js';
import { SlugSchema } from './clusters.js';
import { ConsultingRequestIntakeSchema } from './consulting.js';
import { ProfileKindSchema, ProfileOwnerKindSchema, ProfileTypeSchema } from './matchmaking.js';
import { OrganisationTypeSchema } from './organisations.js';
import { LocalizedTextSchema, PublicContactSchema, publicListQuerySchema, publicPageSchema } from './public.js';
import { NaceCodeSchema, RegionCodeSchema, Ris3CodeSchema } from './taxonomies.js';

/**
 * Partnering opportunities: the published cooperation profiles of the matchmaking, as portals
 * see them (`/api/v1/public/opportunities`), and a visitor's interest in one, which becomes a
 * consulting request of the topic partner search linked to the profile.
 */
export const OPPORTUNITY_ERROR_CODES = ['OPPORTUNITY_NOT_FOUND', 'REQUEST_WITHOUT_OPPORTUNITY', 'REQUEST_WITHOUT_PARTY'] as const;

export const PublicOpportunityOwnerSchema = z
  .object({
    kind: ProfileOwnerKindSchema,
    name: boundedText(300)
      .nullable()
      .describe('The organisation’s or cluster’s name; null when it has not agreed to be published (the profile is then anonymous)'),
    organisationType: OrganisationTypeSchema.nullable().describe('For an organisation: what kind it is; null for a cluster'),
    clusterSlug: SlugSchema.nullable().describe('For a published cluster: its slug in `/public/clusters/{slug}`'),
    countries: boundedArray(CountrySchema, 2),
    regions: boundedArray(CodeTextSchema, 20).describe('NUTS codes (see /public/taxonomies/regions)'),
    website: UrlTextSchema.nullable().describe('null for an anonymous owner'),
    contacts: boundedArray(PublicContactSchema, 20).describe('Contact persons who consented to publication; none for an anonymous owner'),
  })
  .meta({ id: 'PublicOpportunityOwner' });

export const PublicOpportunitySchema = z
  .object({
    id: IdSchema,
    kind: ProfileKindSchema,
    type: ProfileTypeSchema,
    title: LocalizedTextSchema,
    description: LocalizedTextSchema.nullable(),
    keywords: boundedArray(boundedText(60), 20),
    sectors: boundedArray(CodeTextSchema, 20).describe('NACE Rev. 2 codes (see /public/taxonomies/nace)'),
    ris3Areas: boundedArray(CodeTextSchema, 13).describe('Smart-specialisation areas (see /public/taxonomies/ris3)'),
    targetCountries: boundedArray(CountrySchema, 2).describe('Where partners are sought; empty: anywhere'),
    validUntil: IsoDateSchema.nullable().describe('Last day the opportunity is open; null: no end'),
    owner: PublicOpportunityOwnerSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'PublicOpportunity' });
export type PublicOpportunity = z.infer<typeof PublicOpportunitySchema>;

export const PublicOpportunityListQuerySchema = publicListQuerySchema({
  kind: ProfileKindSchema.optional().describe('offer: what the owner offers · request: what it looks for'),
  type: multiValue(ProfileTypeSchema, 4).describe('The kinds of cooperation sought or offered (any of them)'),
  sector: multiValue(NaceCodeSchema).describe('NACE codes (any of them); a section includes its divisions'),
  ris3: multiValue(Ris3CodeSchema).describe('Smart-specialisation areas (any of them)'),
  country: CountrySchema.optional().describe('The owner’s country'),
  region: RegionCodeSchema.optional().describe('The owner’s region (NUTS code); a NUTS-2 code includes its NUTS-3 regions'),
  targetCountry: CountrySchema.optional().describe('Open to partners from this country (it is named, or no country is)'),
});
export type PublicOpportunityListQuery = z.infer<typeof PublicOpportunityListQuerySchema>;

export const PublicOpportunityPageSchema = publicPageSchema(PublicOpportunitySchema, 'PublicOpportunityPage', { describeLang: true });
export type PublicOpportunityPage = z.infer<typeof PublicOpportunityPageSchema>;

export const PublicOpportunityParamsSchema = z.strictObject({ id: IdSchema });

/**
 * A portal visitor's interest in an opportunity: the consulting intake without topic (always
 * partner search) and without directory ids (the visitor does not know them).
 */
export const OpportunityInterestSchema = ConsultingRequestIntakeSchema.omit({ topic: true, organisationId: true, clusterId: true }).meta({
  id: 'OpportunityInterest',
});
export type OpportunityInterest = z.input<typeof OpportunityInterestSchema>;

/** Staff turn an interest into a proposed match between the requester's organisation or cluster and the profile. */
export const InterestMatchSchema = z
  .strictObject({
    party: z
      .strictObject({ kind: ProfileOwnerKindSchema, id: IdSchema })
      .optional()
      .describe('The requester’s organisation or cluster in the directory; by default the one the request names'),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .meta({ id: 'InterestMatch' });
export type InterestMatch = z.infer<typeof InterestMatchSchema>;
