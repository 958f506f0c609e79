import { z } from 'zod';
import {
  I18nLongTextSchema,
  I18nTextSchema,
  IdSchema,
  LocaleSchema,
  pageSchema,
  PaginationQuerySchema,
  TimestampSchema,
  versionedRecordFields,
  INT32_MIN,
  int32,
  boundedArray,
  boundedText,
  KeyTextSchema,
  PersonNameTextSchema,
  ReasonTextSchema,
  EMBEDDED_LIST_MAX,
  calendarDate,
} from './common.js';
import { PartnerCodeSchema } from './partners.js';

/**
 * Cluster evaluations: versioned frameworks of criteria grouped in dimensions, and scored
 * assessments of one cluster against one framework version, reviewed by a second person.
 * Scores are computed by `scoreEvaluation` (evaluation-scoring.ts), the same in API and admin app.
 */

export const EVALUATION_ERROR_CODES = [
  'FRAMEWORK_NOT_FOUND',
  'FRAMEWORK_NOT_DRAFT',
  'FRAMEWORK_NOT_PUBLISHED',
  'FRAMEWORK_CODE_TAKEN',
  'FRAMEWORK_DRAFT_EXISTS',
  'EVALUATION_NOT_FOUND',
  'EVALUATION_NOT_EDITABLE',
  'EVALUATION_TRANSITION_NOT_ALLOWED',
  'EVALUATION_INCOMPLETE',
  'FOUR_EYES_REQUIRED',
  'EVALUATOR_NOT_ELIGIBLE',
] as const;

/** The project's output indicator: clusters to evaluate (see DOMAIN.md). */
export const EVALUATION_TARGET_CLUSTERS = 16;

/** Stable keys of dimensions, criteria, maturity levels and target profiles: they survive new versions. */
export const EvaluationKeySchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*$/, 'Lower-case letters, digits, hyphens and dots')
  .meta({ id: 'EvaluationKey', description: 'Stable key, kept across framework versions, e.g. `structure.sme-share`' });

const WeightSchema = z.number().min(0).max(1000).describe('Relative weight; weights are normalised, they need not sum to 1');

/**
 * Directory figures that an indicator criterion is filled from, per cluster: `memberCount` (member
 * organisations), `smeShare` / `researchShare` (percent of members that are SMEs / research
 * organisations), `crossBorderShare` (percent of members located outside the cluster's main
 * country: that of its coordinator, else the country most members are in).
 */
export const INDICATOR_SOURCES = ['memberCount', 'smeShare', 'researchShare', 'crossBorderShare'] as const;
export const IndicatorSourceSchema = z.enum(INDICATOR_SOURCES).meta({ id: 'IndicatorSource' });
export type IndicatorSource = z.infer<typeof IndicatorSourceSchema>;

export const ScaleLevelSchema = z
  .strictObject({
    value: int32(INT32_MIN).min(0).max(10),
    label: I18nTextSchema,
    description: I18nLongTextSchema.default({}),
  })
  .meta({ id: 'ScaleLevel' });
export type ScaleLevel = z.infer<typeof ScaleLevelSchema>;

export const IndicatorSchema = z
  .strictObject({
    source: IndicatorSourceSchema,
    thresholds: z
      .array(z.number().min(0))
      .max(10)
      .describe('Lowest indicator value for each scale level above the first, ascending: suggests a score'),
  })
  .meta({ id: 'Indicator' });
export type Indicator = z.infer<typeof IndicatorSchema>;

export const CriterionSchema = z
  .strictObject({
    key: EvaluationKeySchema,
    text: I18nTextSchema.describe('The question or statement that is scored'),
    guidance: I18nLongTextSchema.default({}).describe('What to look at and which evidence counts'),
    weight: WeightSchema,
    scale: z.array(ScaleLevelSchema).min(2).max(11),
    indicator: IndicatorSchema.nullable().default(null),
  })
  .meta({ id: 'Criterion' });
export type Criterion = z.infer<typeof CriterionSchema>;

