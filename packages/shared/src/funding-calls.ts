import { z } from 'zod';
import {
  COUNTRIES,
  CountrySchema,
  I18nLongTextSchema,
  I18nTextSchema,
  IdSchema,
  LOCALES,
  multiValue,
  pageSchema,
  PaginationQuerySchema,
  QueryBooleanSchema,
  TimestampSchema,
  versionedRecordFields,
  type Country,
  type Locale,
  distinct,
  INT32_MIN,
  int32,
  int64,
  queryInt32,
  boundedText,
  boundedArray,
  CodeTextSchema,
  UrlTextSchema,
  CountryListSchema,
  CodeListSchema,
  KeyTextSchema,
  MissingTranslationsSchema,
  EMBEDDED_LIST_MAX,
  updateSchema,
  calendarDate,
  IsoDateSchema,
  listSchema,
} from './common.js';
import { SlugSchema } from './clusters.js';
import { daysBetween } from './dates.js';
import { organisationBriefFields, OrganisationTypeSchema, type OrganisationType } from './organisations.js';
import { PartnerCodeSchema } from './partners.js';
import { LocalizedTextSchema, publicListQuerySchema, publicPageSchema } from './public.js';
import { NaceCodeSchema, naceSectionOf, regionCountry, RegionCodeSchema, regionScope, Ris3CodeSchema } from './taxonomies.js';
import { foldWords } from './text.js';

/**
 * Funding calls: programmes and calls (INTERREG, Horizon Europe, national and regional programmes
 * of both countries) with eligibility, topics and deadlines, matched to clusters.
 */
export const FUNDING_CALL_ERROR_CODES = ['FUNDING_CALL_NOT_FOUND', 'FUNDING_CALL_SLUG_TAKEN', 'FUNDING_CALL_DUPLICATE'] as const;

export const FUNDING_PROGRAMMES = ['interreg', 'horizon_europe', 'other_eu', 'national', 'regional', 'other'] as const;
export const FundingProgrammeSchema = z.enum(FUNDING_PROGRAMMES).meta({
  id: 'FundingProgramme',
  description:
    'interreg: European territorial cooperation (e.g. INTERREG VI A Brandenburg–Polska) · horizon_europe · other_eu: other EU programmes (Single Market, LIFE, …) · national: a programme of Germany or Poland · regional: a programme of a Land or voivodeship (e.g. ILB Brandenburg, FEnL Lubuskie) · other: foundations and others',
});
export type FundingProgramme = z.infer<typeof FundingProgrammeSchema>;

/** Whether a call admits applicants now, has not opened yet, or has closed; from its dates and today. */
export const FUNDING_CALL_STATUSES = ['upcoming', 'open', 'closed'] as const;
export const FundingCallStatusSchema = z.enum(FUNDING_CALL_STATUSES).meta({ id: 'FundingCallStatus' });
export type FundingCallStatus = z.infer<typeof FundingCallStatusSchema>;

/** The date of a call, an event or a measure. */
export const FundingDateSchema = calendarDate(1900);

const KeywordSchema = z.string().trim().min(2).max(60);
const EurSchema = int64(0, 1_000_000_000_000);

