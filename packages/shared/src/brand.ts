import { z } from 'zod';
import {
  I18nLongTextSchema,
  I18nTextSchema,
  IdSchema,
  LOCALES,
  LocaleSchema,
  pageSchema,
  PaginationQuerySchema,
  TimestampSchema,
  type Locale,
  INT32_MIN,
  int32,
  boundedArray,
  boundedText,
  UrlTextSchema,
  KeyTextSchema,
  MissingTranslationsSchema,
  SUMMARY_LIST_MAX,
  ReasonTextSchema,
  NameTextSchema,
  EMBEDDED_LIST_MAX,
  IsoDateSchema,
  listSchema,
} from './common.js';
import { shiftMonths, type IsoDate } from './dates.js';
import { EvaluationKeySchema } from './evaluations.js';
import { PublicFileSchema } from './files.js';
import { PartnerCodeSchema } from './partners.js';

/**
 * The joint Polish–German cluster brand: versioned criteria (frozen once published), applications
 * checked against what the platform knows (the latest approved evaluation, the memberships, the
 * profile's languages), a four-eyes decision, and awards with a validity and a certificate number
 * that anyone can verify.
 */

export const BRAND_ERROR_CODES = [
  'BRAND_CRITERIA_NOT_FOUND',
  'BRAND_CRITERIA_NOT_DRAFT',
  'BRAND_CRITERIA_NOT_PUBLISHED',
  'BRAND_CRITERIA_DRAFT_EXISTS',
  'BRAND_APPLICATION_NOT_FOUND',
  'BRAND_APPLICATION_DECIDED',
  'BRAND_APPLICATION_PENDING',
  'BRAND_CRITERIA_NOT_MET',
  'BRAND_FOUR_EYES_REQUIRED',
  'BRAND_AWARD_NOT_FOUND',
  'BRAND_AWARD_TRANSITION_NOT_ALLOWED',
  'BRAND_CERTIFICATE_NOT_FOUND',
] as const;

const DaySchema = IsoDateSchema.describe('Calendar day (YYYY-MM-DD)');
const PercentSchema = z.number().min(0).max(100);
const reason = z.string().trim().min(1).max(2000);

export const BRAND_CRITERIA_STATUSES = ['draft', 'published'] as const;
export const BrandCriteriaStatusSchema = z.enum(BRAND_CRITERIA_STATUSES).meta({ id: 'BrandCriteriaStatus' });
export type BrandCriteriaStatus = z.infer<typeof BrandCriteriaStatusSchema>;

export const BrandConditionsSchema = z
  .strictObject({
    evaluationMaxAgeMonths: int32(INT32_MIN).min(1).max(120).describe('The approved evaluation may be at most this many months old'),
    minOverall: PercentSchema.nullable().default(null).describe('Lowest overall evaluation score (0–100)'),
    minDimensions: z
      .record(EvaluationKeySchema, PercentSchema)
      .default({})
      .describe('Lowest score (0–100) per dimension key of the evaluation framework: a target profile'),
    minCrossBorderShare: PercentSchema.nullable()
      .default(null)
      .describe('Lowest percentage of members on the other side of the border than the cluster’s main country'),
    profileLanguages: boundedArray(LocaleSchema, 3)
      .default([...LOCALES])
      .describe('Languages in which the profile (name and description) must be complete and published'),
  })
  .meta({ id: 'BrandConditions' });
export type BrandConditions = z.infer<typeof BrandConditionsSchema>;

export const BrandLevelSchema = z
  .strictObject({
    key: EvaluationKeySchema,
    label: I18nTextSchema,
    minOverall: PercentSchema.describe('Lowest overall evaluation score of this level'),
  })
  .meta({ id: 'BrandLevel' });
export type BrandLevel = z.infer<typeof BrandLevelSchema>;

const levels = boundedArray(BrandLevelSchema, 5)
  .refine((l) => l.every((level, i) => i === 0 || level.minOverall > l[i - 1]!.minOverall), {
    message: 'Levels ascend by their lowest overall score',
  })
  .describe('Optional levels, ascending (e.g. bronze, silver, gold)');
const validityMonths = int32(INT32_MIN).min(1).max(120).describe('How long an award is valid');

/** The content of a version; no defaults here, so that a partial change leaves out what it does not name. */
const criteriaContent = {
  name: I18nTextSchema,
  text: I18nLongTextSchema.describe('The published conditions in words'),
  conditions: BrandConditionsSchema,
  levels,
  validityMonths,
  guidelinesPublicationId: IdSchema.nullable().describe('The publication with the usage guidelines of the brand (logo, wording)'),
};