/** How many dimensions a framework has at most, and criteria a dimension: what bounds every answer about scores. */
const DIMENSIONS_MAX = 12;
const CRITERIA_PER_DIMENSION_MAX = 40;
const CRITERIA_MAX = DIMENSIONS_MAX * CRITERIA_PER_DIMENSION_MAX;

export const DimensionSchema = z
  .strictObject({
    key: EvaluationKeySchema,
    name: I18nTextSchema,
    description: I18nLongTextSchema.default({}),
    weight: WeightSchema,
    criteria: z.array(CriterionSchema).min(1).max(CRITERIA_PER_DIMENSION_MAX),
  })
  .meta({ id: 'Dimension' });
export type Dimension = z.infer<typeof DimensionSchema>;

const ScorePercentSchema = z.number().min(0).max(100);

export const MaturityLevelSchema = z
  .strictObject({
    key: EvaluationKeySchema,
    label: I18nTextSchema,
    description: I18nLongTextSchema.default({}),
    minScore: ScorePercentSchema.describe('Lowest overall score (0–100) of this level'),
  })
  .meta({ id: 'MaturityLevel' });
export type MaturityLevel = z.infer<typeof MaturityLevelSchema>;

export const TargetProfileSchema = z
  .strictObject({
    key: EvaluationKeySchema,
    label: I18nTextSchema,
    description: I18nLongTextSchema.default({}),
    overall: ScorePercentSchema.nullable().default(null),
    dimensions: z.record(KeyTextSchema, ScorePercentSchema).describe('Score (0–100) needed per dimension key'),
  })
  .meta({ id: 'TargetProfile', description: 'The scores a cluster needs, e.g. for an excellence label' });
export type TargetProfile = z.infer<typeof TargetProfileSchema>;

/** Field errors of a framework's content that a plain schema cannot express. */
export const FRAMEWORK_VALIDATION_CODES = [
  'DUPLICATE_KEY',
  'SCALE_NOT_ASCENDING',
  'THRESHOLDS_MISMATCH',
  'MATURITY_NOT_ASCENDING',
  'UNKNOWN_DIMENSION',
] as const;

type Issue = { path: PropertyKey[]; code: (typeof FRAMEWORK_VALIDATION_CODES)[number]; message: string };

/** Consistency of a framework's content: unique keys, ascending scales, thresholds that fit. */
export function frameworkContentIssues(content: {
  dimensions?: Dimension[] | undefined;
  maturityLevels?: MaturityLevel[] | undefined;
  targetProfiles?: TargetProfile[] | undefined;
}): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const unique = (key: string, path: PropertyKey[]) => {
    if (seen.has(key)) issues.push({ path, code: 'DUPLICATE_KEY', message: `Key ${key} is used twice` });
    seen.add(key);
  };
  content.dimensions?.forEach((d, di) => {
    unique(d.key, ['dimensions', di, 'key']);
    d.criteria.forEach((c, ci) => {
      const path = ['dimensions', di, 'criteria', ci];
      unique(c.key, [...path, 'key']);
      if (c.scale.some((l, i) => i > 0 && l.value <= c.scale[i - 1]!.value)) {
        issues.push({ path: [...path, 'scale'], code: 'SCALE_NOT_ASCENDING', message: 'Scale values must ascend' });
      }
      const t = c.indicator?.thresholds;
      if (t && (t.length !== c.scale.length - 1 || t.some((v, i) => i > 0 && v < t[i - 1]!))) {
        issues.push({
          path: [...path, 'indicator', 'thresholds'],
          code: 'THRESHOLDS_MISMATCH',
          message: 'One ascending threshold per scale level above the first',
        });
      }
    });
  });
  const levels = content.maturityLevels;
  if (levels && (levels[0]?.minScore !== 0 || levels.some((l, i) => i > 0 && l.minScore <= levels[i - 1]!.minScore))) {
    issues.push({ path: ['maturityLevels'], code: 'MATURITY_NOT_ASCENDING', message: 'The first level starts at 0, each next one higher' });
  }
  const levelKeys = new Set<string>();
  levels?.forEach((l, i) => {
    if (levelKeys.has(l.key)) issues.push({ path: ['maturityLevels', i, 'key'], code: 'DUPLICATE_KEY', message: 'Duplicate key' });
    levelKeys.add(l.key);
  });
  const dimensionKeys = new Set(content.dimensions?.map((d) => d.key));
  const profileKeys = new Set<string>();
  content.targetProfiles?.forEach((p, pi) => {
    if (profileKeys.has(p.key)) issues.push({ path: ['targetProfiles', pi, 'key'], code: 'DUPLICATE_KEY', message: 'Duplicate key' });
    profileKeys.add(p.key);
    if (!content.dimensions) return;
    for (const key of Object.keys(p.dimensions)) {
      if (!dimensionKeys.has(key)) {
        issues.push({ path: ['targetProfiles', pi, 'dimensions', key], code: 'UNKNOWN_DIMENSION', message: `No dimension ${key}` });
      }
    }
  });
  return issues;
}