const fundingCallFields = {
  slug: SlugSchema,
  programme: FundingProgrammeSchema,
  programmeName: z.string().trim().min(1).max(200).describe('The programme as its managing authority names it'),
  programmeCountry: CountrySchema.nullable().describe('For national and regional programmes: the country'),
  title: I18nTextSchema,
  summary: I18nLongTextSchema,
  applicantTypes: distinct(OrganisationTypeSchema, 6).describe('Who may apply; empty: any type'),
  countries: distinct(CountrySchema, 2).describe('Countries applicants must be based in; empty: any'),
  regions: distinct(RegionCodeSchema, 20).describe(
    'Regions applicants must be based in (a NUTS-2 code includes its NUTS-3 regions); empty: any',
  ),
  sectors: distinct(NaceCodeSchema, 30).describe('NACE codes the call addresses; empty: any'),
  ris3Areas: distinct(Ris3CodeSchema, 13).describe('Smart-specialisation areas the call addresses'),
  keywords: distinct(KeywordSchema, 20).describe('Topics in words, matched against cluster names and descriptions'),
  fundingRatePercent: z.number().min(0).max(100).nullable().describe('Highest share of eligible costs funded, in per cent'),
  budgetMinEur: EurSchema.nullable().describe('Smallest grant per project, in euro'),
  budgetMaxEur: EurSchema.nullable().describe('Largest grant per project, in euro'),
  opensOn: FundingDateSchema.nullable().describe('First day applications are accepted; null: open already'),
  closesOn: FundingDateSchema.nullable().describe('Last day applications are accepted; null: open until further notice'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable(),
  crossBorderConsortium: z
    .boolean()
    .describe('Applicants must form a consortium with at least one German and one Polish partner (INTERREG)'),
  partner: PartnerCodeSchema.describe('Project partner that maintains the entry'),
  published: z.boolean().describe('Shown to regional portals'),
  notes: z.string().trim().max(5000).nullable().describe('Internal notes; never shown to portals'),
  source: z
    .string()
    .trim()
    .max(40)
    .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'Lower-case letters, digits, . _ -')
    .nullable()
    .describe('Where an imported call comes from, e.g. `ilb-feed`; with externalId its natural key'),
  externalId: z.string().trim().min(1).max(200).nullable().describe('The call’s id at its source'),
};

type Checked = {
  budgetMinEur?: number | null;
  budgetMaxEur?: number | null;
  opensOn?: string | null;
  closesOn?: string | null;
  source?: string | null;
  externalId?: string | null;
  programme?: FundingProgramme;
  programmeCountry?: Country | null;
};

/** Rules across fields, for create and import (an update is checked against the stored record by the service). */
export function fundingCallFieldIssues(c: Checked): { path: string; code: string; message: string }[] {
  const issues: { path: string; code: string; message: string }[] = [];
  if (c.budgetMinEur != null && c.budgetMaxEur != null && c.budgetMinEur > c.budgetMaxEur) {
    issues.push({ path: 'budgetMaxEur', code: 'budget_range', message: 'The largest grant is smaller than the smallest' });
  }
  if (c.opensOn && c.closesOn && c.opensOn > c.closesOn) {
    issues.push({ path: 'closesOn', code: 'closing_before_opening', message: 'The call closes before it opens' });
  }
  if ((c.source == null) !== (c.externalId == null)) {
    issues.push({ path: 'externalId', code: 'source_external_id_pair', message: 'Give both source and externalId, or neither' });
  }
  if ((c.programme === 'national' || c.programme === 'regional') && c.programmeCountry == null) {
    issues.push({
      path: 'programmeCountry',
      code: 'programme_country_required',
      message: 'Name the country of a national or regional programme',
    });
  }
  return issues;
}

function withFieldRules<T extends z.ZodType<Checked>>(schema: T) {
  return schema.superRefine((value, ctx) => {
    for (const issue of fundingCallFieldIssues(value)) {
      ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message, params: { code: issue.code } });
    }
  });
}

export const FundingCallSchema = z
  .object({
    id: IdSchema,
    ...fundingCallFields,
    status: FundingCallStatusSchema.describe('From the dates, today in the programme area'),
    missingTranslations: MissingTranslationsSchema.describe('Languages in which the title or summary is missing'),
    ...versionedRecordFields,
  })
  .meta({ id: 'FundingCall' });
export type FundingCall = z.infer<typeof FundingCallSchema>;

const createShape = {
  ...fundingCallFields,
  slug: SlugSchema.optional().describe('Derived from the title when omitted'),
  programmeCountry: fundingCallFields.programmeCountry.default(null),
  summary: I18nLongTextSchema.default({}),
  applicantTypes: fundingCallFields.applicantTypes.default([]),
  countries: fundingCallFields.countries.default([]),
  regions: fundingCallFields.regions.default([]),
  sectors: fundingCallFields.sectors.default([]),
  ris3Areas: fundingCallFields.ris3Areas.default([]),
  keywords: fundingCallFields.keywords.default([]),
  fundingRatePercent: fundingCallFields.fundingRatePercent.default(null),
  budgetMinEur: fundingCallFields.budgetMinEur.default(null),
  budgetMaxEur: fundingCallFields.budgetMaxEur.default(null),
  opensOn: fundingCallFields.opensOn.default(null),
  closesOn: fundingCallFields.closesOn.default(null),
  url: fundingCallFields.url.default(null),
  crossBorderConsortium: z.boolean().default(false),
  published: z.boolean().default(false),
  notes: fundingCallFields.notes.default(null),
  source: fundingCallFields.source.default(null),
  externalId: fundingCallFields.externalId.default(null),
};