export const BrandCriteriaSchema = z
  .object({
    id: IdSchema,
    number: int32(INT32_MIN).describe('Version number, 1, 2, …'),
    status: BrandCriteriaStatusSchema,
    ...criteriaContent,
    publishedAt: TimestampSchema.nullable(),
    version: int32(INT32_MIN),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'BrandCriteria' });
export type BrandCriteria = z.infer<typeof BrandCriteriaSchema>;

export const BrandCriteriaCreateSchema = z
  .strictObject({
    ...criteriaContent,
    levels: levels.default([]),
    validityMonths: validityMonths.default(24),
    guidelinesPublicationId: criteriaContent.guidelinesPublicationId.default(null),
  })
  .meta({ id: 'BrandCriteriaCreate' });
export type BrandCriteriaCreate = z.input<typeof BrandCriteriaCreateSchema>;

export const BrandCriteriaUpdateSchema = z
  .strictObject(criteriaContent)
  .partial()
  .meta({ id: 'BrandCriteriaUpdate', description: 'Drafts only; published versions are frozen' });
export type BrandCriteriaUpdate = z.infer<typeof BrandCriteriaUpdateSchema>;

export const BrandAssetsSchema = z
  .object({
    criteriaVersion: int32(INT32_MIN).nullable().describe('The published criteria version the assets belong to; null before any'),
    files: boundedArray(PublicFileSchema, 50).describe('Logo files in several formats, and other material, to download without a key'),
    guidelines: z
      .object({
        slug: boundedText(80),
        title: I18nTextSchema,
        url: UrlTextSchema.describe('The publication in the public API (a portal key)'),
      })
      .nullable()
      .describe('The usage guidelines, a published publication'),
  })
  .meta({ id: 'BrandAssets' });
export type BrandAssets = z.infer<typeof BrandAssetsSchema>;

export const BrandCriteriaListSchema = listSchema(BrandCriteriaSchema, 1000, 'BrandCriteriaList');
export type BrandCriteriaList = z.infer<typeof BrandCriteriaListSchema>;

// ---------------------------------------------------------------------------------------------
// The check: pure, so that the API decides and the admin app shows the same result

/** What the platform knows about a cluster on the day of the check. */
export const BrandFactsSchema = z
  .object({
    evaluation: z
      .object({
        id: IdSchema,
        evaluatedOn: DaySchema,
        overall: z.number().nullable(),
        dimensions: z.record(KeyTextSchema, z.number().nullable()),
      })
      .nullable()
      .describe('The latest approved evaluation, or null'),
    memberCount: int32(INT32_MIN),
    crossBorderShare: z.number().describe('Percent of members outside the cluster’s main country'),
    published: z.boolean(),
    missingTranslations: MissingTranslationsSchema.describe('Languages in which the name or the description is missing'),
  })
  .meta({ id: 'BrandFacts' });
export type BrandFacts = z.infer<typeof BrandFactsSchema>;

export const BRAND_CHECK_KINDS = ['evaluation', 'overall', 'dimension', 'crossBorder', 'profile'] as const;

export const BrandCheckItemSchema = z
  .object({
    kind: z.enum(BRAND_CHECK_KINDS),
    dimension: KeyTextSchema.nullable().describe('For `dimension`: its key'),
    met: z.boolean(),
    required: z.union([z.number(), boundedText(200)]).describe('Threshold: a score, a share, a day or languages'),
    actual: z
      .union([z.number(), boundedText(200)])
      .nullable()
      .describe('What the platform found'),
  })
  .meta({ id: 'BrandCheckItem' });
export type BrandCheckItem = z.infer<typeof BrandCheckItemSchema>;

export const BrandCheckSchema = z
  .object({
    met: z.boolean(),
    level: KeyTextSchema.nullable().describe('Key of the highest level reached, when the criteria define levels'),
    items: boundedArray(BrandCheckItemSchema, SUMMARY_LIST_MAX),
    facts: BrandFactsSchema.describe('The evidence the check rests on'),
    checkedOn: DaySchema,
  })
  .meta({ id: 'BrandCheck' });
export type BrandCheck = z.infer<typeof BrandCheckSchema>;

/**
 * Checks every condition of one criteria version against the facts of one cluster on `today`.
 * A missing evaluation fails every score condition (their `actual` is null); the evaluation
 * counts while `evaluatedOn` is on or after `today` minus the allowed months.
 */