function checkContent(value: Parameters<typeof frameworkContentIssues>[0], ctx: z.RefinementCtx) {
  for (const issue of frameworkContentIssues(value)) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, params: { code: issue.code } });
  }
}

const frameworkContent = {
  name: I18nTextSchema,
  description: I18nLongTextSchema,
  dimensions: z.array(DimensionSchema).min(1).max(DIMENSIONS_MAX),
  maturityLevels: z.array(MaturityLevelSchema).min(1).max(10),
  targetProfiles: boundedArray(TargetProfileSchema, 10),
};

export const FRAMEWORK_STATUSES = ['draft', 'published', 'retired'] as const;
export const FrameworkStatusSchema = z.enum(FRAMEWORK_STATUSES).meta({
  id: 'FrameworkStatus',
  description: '`draft`: editable; `published`: in use for new evaluations, immutable; `retired`: replaced by a newer version',
});
export type FrameworkStatus = z.infer<typeof FrameworkStatusSchema>;

const frameworkHeader = {
  id: IdSchema,
  code: EvaluationKeySchema.describe('The framework across its versions'),
  number: int32(INT32_MIN).min(1).describe('Version number of the framework (1, 2, …); not the ETag `version`'),
  status: FrameworkStatusSchema,
  used: z.boolean().describe('Some evaluation uses this version: it can never change again'),
  publishedAt: TimestampSchema.nullable(),
  version: int32(INT32_MIN).describe('Increases with every change; the ETag is derived from it'),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
};

export const EvaluationFrameworkSchema = z.object({ ...frameworkHeader, ...frameworkContent }).meta({ id: 'EvaluationFramework' });
export type EvaluationFramework = z.infer<typeof EvaluationFrameworkSchema>;
/** What scoring needs of a framework. */
export type FrameworkContent = Pick<EvaluationFramework, 'dimensions' | 'maturityLevels' | 'targetProfiles'>;

export const EvaluationFrameworkSummarySchema = z
  .object({ ...frameworkHeader, name: I18nTextSchema, criteriaCount: int32(INT32_MIN) })
  .meta({ id: 'EvaluationFrameworkSummary' });
export type EvaluationFrameworkSummary = z.infer<typeof EvaluationFrameworkSummarySchema>;

export const EvaluationFrameworkCreateSchema = z
  .strictObject({
    code: EvaluationKeySchema,
    ...frameworkContent,
    description: I18nLongTextSchema.default({}),
    targetProfiles: frameworkContent.targetProfiles.default([]),
  })
  .superRefine(checkContent)
  .meta({ id: 'EvaluationFrameworkCreate', description: 'Version 1 of a new framework, as a draft' });
export type EvaluationFrameworkCreate = z.input<typeof EvaluationFrameworkCreateSchema>;

export const EvaluationFrameworkUpdateSchema = z
  .strictObject(frameworkContent)
  .partial()
  .superRefine(checkContent)
  .meta({ id: 'EvaluationFrameworkUpdate', description: 'Only drafts change; only the fields present are changed' });