/**
 * A new funding call, from a form, the API or an import. The one validation of a call: the
 * import endpoint (`/imports/funding-calls`) validates its rows with `FundingCallImportRowSchema`,
 * which is this schema with the natural key required.
 */
export const FundingCallCreateSchema = withFieldRules(z.strictObject(createShape)).meta({ id: 'FundingCallCreate' });
export type FundingCallCreate = z.input<typeof FundingCallCreateSchema>;
export type FundingCallCreateData = z.output<typeof FundingCallCreateSchema>;

/** A row of an import: a call with its natural key (source, externalId), upserted by it. */
export const FundingCallImportRowSchema = withFieldRules(
  z.strictObject({
    ...createShape,
    source: fundingCallFields.source.unwrap(),
    externalId: fundingCallFields.externalId.unwrap(),
  }),
).meta({ id: 'FundingCallImportRow' });
export type FundingCallImportRow = z.input<typeof FundingCallImportRowSchema>;
export type FundingCallImportRowData = z.output<typeof FundingCallImportRowSchema>;

export const FundingCallUpdateSchema = updateSchema(fundingCallFields, 'FundingCallUpdate');
export type FundingCallUpdate = z.infer<typeof FundingCallUpdateSchema>;

export const FUNDING_CALL_SORTS = ['closesOn', '-updatedAt'] as const;

export const FundingCallListQuerySchema = PaginationQuerySchema.extend({
  q: z.string().trim().min(1).max(200).optional().describe('Words in the title, summary or programme name'),
  programme: multiValue(FundingProgrammeSchema, 6),
  status: multiValue(FundingCallStatusSchema, 3).describe('upcoming, open, closed (any of them)'),
  country: CountrySchema.optional().describe('Calls that admit applicants from this country'),
  region: RegionCodeSchema.optional().describe('Calls that admit applicants from this region'),
  sector: multiValue(NaceCodeSchema).describe('Calls addressing any of these sectors (or no sector in particular)'),
  ris3: multiValue(Ris3CodeSchema).describe('Calls addressing any of these smart-specialisation areas'),
  crossBorderConsortium: QueryBooleanSchema.optional(),
  published: QueryBooleanSchema.optional(),
  sort: z.enum(FUNDING_CALL_SORTS).default('closesOn').describe('closesOn: soonest deadline first, calls without one last'),
});
export type FundingCallListQuery = z.infer<typeof FundingCallListQuerySchema>;

export const FundingCallPageSchema = pageSchema(FundingCallSchema, 'FundingCallPage');
export type FundingCallPage = z.infer<typeof FundingCallPageSchema>;

export const FundingCallUpsertResultSchema = z
  .object({ outcome: z.enum(['created', 'updated', 'unchanged']), call: FundingCallSchema })
  .meta({ id: 'FundingCallUpsertResult' });
export type FundingCallUpsertResult = z.infer<typeof FundingCallUpsertResultSchema>;

// ---------------------------------------------------------------------------------------------
// Matching calls and clusters

export const FUNDING_REASONS = [
  'applicant_type',
  'country',
  'region',
  'sectors',
  'ris3',
  'keywords',
  'open_topic',
  'deadline',
  'rolling',
  'consortium',
] as const;
export const FundingReasonCodeSchema = z.enum(FUNDING_REASONS).meta({
  id: 'FundingReasonCode',
  description:
    'applicant_type: members of an eligible type (values) · country / region: eligible members are based there (values) · sectors / ris3 / keywords: shared topics (values) · open_topic: the call addresses no topic in particular · deadline: closes in `days` days · rolling: no deadline · consortium: members on both sides of the border',
});
export type FundingReasonCode = z.infer<typeof FundingReasonCodeSchema>;