export function checkBrand(
  criteria: { conditions: BrandConditions; levels: readonly BrandLevel[] },
  facts: BrandFacts,
  today: IsoDate,
): BrandCheck {
  const c = criteria.conditions;
  const e = facts.evaluation;
  const items: BrandCheckItem[] = [];
  const oldest = shiftMonths(today, -c.evaluationMaxAgeMonths);
  const evaluationOk = e !== null && e.evaluatedOn >= oldest;
  items.push({ kind: 'evaluation', dimension: null, met: evaluationOk, required: oldest, actual: e?.evaluatedOn ?? null });
  const score = (required: number, actual: number | null | undefined, kind: 'overall' | 'dimension', dimension: string | null) =>
    items.push({ kind, dimension, met: evaluationOk && actual != null && actual >= required, required, actual: actual ?? null });
  if (c.minOverall !== null) score(c.minOverall, e?.overall, 'overall', null);
  for (const [key, min] of Object.entries(c.minDimensions)) score(min, e?.dimensions[key], 'dimension', key);
  if (c.minCrossBorderShare !== null) {
    items.push({
      kind: 'crossBorder',
      dimension: null,
      met: facts.crossBorderShare >= c.minCrossBorderShare,
      required: c.minCrossBorderShare,
      actual: facts.crossBorderShare,
    });
  }
  if (c.profileLanguages.length) {
    const missing = c.profileLanguages.filter((l: Locale) => facts.missingTranslations.includes(l));
    items.push({
      kind: 'profile',
      dimension: null,
      met: facts.published && missing.length === 0,
      required: c.profileLanguages.join(','),
      actual: facts.published ? c.profileLanguages.filter((l) => !missing.includes(l)).join(',') : null,
    });
  }
  const met = items.every((i) => i.met);
  const overall = evaluationOk ? (e?.overall ?? null) : null;
  const reached = met && overall !== null ? criteria.levels.filter((l) => overall >= l.minOverall) : [];
  return { met, level: reached.at(-1)?.key ?? null, items, facts, checkedOn: today };
}

// ---------------------------------------------------------------------------------------------
// Applications and awards

export const BRAND_APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const BrandApplicationStatusSchema = z.enum(BRAND_APPLICATION_STATUSES).meta({ id: 'BrandApplicationStatus' });
export type BrandApplicationStatus = z.infer<typeof BrandApplicationStatusSchema>;

export const BrandApplicationSchema = z
  .object({
    id: IdSchema,
    clusterId: IdSchema,
    clusterName: I18nTextSchema,
    partner: PartnerCodeSchema.describe('The cluster’s supporting partner, who applied'),
    criteriaId: IdSchema,
    criteriaNumber: int32(INT32_MIN),
    applicantId: IdSchema,
    status: BrandApplicationStatusSchema,
    check: BrandCheckSchema.describe('The check at the time of the application (or of the decision, once decided)'),
    decidedBy: IdSchema.nullable(),
    decidedAt: TimestampSchema.nullable(),
    reason: ReasonTextSchema.nullable(),
    awardId: IdSchema.nullable(),
    version: int32(INT32_MIN),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'BrandApplication' });
export type BrandApplication = z.infer<typeof BrandApplicationSchema>;

export const BrandApplicationCreateSchema = z.strictObject({ clusterId: IdSchema }).meta({ id: 'BrandApplicationCreate' });
export type BrandApplicationCreate = z.infer<typeof BrandApplicationCreateSchema>;

export const BrandDecisionSchema = z
  .strictObject({ decision: z.enum(['approve', 'reject']), reason })
  .meta({ id: 'BrandDecision', description: 'By a coordinator of another partner than the applicant’s (four-eyes)' });
export type BrandDecision = z.infer<typeof BrandDecisionSchema>;

export const BrandApplicationListQuerySchema = PaginationQuerySchema.extend({
  status: BrandApplicationStatusSchema.optional(),
  clusterId: IdSchema.optional(),
});
export type BrandApplicationListQuery = z.infer<typeof BrandApplicationListQuerySchema>;
export const BrandApplicationPageSchema = pageSchema(BrandApplicationSchema, 'BrandApplicationPage');
export type BrandApplicationPage = z.infer<typeof BrandApplicationPageSchema>;

/** Stored state of an award; `expired` is not stored but read from the end date. */
export const BRAND_AWARD_STATES = ['active', 'suspended', 'revoked'] as const;
export const BRAND_VALIDITY = ['valid', 'expired', 'suspended', 'revoked'] as const;
export const BrandValiditySchema = z.enum(BRAND_VALIDITY).meta({ id: 'BrandValidity' });
export type BrandValidity = z.infer<typeof BrandValiditySchema>;