export type EvaluationFrameworkUpdate = z.infer<typeof EvaluationFrameworkUpdateSchema>;

export const EvaluationFrameworkListQuerySchema = PaginationQuerySchema.extend({
  code: EvaluationKeySchema.optional(),
  status: FrameworkStatusSchema.optional(),
});
export type EvaluationFrameworkListQuery = z.infer<typeof EvaluationFrameworkListQuerySchema>;

export const EvaluationFrameworkPageSchema = pageSchema(EvaluationFrameworkSummarySchema, 'EvaluationFrameworkPage');
export type EvaluationFrameworkPage = z.infer<typeof EvaluationFrameworkPageSchema>;

// ---------------------------------------------------------------------------------------------
// Evaluations

export const EVALUATION_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export const EvaluationStatusSchema = z.enum(EVALUATION_STATUSES).meta({ id: 'EvaluationStatus' });
export type EvaluationStatus = z.infer<typeof EvaluationStatusSchema>;

/** Statuses in which the author's side may still change an evaluation. */
export const EDITABLE_EVALUATION_STATUSES: readonly EvaluationStatus[] = ['draft', 'returned'];

export const EVALUATION_TRANSITIONS = ['submit', 'approve', 'return'] as const;
export type EvaluationTransition = (typeof EVALUATION_TRANSITIONS)[number];

/** The workflow: each transition and the statuses it may start from. */
export const EVALUATION_WORKFLOW: Record<EvaluationTransition, { from: readonly EvaluationStatus[]; to: EvaluationStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
};

export function canEvaluationTransition(status: EvaluationStatus, transition: EvaluationTransition): boolean {
  return EVALUATION_WORKFLOW[transition].from.includes(status);
}

const DateSchema = calendarDate(1900).meta({ id: 'Date', description: 'A calendar date, YYYY-MM-DD' });
const note = (max: number) => z.string().trim().max(max);

export const AnswerSchema = z
  .strictObject({
    score: int32(INT32_MIN).min(0).max(10).nullable().default(null).describe('A value of the criterion’s scale; null: not scored yet'),
    evidence: note(5000).default('').describe('What the score rests on: documents, interviews, figures'),
    indicatorValue: z.number().min(0).max(1_000_000).nullable().default(null).describe('The indicator’s value, filled from the directory'),
  })
  .meta({ id: 'Answer' });
export type Answer = z.infer<typeof AnswerSchema>;
export type AnswerInput = z.input<typeof AnswerSchema>;

export const AnswersSchema = z.record(EvaluationKeySchema, AnswerSchema).describe('Per criterion key');
export type Answers = z.infer<typeof AnswersSchema>;

export const ActionItemSchema = z
  .strictObject({
    text: z.string().trim().min(1).max(2000).describe('The recommendation'),
    owner: note(200).default('').describe('Who carries it out (required to submit)'),
    dueDate: DateSchema.nullable().default(null).describe('By when (required to submit)'),
  })
  .meta({ id: 'ActionItem', description: 'A recommendation that became an action item' });
export type ActionItem = z.infer<typeof ActionItemSchema>;

export const WorkflowEventSchema = z
  .object({
    action: z.enum(EVALUATION_TRANSITIONS),
    at: TimestampSchema,
    byId: IdSchema,
    byName: PersonNameTextSchema,
    reason: ReasonTextSchema.nullable(),
  })
  .meta({ id: 'EvaluationWorkflowEvent' });
export type WorkflowEvent = z.infer<typeof WorkflowEventSchema>;

export const DimensionResultSchema = z
  .object({
    key: KeyTextSchema,
    score: z.number().nullable().describe('0–100, one decimal; null when nothing weighted is scored'),
    weight: z.number(),
    answered: int32(INT32_MIN),
    total: int32(INT32_MIN),
  })
  .meta({ id: 'DimensionResult' });
export type DimensionResult = z.infer<typeof DimensionResultSchema>;