export const FUNDING_GAPS = ['applicant_type', 'country', 'region', 'partner_country'] as const;
export const FundingGapCodeSchema = z.enum(FUNDING_GAPS).meta({
  id: 'FundingGapCode',
  description:
    'applicant_type: no member of an eligible type (values: the types) · country / region: no eligible member based there (values) · partner_country: the consortium needs a partner from this country (values)',
});
export type FundingGapCode = z.infer<typeof FundingGapCodeSchema>;

/** Codes, types or keywords a reason or a gap of a fit names (keywords are the longest, 60 characters). */
const FitValuesSchema = boundedArray(KeyTextSchema, 50);
/** Calls or clusters one match answer ranks at most: every open call, every cluster, with room to spare. */
const MATCHES_MAX = 5000;

export const FundingPartnerSuggestionSchema = z
  .object({
    organisationId: IdSchema,
    ...organisationBriefFields,
    sharedSectors: CodeListSchema.describe('Sectors it shares with the cluster'),
  })
  .meta({ id: 'FundingPartnerSuggestion', description: 'An organisation on the other side of the border that could join the consortium' });
export type FundingPartnerSuggestion = z.infer<typeof FundingPartnerSuggestionSchema>;

export const FundingFitSchema = z
  .object({
    eligible: z.boolean().describe('At least one member may apply: type, country and region fit'),
    complete: z.boolean().describe('Eligible and nothing missing (e.g. the cross-border consortium)'),
    score: int32(INT32_MIN).min(0).max(100).describe('Rank: the sum of `components`, 0–100'),
    daysLeft: int32(INT32_MIN).nullable().describe('Days until the call closes; null: no deadline'),
    reasons: boundedArray(
      z.object({ code: FundingReasonCodeSchema, values: FitValuesSchema, days: int32(INT32_MIN).nullable() }),
      FUNDING_REASONS.length,
    ),
    missing: boundedArray(
      z.object({
        code: FundingGapCodeSchema,
        values: FitValuesSchema,
        suggestions: boundedArray(FundingPartnerSuggestionSchema, 50).describe(
          'For partner_country: organisations that could fill the gap',
        ),
      }),
      FUNDING_GAPS.length + COUNTRIES.length,
    ),
    components: z
      .array(z.object({ key: z.enum(['sectors', 'ris3', 'keywords', 'open_topic', 'deadline', 'consortium']), points: int32(INT32_MIN) }))
      .max(6)
      .describe('What the score is made of; they add up to it (before limiting to 0–100)'),
  })
  .meta({ id: 'FundingFit' });
export type FundingFit = z.infer<typeof FundingFitSchema>;

export const FundingCallSummarySchema = FundingCallSchema.pick({
  id: true,
  slug: true,
  programme: true,
  programmeName: true,
  title: true,
  fundingRatePercent: true,
  budgetMinEur: true,
  budgetMaxEur: true,
  opensOn: true,
  closesOn: true,
  url: true,
  crossBorderConsortium: true,
  status: true,
  published: true,
}).meta({ id: 'FundingCallSummary' });
export type FundingCallSummary = z.infer<typeof FundingCallSummarySchema>;

export const ClusterFundingMatchesSchema = z
  .object({
    clusterId: IdSchema,
    today: IsoDateSchema,
    items: boundedArray(z.object({ call: FundingCallSummarySchema, fit: FundingFitSchema }), MATCHES_MAX).describe('Best first'),
  })
  .meta({ id: 'ClusterFundingMatches' });
export type ClusterFundingMatches = z.infer<typeof ClusterFundingMatchesSchema>;

export const FundingMatchClusterSchema = z
  .object({
    id: IdSchema,
    name: I18nTextSchema,
    partner: PartnerCodeSchema,
    countries: CountryListSchema,
    crossBorder: z.boolean(),
  })
  .meta({ id: 'FundingMatchCluster' });

export const FundingCallClusterMatchesSchema = z
  .object({
    callId: IdSchema,
    today: IsoDateSchema,
    items: boundedArray(z.object({ cluster: FundingMatchClusterSchema, fit: FundingFitSchema }), MATCHES_MAX).describe('Best first'),
  })
  .meta({ id: 'FundingCallClusterMatches' });