/** What an award means on `today`: suspension and revocation win over the dates. */
export function brandValidity(award: { state: (typeof BRAND_AWARD_STATES)[number]; validUntil: IsoDate }, today: IsoDate): BrandValidity {
  if (award.state !== 'active') return award.state;
  return today > award.validUntil ? 'expired' : 'valid';
}

export const BrandAwardSchema = z
  .object({
    id: IdSchema,
    certificateNumber: boundedText(40),
    clusterId: IdSchema,
    clusterSlug: boundedText(80),
    clusterName: I18nTextSchema,
    partner: PartnerCodeSchema,
    level: KeyTextSchema.nullable(),
    levelLabel: I18nTextSchema.nullable(),
    criteriaNumber: int32(INT32_MIN).nullable().describe('Null for awards that predate the criteria'),
    validFrom: DaySchema,
    validUntil: DaySchema,
    state: z.enum(BRAND_AWARD_STATES),
    validity: BrandValiditySchema,
    stateReason: ReasonTextSchema.nullable(),
    note: ReasonTextSchema.nullable(),
    applicationId: IdSchema.nullable(),
    version: int32(INT32_MIN),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'BrandAward' });
export type BrandAward = z.infer<typeof BrandAwardSchema>;

export const BrandAwardListQuerySchema = PaginationQuerySchema.extend({
  validity: BrandValiditySchema.optional(),
  clusterId: IdSchema.optional(),
});
export type BrandAwardListQuery = z.infer<typeof BrandAwardListQuerySchema>;
export const BrandAwardPageSchema = pageSchema(BrandAwardSchema, 'BrandAwardPage');
export type BrandAwardPage = z.infer<typeof BrandAwardPageSchema>;

export const BrandAwardActionSchema = z
  .strictObject({ action: z.enum(['suspend', 'reinstate', 'revoke']), reason })
  .meta({ id: 'BrandAwardAction', description: 'Revocation is final; a suspended award can be reinstated' });
export type BrandAwardAction = z.infer<typeof BrandAwardActionSchema>;

// ---------------------------------------------------------------------------------------------
// Public verification

/** The certificate data that is signed: the exact bytes of `payload` (JSON, UTF-8). */
export const BrandCertificateSchema = z
  .object({
    certificate: boundedText(40),
    holder: z.object({ slug: boundedText(80), name: I18nTextSchema }),
    level: KeyTextSchema.nullable(),
    criteriaVersion: int32(INT32_MIN).nullable(),
    validFrom: DaySchema,
    validUntil: DaySchema,
    status: BrandValiditySchema,
    checkedOn: DaySchema.describe('The day the status was read'),
  })
  .meta({ id: 'BrandCertificate' });
export type BrandCertificate = z.infer<typeof BrandCertificateSchema>;

export const BrandVerificationSchema = BrandCertificateSchema.extend({
  payload: boundedText(10_000).describe('The signed text: this certificate as JSON'),
  signature: boundedText(200).describe('Ed25519 signature of `payload` (UTF-8), base64url; key at /.well-known/euregionet-brand-key'),
  keyId: boundedText(100),
  verifyUrl: UrlTextSchema,
  badgeUrl: UrlTextSchema,
}).meta({ id: 'BrandVerification' });
export type BrandVerification = z.infer<typeof BrandVerificationSchema>;

export const BrandVerifyParamsSchema = z.strictObject({
  ref: z.string().min(3).max(80).describe('A certificate number (EURN-B-2026-0001) or a cluster’s slug'),
});

export const BrandHolderSchema = z
  .object({
    certificate: boundedText(40),
    slug: boundedText(80),
    name: NameTextSchema,
    level: KeyTextSchema.nullable(),
    validFrom: DaySchema,
    validUntil: DaySchema,
    verifyUrl: UrlTextSchema,
    badgeUrl: UrlTextSchema,
  })
  .meta({ id: 'BrandHolder' });
export type BrandHolder = z.infer<typeof BrandHolderSchema>;
export const BrandHolderListSchema = listSchema(BrandHolderSchema, EMBEDDED_LIST_MAX, 'BrandHolderList');
export type BrandHolderList = z.infer<typeof BrandHolderListSchema>;

export const BrandFiguresSchema = z
  .object({
    holders: int32(INT32_MIN).describe('Clusters with a valid award today'),
    holderNames: boundedArray(NameTextSchema, EMBEDDED_LIST_MAX).describe('Evidence: the clusters counted'),
    awardsPerYear: boundedArray(z.object({ year: int32(INT32_MIN), awards: int32(INT32_MIN), renewals: int32(INT32_MIN) }), 200),
  })
  .meta({ id: 'BrandFigures' });
export type BrandFigures = z.infer<typeof BrandFiguresSchema>;