export const EvaluationResultSchema = z
  .object({
    dimensions: boundedArray(DimensionResultSchema, DIMENSIONS_MAX),
    overall: z.number().nullable().describe('0–100, one decimal'),
    maturity: KeyTextSchema.nullable().describe('Key of the maturity level reached'),
    answered: int32(INT32_MIN),
    total: int32(INT32_MIN),
    ignored: boundedArray(KeyTextSchema, CRITERIA_MAX).describe('Answer keys that are not criteria of this framework version'),
  })
  .meta({ id: 'EvaluationResult' });
export type EvaluationResult = z.infer<typeof EvaluationResultSchema>;

export const EvaluationSchema = z
  .object({
    id: IdSchema,
    clusterId: IdSchema,
    clusterName: I18nTextSchema,
    partner: PartnerCodeSchema.describe('The partner the evaluation belongs to: the cluster’s supporting partner'),
    framework: z.object({ id: IdSchema, code: KeyTextSchema, number: int32(INT32_MIN), name: I18nTextSchema }),
    evaluatorId: IdSchema,
    evaluatorName: PersonNameTextSchema,
    authorId: IdSchema,
    evaluatedOn: DateSchema,
    language: LocaleSchema.describe('Language the notes are written in'),
    status: EvaluationStatusSchema,
    answers: AnswersSchema,
    strengths: boundedText(10_000),
    weaknesses: boundedText(10_000),
    recommendations: boundedArray(ActionItemSchema, 50),
    returnReason: ReasonTextSchema.nullable().describe('Why the last review returned it'),
    history: boundedArray(WorkflowEventSchema, EMBEDDED_LIST_MAX),
    result: EvaluationResultSchema,
    ...versionedRecordFields,
  })
  .meta({ id: 'Evaluation' });
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const EvaluationSummarySchema = EvaluationSchema.pick({
  id: true,
  clusterId: true,
  clusterName: true,
  partner: true,
  framework: true,
  evaluatorId: true,
  evaluatorName: true,
  evaluatedOn: true,
  status: true,
  version: true,
  updatedAt: true,
})
  .extend({ overall: z.number().nullable(), maturity: KeyTextSchema.nullable() })
  .meta({ id: 'EvaluationSummary' });
export type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>;

const editable = {
  evaluatorId: IdSchema.describe('A staff member who may edit evaluations'),
  evaluatedOn: DateSchema,
  language: LocaleSchema,
  answers: AnswersSchema,
  strengths: note(10_000),
  weaknesses: note(10_000),
  recommendations: boundedArray(ActionItemSchema, 50),
};

export const EvaluationCreateSchema = z
  .strictObject({
    clusterId: IdSchema,
    frameworkId: IdSchema.optional().describe('A published framework version; default: the current version of the default framework'),
    ...editable,
    evaluatorId: editable.evaluatorId.optional().describe('Default: the caller'),
    evaluatedOn: editable.evaluatedOn.optional().describe('Default: today'),
    language: editable.language.default('de'),
    answers: editable.answers.optional().describe('Default: indicator values filled from the directory'),
    strengths: editable.strengths.default(''),
    weaknesses: editable.weaknesses.default(''),
    recommendations: editable.recommendations.default([]),
  })
  .meta({ id: 'EvaluationCreate' });
export type EvaluationCreate = z.input<typeof EvaluationCreateSchema>;

export const EvaluationUpdateSchema = z
  .strictObject(editable)
  .partial()
  .meta({ id: 'EvaluationUpdate', description: 'Drafts and returned evaluations only; `answers` replaces all answers' });
export type EvaluationUpdate = z.input<typeof EvaluationUpdateSchema>;

export const EvaluationReturnSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(2000) })
  .meta({ id: 'EvaluationReturn', description: 'Why the evaluation goes back to its author' });
export type EvaluationReturn = z.infer<typeof EvaluationReturnSchema>;