export type FundingCallClusterMatches = z.infer<typeof FundingCallClusterMatchesSchema>;

export const FundingMatchQuerySchema = z.strictObject({
  all: QueryBooleanSchema.optional().describe('Also the ineligible, with what they lack (default: only the eligible)'),
});

export const FundingReminderQuerySchema = z.strictObject({
  days: queryInt32(INT32_MIN).min(1).max(365).default(30).describe('Calls closing within this many days'),
});

export const FundingRemindersSchema = z
  .object({
    today: IsoDateSchema,
    days: int32(INT32_MIN),
    items: boundedArray(
      z.object({
        call: FundingCallSummarySchema,
        daysLeft: int32(INT32_MIN),
        clusters: boundedArray(
          z.object({ id: IdSchema, name: I18nTextSchema, score: int32(INT32_MIN), complete: z.boolean() }),
          EMBEDDED_LIST_MAX,
        ),
      }),
      MATCHES_MAX,
    ),
  })
  .meta({ id: 'FundingReminders', description: 'Open calls closing soon that fit clusters the user follows, soonest first' });
export type FundingReminders = z.infer<typeof FundingRemindersSchema>;

export const FollowedClusterSchema = z
  .object({ clusterId: IdSchema, name: I18nTextSchema, partner: PartnerCodeSchema, followedAt: TimestampSchema })
  .meta({ id: 'FollowedCluster' });
export type FollowedCluster = z.infer<typeof FollowedClusterSchema>;
export const FollowedClusterListSchema = listSchema(FollowedClusterSchema, EMBEDDED_LIST_MAX, 'FollowedClusterList');
export type FollowedClusterList = z.infer<typeof FollowedClusterListSchema>;

// ---------------------------------------------------------------------------------------------
// Public API

export const PublicFundingCallSchema = z
  .object({
    slug: SlugSchema,
    programme: FundingProgrammeSchema,
    programmeName: boundedText(200),
    programmeCountry: CountrySchema.nullable(),
    title: LocalizedTextSchema,
    summary: LocalizedTextSchema.nullable(),
    applicantTypes: boundedArray(OrganisationTypeSchema, 6),
    countries: boundedArray(CountrySchema, 2),
    regions: boundedArray(CodeTextSchema, 20).describe('NUTS codes (see /public/taxonomies/regions)'),
    sectors: boundedArray(CodeTextSchema, 30).describe('NACE Rev. 2 codes'),
    ris3Areas: boundedArray(CodeTextSchema, 13),
    keywords: boundedArray(boundedText(60), 20),
    fundingRatePercent: z.number().nullable(),
    budgetMinEur: EurSchema.nullable(),
    budgetMaxEur: EurSchema.nullable(),
    opensOn: FundingDateSchema.nullable(),
    closesOn: FundingDateSchema.nullable(),
    status: FundingCallStatusSchema,
    url: UrlTextSchema.nullable(),
    crossBorderConsortium: z.boolean(),
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'PublicFundingCall' });
export type PublicFundingCall = z.infer<typeof PublicFundingCallSchema>;

export const PublicFundingCallListQuerySchema = publicListQuerySchema({
  programme: multiValue(FundingProgrammeSchema, 6),
  status: multiValue(FundingCallStatusSchema, 3).describe('Default: upcoming and open'),
  country: CountrySchema.optional(),
  region: RegionCodeSchema.optional(),
  sector: multiValue(NaceCodeSchema),
  ris3: multiValue(Ris3CodeSchema),
});
export type PublicFundingCallListQuery = z.infer<typeof PublicFundingCallListQuerySchema>;

export const PublicFundingCallPageSchema = publicPageSchema(PublicFundingCallSchema, 'PublicFundingCallPage');
export type PublicFundingCallPage = z.infer<typeof PublicFundingCallPageSchema>;

// ---------------------------------------------------------------------------------------------
// Pure domain functions

/** Whether a call has not opened yet, admits applicants, or has closed, on a given day. */
export function fundingCallStatus(call: { opensOn: string | null; closesOn: string | null }, today: string): FundingCallStatus {
  if (call.closesOn !== null && call.closesOn < today) return 'closed';
  if (call.opensOn !== null && call.opensOn > today) return 'upcoming';
  return 'open';
}

export function fundingCallMissingTranslations(c: {
  title: Partial<Record<Locale, string>>;
  summary: Partial<Record<Locale, string>>;
}): Locale[] {
  return LOCALES.filter((l) => !c.title[l] || !c.summary[l]);
}

export interface FundingCallCriteria {
  applicantTypes: readonly OrganisationType[];
  countries: readonly Country[];
  regions: readonly string[];
  sectors: readonly string[];
  ris3Areas: readonly string[];
  keywords: readonly string[];
  crossBorderConsortium: boolean;
  opensOn: string | null;
  closesOn: string | null;
}

/** An organisation that could apply: a member of the cluster. */
export interface FundingApplicant {
  type: OrganisationType;
  country: Country;
  region: string | null;
}

export interface FundingClusterFacts {
  regions: readonly string[];
  countries: readonly Country[];
  sectors: readonly string[];
  ris3Areas: readonly string[];
  /** Name and description in every language, where keywords are looked for. */
  texts: readonly string[];
  members: readonly FundingApplicant[];
}

/** Points of each part of the rank; the best fit scores 100. */
export const FUNDING_FIT_POINTS = {
  /** A sector of the call is one of the cluster's, or contains it (a section its divisions). */
  sectorDirect: 35,
  /** Only in the same NACE section. */
  sectorSection: 15,
  ris3: 30,
  keywordEach: 10,
  keywordMax: 20,
  /** A call for any topic fits every cluster somewhat. */
  openTopic: 30,
  /** Closing in 14 to 90 days: time to prepare, and soon. */
  deadlineSoon: 15,
  /** Later, or no deadline. */
  deadlineLater: 10,
  /** Fewer than 14 days left: tight. */
  deadlineTight: 5,
  /** The consortium still lacks a partner across the border. */
  consortiumMissing: -25,
} as const;

const sectorsRelated = (a: string, b: string) => a === b || naceSectionOf(b) === a || naceSectionOf(a) === b;

/**
 * How well a call fits a cluster, and why. A member may apply when its type, country and region
 * are admitted (a cluster without members is its own applicant, as a cluster management
 * organisation in its home regions); the call is eligible when one may. A call that needs a
 * cross-border consortium needs eligible members in Germany and in Poland: what is missing is
 * named (`partner_country`) but does not make the call ineligible, only rank lower. The rank adds
 * shared topics (sectors, RIS3 areas, keywords) and the deadline.
 */