export const EvaluationListQuerySchema = PaginationQuerySchema.extend({
  clusterId: IdSchema.optional(),
  status: EvaluationStatusSchema.optional(),
  frameworkCode: EvaluationKeySchema.optional(),
});
export type EvaluationListQuery = z.infer<typeof EvaluationListQuerySchema>;

export const EvaluationPageSchema = pageSchema(EvaluationSummarySchema, 'EvaluationPage');
export type EvaluationPage = z.infer<typeof EvaluationPageSchema>;

// ---------------------------------------------------------------------------------------------
// Comparison and progress

export const CohortPositionSchema = z
  .object({
    key: KeyTextSchema.describe('Dimension key, or `overall`'),
    score: z.number().nullable(),
    median: z.number().nullable().describe('Median of the cohort'),
    percentile: z.number().nullable().describe('Percentile rank in the cohort: share below plus half the share equal, 0–100'),
    cohortSize: int32(INT32_MIN).describe('Evaluations in the cohort with a score here'),
  })
  .meta({ id: 'CohortPosition' });
export type CohortPosition = z.infer<typeof CohortPositionSchema>;

export const ScoreChangeSchema = z
  .object({
    key: KeyTextSchema,
    score: z.number().nullable(),
    previous: z.number().nullable(),
    change: z.number().nullable(),
    presence: z.enum(['both', 'new', 'dropped']).describe('In both versions, only in this one, or only in the previous one'),
  })
  .meta({ id: 'ScoreChange' });
export type ScoreChange = z.infer<typeof ScoreChangeSchema>;

export const TargetGapSchema = z
  .object({
    key: KeyTextSchema,
    score: z.number().nullable(),
    target: z.number(),
    gap: z.number().nullable().describe('Target minus score; 0 when met'),
    met: z.boolean(),
  })
  .meta({ id: 'TargetGap' });
export type TargetGap = z.infer<typeof TargetGapSchema>;

export const EvaluationComparisonSchema = z
  .object({
    evaluationId: IdSchema,
    cohort: z.object({
      size: int32(INT32_MIN).describe('Clusters compared: the latest approved evaluation of each, in the same framework'),
      provisional: z.boolean().describe('This evaluation is not approved yet: it is compared, not counted'),
      dimensions: boundedArray(CohortPositionSchema, DIMENSIONS_MAX + 1),
      overall: CohortPositionSchema,
    }),
    previous: z
      .object({
        evaluation: EvaluationSummarySchema,
        dimensions: boundedArray(ScoreChangeSchema, DIMENSIONS_MAX + 1),
        overall: ScoreChangeSchema,
        criteria: boundedArray(ScoreChangeSchema.extend({ dimensionKey: KeyTextSchema }), CRITERIA_MAX),
      })
      .nullable()
      .describe('The cluster’s approved evaluation before this one'),
    target: z
      .object({
        key: KeyTextSchema,
        label: I18nTextSchema,
        dimensions: boundedArray(TargetGapSchema, DIMENSIONS_MAX),
        overall: TargetGapSchema.nullable(),
        met: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'EvaluationComparison' });
export type EvaluationComparison = z.infer<typeof EvaluationComparisonSchema>;

export const EvaluationComparisonQuerySchema = z.strictObject({
  target: EvaluationKeySchema.optional().describe('Key of a target profile of the framework; default: its first'),
});

export const EvaluationProgressSchema = z
  .object({
    target: int32(INT32_MIN).describe('Clusters the project evaluates'),
    evaluatedClusters: int32(INT32_MIN).describe('Clusters with at least one approved evaluation'),
    clusters: boundedArray(
      z.object({
        clusterId: IdSchema,
        clusterName: I18nTextSchema,
        partner: PartnerCodeSchema,
        latestApproved: EvaluationSummarySchema.nullable(),
        open: EvaluationSummarySchema.nullable().describe('The newest evaluation not approved yet'),
      }),
      EMBEDDED_LIST_MAX,
    ),
  })
  .meta({ id: 'EvaluationProgress' });
export type EvaluationProgress = z.infer<typeof EvaluationProgressSchema>;