export function assessFundingFit(call: FundingCallCriteria, cluster: FundingClusterFacts, today: string): FundingFit {
  const applicants: FundingApplicant[] = cluster.members.length
    ? [...cluster.members]
    : cluster.regions.flatMap((region) => {
        const country = regionCountry(region);
        return country ? [{ type: 'cluster_management' as const, country, region }] : [];
      });
  const regionScopeOfCall = new Set(call.regions.flatMap(regionScope));
  const typeOk = (a: FundingApplicant) => call.applicantTypes.length === 0 || call.applicantTypes.includes(a.type);
  const countryOk = (a: FundingApplicant) => call.countries.length === 0 || call.countries.includes(a.country);
  const regionOk = (a: FundingApplicant) => call.regions.length === 0 || (a.region !== null && regionScopeOfCall.has(a.region));

  const eligibleApplicants = applicants.filter((a) => typeOk(a) && countryOk(a) && regionOk(a));
  const eligible = eligibleApplicants.length > 0;
  const reasons: FundingFit['reasons'] = [];
  const missing: FundingFit['missing'] = [];
  const components: FundingFit['components'] = [];
  const reason = (code: FundingReasonCode, values: string[], days: number | null = null) => reasons.push({ code, values, days });
  const uniq = <T>(values: T[]) => [...new Set(values)];

  if (eligible) {
    if (call.applicantTypes.length) reason('applicant_type', uniq(eligibleApplicants.map((a) => a.type)));
    if (call.countries.length) reason('country', uniq(eligibleApplicants.map((a) => a.country)).sort());
    if (call.regions.length) reason('region', uniq(eligibleApplicants.map((a) => a.region!)).sort());
  } else if (!applicants.some(typeOk)) {
    missing.push({ code: 'applicant_type', values: [...call.applicantTypes], suggestions: [] });
  } else if (!applicants.some((a) => typeOk(a) && countryOk(a))) {
    missing.push({ code: 'country', values: [...call.countries], suggestions: [] });
  } else {
    missing.push({ code: 'region', values: [...call.regions], suggestions: [] });
  }

  if (call.crossBorderConsortium && eligible) {
    const present = new Set(eligibleApplicants.map((a) => a.country));
    const lacking = COUNTRIES.filter((c) => !present.has(c) && (call.countries.length === 0 || call.countries.includes(c)));
    if (lacking.length === 0) reason('consortium', [...COUNTRIES]);
    for (const country of lacking) missing.push({ code: 'partner_country', values: [country], suggestions: [] });
    if (lacking.length) components.push({ key: 'consortium', points: FUNDING_FIT_POINTS.consortiumMissing });
  }

  // Topics
  const sharedSectors = call.sectors.filter((s) => cluster.sectors.some((c) => sectorsRelated(s, c)));
  const sameSection = call.sectors.filter(
    (s) =>
      !sharedSectors.includes(s) && cluster.sectors.some((c) => naceSectionOf(c) !== undefined && naceSectionOf(c) === naceSectionOf(s)),
  );
  const sharedRis3 = call.ris3Areas.filter((a) => cluster.ris3Areas.includes(a));
  const haystack = ` ${cluster.texts.map(foldWords).join(' ')} `;
  const sharedKeywords = call.keywords.filter((k) => {
    const folded = foldWords(k);
    return folded !== '' && haystack.includes(` ${folded}`);
  });
  if (call.sectors.length + call.ris3Areas.length + call.keywords.length === 0) {
    reason('open_topic', []);
    components.push({ key: 'open_topic', points: FUNDING_FIT_POINTS.openTopic });
  } else {
    if (sharedSectors.length) {
      reason('sectors', sharedSectors);
      components.push({ key: 'sectors', points: FUNDING_FIT_POINTS.sectorDirect });
    } else if (sameSection.length) {
      reason('sectors', sameSection);
      components.push({ key: 'sectors', points: FUNDING_FIT_POINTS.sectorSection });
    }
    if (sharedRis3.length) {
      reason('ris3', sharedRis3);
      components.push({ key: 'ris3', points: FUNDING_FIT_POINTS.ris3 });
    }
    if (sharedKeywords.length) {
      reason('keywords', sharedKeywords);
      components.push({
        key: 'keywords',
        points: Math.min(FUNDING_FIT_POINTS.keywordMax, sharedKeywords.length * FUNDING_FIT_POINTS.keywordEach),
      });
    }
  }

  // Deadline
  const daysLeft = call.closesOn === null ? null : daysBetween(today, call.closesOn);
  if (daysLeft === null) {
    reason('rolling', []);
    components.push({ key: 'deadline', points: FUNDING_FIT_POINTS.deadlineLater });
  } else {
    reason('deadline', [call.closesOn!], daysLeft);
    const points =
      daysLeft < 14
        ? FUNDING_FIT_POINTS.deadlineTight
        : daysLeft <= 90
          ? FUNDING_FIT_POINTS.deadlineSoon
          : FUNDING_FIT_POINTS.deadlineLater;
    components.push({ key: 'deadline', points });
  }

  const sum = components.reduce((s, c) => s + c.points, 0);
  return {
    eligible,
    complete: eligible && missing.length === 0,
    score: Math.max(0, Math.min(100, sum)),
    daysLeft,
    reasons,
    missing,
    components,
  };
}

/** Best first: eligible, then complete, then by score, then the sooner deadline. */
export function compareFundingFits(a: FundingFit, b: FundingFit): number {
  return (
    Number(b.eligible) - Number(a.eligible) ||
    Number(b.complete) - Number(a.complete) ||
    b.score - a.score ||
    (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity)
  );
}
