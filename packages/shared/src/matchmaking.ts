import { z } from 'zod';
import {
  COUNTRIES,
  CountrySchema,
  I18nLongTextSchema,
  I18nTextSchema,
  IdSchema,
  multiValue,
  pageSchema,
  PaginationQuerySchema,
  QueryBooleanSchema,
  TimestampSchema,
  versionedRecordFields,
  type Country,
  distinct,
  INT32_MIN,
  int32,
  queryInt32,
  boundedArray,
  boundedText,
  NameTextSchema,
  CountryListSchema,
  CodeListSchema,
  LocalizedNameSchema,
  PersonNameTextSchema,
  ReasonTextSchema,
  NoteTextSchema,
  EMBEDDED_LIST_MAX,
  calendarDate,
  IsoDateSchema,
} from './common.js';
import { ORGANISATION_TYPES, OrganisationTypeSchema, type OrganisationType } from './organisations.js';
import { PartnerCodeSchema } from './partners.js';
import { naceSectionOf, NaceCodeSchema, Ris3CodeSchema } from './taxonomies.js';

/**
 * Partner matchmaking: cooperation profiles (offers and requests of organisations and clusters),
 * the ranking of candidate partners with an explanation of every score, and matches that staff
 * follow from a proposal to an agreed cooperation.
 */
export const MATCHMAKING_ERROR_CODES = [
  'PROFILE_NOT_FOUND',
  'MATCH_NOT_FOUND',
  'MATCH_PARTY_NOT_FOUND',
  'MATCH_SAME_PARTY',
  'MATCH_OUTCOME_NOT_AGREED',
] as const;

// ---------------------------------------------------------------------------------------------
// Cooperation profiles

export const PROFILE_KINDS = ['offer', 'request'] as const;
export const ProfileKindSchema = z
  .enum(PROFILE_KINDS)
  .meta({ id: 'ProfileKind', description: 'offer: what the owner offers · request: what it looks for' });
export type ProfileKind = z.infer<typeof ProfileKindSchema>;

export const PROFILE_TYPES = ['business', 'technology', 'research', 'project_partner'] as const;
export const ProfileTypeSchema = z.enum(PROFILE_TYPES).meta({
  id: 'ProfileType',
  description:
    'business: business cooperation · technology: technology transfer · research: research and development · project_partner: a partner for a funded project',
});
export type ProfileType = z.infer<typeof ProfileTypeSchema>;

export const PROFILE_STATUSES = ['draft', 'published', 'closed'] as const;
export const ProfileStatusSchema = z
  .enum(PROFILE_STATUSES)
  .meta({ id: 'ProfileStatus', description: 'Only published profiles that have not expired take part in the matching' });
export type ProfileStatus = z.infer<typeof ProfileStatusSchema>;

/** Who a profile, a candidate or a party of a match is. */
export const PARTY_KINDS = ['organisation', 'cluster', 'profile'] as const;
export const PartyKindSchema = z.enum(PARTY_KINDS).meta({ id: 'PartyKind' });
export type PartyKind = z.infer<typeof PartyKindSchema>;

export const OWNER_KINDS = ['organisation', 'cluster'] as const;
export const ProfileOwnerKindSchema = z.enum(OWNER_KINDS).meta({ id: 'ProfileOwnerKind' });
export type ProfileOwnerKind = z.infer<typeof ProfileOwnerKindSchema>;

const ProfileDateSchema = calendarDate(2000);

const profileFields = {
  kind: ProfileKindSchema,
  type: ProfileTypeSchema,
  ownerKind: ProfileOwnerKindSchema,
  ownerId: IdSchema.describe('The organisation or cluster whose offer or request this is'),
  title: I18nTextSchema,
  description: I18nLongTextSchema,
  keywords: distinct(z.string().trim().min(2).max(60), 20).describe('Topics in words, in any of de, pl, en'),
  sectors: distinct(NaceCodeSchema, 20).describe('NACE sections or divisions'),
  ris3Areas: distinct(Ris3CodeSchema, 13),
  targetCountries: distinct(CountrySchema, 2).describe('Where partners are sought; empty: anywhere'),
  validUntil: ProfileDateSchema.nullable().describe('Last day the profile takes part in the matching; null: no end'),
  status: ProfileStatusSchema,
  partner: PartnerCodeSchema.describe('Project partner that maintains the profile'),
};

export const ProfileSchema = z
  .object({
    id: IdSchema,
    ...profileFields,
    ownerName: NameTextSchema.describe('Name of the organisation or cluster, in its first language'),
    ownerCountries: CountryListSchema,
    expired: z.boolean().describe('validUntil lies in the past'),
    ...versionedRecordFields,
  })
  .meta({ id: 'Profile' });
export type Profile = z.infer<typeof ProfileSchema>;

export const ProfileCreateSchema = z
  .strictObject({
    ...profileFields,
    description: I18nLongTextSchema.default({}),
    keywords: profileFields.keywords.default([]),
    sectors: profileFields.sectors.default([]),
    ris3Areas: profileFields.ris3Areas.default([]),
    targetCountries: profileFields.targetCountries.default([]),
    validUntil: profileFields.validUntil.default(null),
    status: ProfileStatusSchema.default('draft'),
  })
  .meta({ id: 'ProfileCreate' });
export type ProfileCreate = z.input<typeof ProfileCreateSchema>;
export type ProfileCreateData = z.output<typeof ProfileCreateSchema>;

export const ProfileUpdateSchema = z
  .strictObject(profileFields)
  .omit({ ownerKind: true, ownerId: true })
  .partial()
  .meta({ id: 'ProfileUpdate', description: 'Only the fields present are changed; the owner stays' });
export type ProfileUpdate = z.infer<typeof ProfileUpdateSchema>;

export const ProfileListQuerySchema = PaginationQuerySchema.extend({
  kind: ProfileKindSchema.optional(),
  type: multiValue(ProfileTypeSchema, 4),
  status: multiValue(ProfileStatusSchema, 3),
  ownerId: IdSchema.optional().describe('Profiles of this organisation or cluster'),
  active: QueryBooleanSchema.optional().describe('true: published and not expired (what the matching sees)'),
});
export type ProfileListQuery = z.infer<typeof ProfileListQuerySchema>;

export const ProfilePageSchema = pageSchema(ProfileSchema, 'ProfilePage');
export type ProfilePage = z.infer<typeof ProfilePageSchema>;

/** Whether a profile takes part in the matching on a day (ISO date). */
export function profileIsActive(p: { status: ProfileStatus; validUntil: string | null }, today: string): boolean {
  return p.status === 'published' && (p.validUntil === null || p.validUntil >= today);
}

// ---------------------------------------------------------------------------------------------
// Weights

export const MATCH_COMPONENTS = ['complementarity', 'sector', 'ris3', 'crossBorder', 'language', 'orgType'] as const;
export const MatchComponentKeySchema = z.enum(MATCH_COMPONENTS).meta({
  id: 'MatchComponentKey',
  description:
    'complementarity: what one side offers, the other requests (keywords, sectors, text) · sector: same NACE division (full) or section (half) · ris3: shared smart-specialisation areas · crossBorder: the other side of the border · language: a shared working language · orgType: organisation types that fit (e.g. an SME and a research institution)',
});
export type MatchComponentKey = z.infer<typeof MatchComponentKeySchema>;

const WeightSchema = int32(INT32_MIN).min(0).max(100);
export const MatchWeightsSchema = z
  .strictObject({
    complementarity: WeightSchema,
    sector: WeightSchema,
    ris3: WeightSchema,
    crossBorder: WeightSchema,
    language: WeightSchema,
    orgType: WeightSchema,
  })
  .refine((w) => MATCH_COMPONENTS.some((k) => w[k] > 0), {
    message: 'At least one weight must be above 0',
    params: { code: 'weights_all_zero' },
  })
  .meta({ id: 'MatchWeights', description: 'Relative weights of the components (0–100 each); the score scales them to 0–100' });
export type MatchWeights = z.infer<typeof MatchWeightsSchema>;

export const DEFAULT_MATCH_WEIGHTS: MatchWeights = {
  complementarity: 35,
  sector: 20,
  ris3: 10,
  crossBorder: 15,
  language: 10,
  orgType: 10,
};

export const MatchWeightsRecordSchema = z
  .object({
    weights: MatchWeightsSchema,
    version: int32(INT32_MIN),
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'MatchWeightsRecord' });
export type MatchWeightsRecord = z.infer<typeof MatchWeightsRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Scoring

/**
 * What the ranking knows of a party (organisation, cluster or profile). `offerTerms` and
 * `requestTerms` are the folded words of what the party offers and looks for (keywords and texts
 * in every language, tokenised by the database's `eur_match_terms`), plus `nace:<code>` for the
 * sectors of a request profile and of what an offer or an organisation does.
 */
export interface MatchParty {
  kind: PartyKind;
  id: string;
  /** The organisation or cluster behind the party (`organisation:<id>`, `cluster:<id>`). */
  ownerKey: string;
  countries: readonly Country[];
  orgTypes: readonly OrganisationType[];
  languages: readonly string[];
  sectors: readonly string[];
  ris3Areas: readonly string[];
  offerTerms: readonly string[];
  requestTerms: readonly string[];
  /** Clusters the party belongs to (a cluster: itself). */
  clusterIds: readonly string[];
  /** A profile's target countries; empty: anywhere. */
  targetCountries: readonly Country[];
  /** False for profiles that are not published or have expired. */
  available: boolean;
}

/** How well two organisation types fit together (symmetric, 0–1). */
export const ORG_TYPE_FIT: Readonly<Record<OrganisationType, Readonly<Record<OrganisationType, number>>>> = {
  sme: { sme: 0.5, large: 0.75, research: 1, chamber: 0.5, public: 0.25, cluster_management: 0.5 },
  large: { sme: 0.75, large: 0.25, research: 1, chamber: 0.25, public: 0.25, cluster_management: 0.5 },
  research: { sme: 1, large: 1, research: 0.5, chamber: 0.25, public: 0.5, cluster_management: 0.5 },
  chamber: { sme: 0.5, large: 0.25, research: 0.25, chamber: 0.5, public: 0.25, cluster_management: 0.5 },
  public: { sme: 0.25, large: 0.25, research: 0.5, chamber: 0.25, public: 0.25, cluster_management: 0.5 },
  cluster_management: { sme: 0.5, large: 0.5, research: 0.5, chamber: 0.5, public: 0.5, cluster_management: 0.75 },
};

/** Shared terms at which complementarity counts in full. */
export const COMPLEMENTARITY_SATURATION = 3;

export const MatchComponentSchema = z
  .object({
    key: MatchComponentKeySchema,
    weight: int32(INT32_MIN).describe('The weight in force'),
    fraction: z.number().min(0).max(1).describe('How far the component is met, 0–1'),
    points: int32(INT32_MIN).describe('Its contribution; the points of all components add up to the score'),
    details: boundedArray(boundedText(100), EMBEDDED_LIST_MAX).describe(
      'What it rests on: shared terms, sectors, areas, countries, languages or types',
    ),
  })
  .meta({ id: 'MatchComponent' });
export type MatchComponent = z.infer<typeof MatchComponentSchema>;

export interface MatchScore {
  score: number;
  /** The unrounded score; ranks ties of the rounded one. */
  raw: number;
  components: MatchComponent[];
}

const intersect = <T>(a: readonly T[], b: readonly T[]): T[] => {
  const set = new Set(b);
  return [...new Set(a.filter((x) => set.has(x)))];
};

function sectorProximity(a: readonly string[], b: readonly string[]): { fraction: number; details: string[] } {
  const divisions = intersect(
    a.filter((c) => /^\d{2}$/.test(c)),
    b.filter((c) => /^\d{2}$/.test(c)),
  ).sort();
  if (divisions.length) return { fraction: 1, details: divisions };
  const sections = intersect(
    a.map((c) => naceSectionOf(c)).filter((s): s is string => !!s),
    b.map((c) => naceSectionOf(c)).filter((s): s is string => !!s),
  ).sort();
  return sections.length ? { fraction: 0.5, details: sections } : { fraction: 0, details: [] };
}

/**
 * Splits 100 × weighted fractions into integer points that add up exactly to the rounded sum
 * (largest remainder first; earlier components win ties).
 */
function apportion(raws: number[]): { score: number; points: number[] } {
  const total = raws.reduce((s, r) => s + r, 0);
  const score = Math.round(total);
  const points = raws.map((r) => Math.floor(r + 1e-9));
  let left = score - points.reduce((s, p) => s + p, 0);
  const order = raws.map((r, i) => ({ i, rest: r - points[i]! })).sort((x, y) => y.rest - x.rest || x.i - y.i);
  for (const { i } of order) {
    if (left <= 0) break;
    points[i]! += 1;
    left--;
  }
  return { score, points };
}

/**
 * The score of `candidate` as a partner for `subject`, 0–100, with each component's fraction and
 * its contribution. One function for the API and the benchmark's baseline.
 */
export function scoreMatch(subject: MatchParty, candidate: MatchParty, weights: MatchWeights): MatchScore {
  const matched = [
    ...new Set([...intersect(subject.offerTerms, candidate.requestTerms), ...intersect(subject.requestTerms, candidate.offerTerms)]),
  ].sort();
  const sector = sectorProximity(subject.sectors, candidate.sectors);
  const ris3 = intersect(subject.ris3Areas, candidate.ris3Areas).sort();
  const ris3Fraction = ris3.length ? ris3.length / Math.min(subject.ris3Areas.length, candidate.ris3Areas.length) : 0;
  const otherSide = COUNTRIES.filter(
    (c) =>
      (candidate.countries.includes(c) && !subject.countries.includes(c)) ||
      (subject.countries.includes(c) && !candidate.countries.includes(c)),
  );
  const crossBorder = subject.countries.length > 0 && candidate.countries.length > 0 && otherSide.length > 0;
  const languages = intersect(subject.languages, candidate.languages).sort();
  let typeFit = 0;
  let typePair: string[] = [];
  for (const a of subject.orgTypes) {
    for (const b of candidate.orgTypes) {
      if (ORG_TYPE_FIT[a][b] > typeFit) {
        typeFit = ORG_TYPE_FIT[a][b];
        typePair = [a, b];
      }
    }
  }
  const fractions: Record<MatchComponentKey, { fraction: number; details: string[] }> = {
    complementarity: { fraction: Math.min(1, matched.length / COMPLEMENTARITY_SATURATION), details: matched },
    sector,
    ris3: { fraction: ris3Fraction, details: ris3 },
    crossBorder: {
      fraction: crossBorder ? 1 : 0,
      details: crossBorder ? [...subject.countries, ...candidate.countries].filter((c, i, a) => a.indexOf(c) === i).sort() : [],
    },
    language: { fraction: languages.length ? 1 : 0, details: languages },
    orgType: { fraction: typeFit, details: typePair },
  };
  const total = MATCH_COMPONENTS.reduce((s, k) => s + weights[k], 0);
  const raws = MATCH_COMPONENTS.map((k) => (total > 0 ? (100 * weights[k] * fractions[k].fraction) / total : 0));
  const { score, points } = apportion(raws);
  return {
    score,
    raw: raws.reduce((s, r) => s + r, 0),
    components: MATCH_COMPONENTS.map((key, i) => ({
      key,
      weight: weights[key],
      fraction: Math.round(fractions[key].fraction * 1000) / 1000,
      points: points[i]!,
      details: fractions[key].details.slice(0, 12),
    })),
  };
}

export const EXCLUSION_REASONS = ['same_party', 'unavailable', 'same_cluster', 'target_country'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/**
 * Why a candidate cannot be ranked for a subject, or null: the same organisation or cluster
 * behind both, a profile that is not published or has expired, organisations already in the same
 * cluster (unless asked to keep them), or countries either side's profile does not target.
 */
export function matchExclusion(
  subject: MatchParty,
  candidate: MatchParty,
  options: { excludeSameCluster: boolean },
): ExclusionReason | null {
  if (candidate.ownerKey === subject.ownerKey) return 'same_party';
  if (!candidate.available) return 'unavailable';
  if (options.excludeSameCluster && intersect(subject.clusterIds, candidate.clusterIds).length) return 'same_cluster';
  if (subject.targetCountries.length && !candidate.countries.some((c) => subject.targetCountries.includes(c))) return 'target_country';
  if (candidate.targetCountries.length && !subject.countries.some((c) => candidate.targetCountries.includes(c))) return 'target_country';
  return null;
}

/** Best first: the higher unrounded score, then the party kind and id (a stable order for equal scores). */
export function compareCandidates(
  a: { raw: number; kind: PartyKind; id: string },
  b: { raw: number; kind: PartyKind; id: string },
): number {
  return b.raw - a.raw || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The filters of a candidate search, applied the same way by the database and by a full scan. */
export interface CandidateFilters {
  kind?: readonly PartyKind[] | undefined;
  country?: Country | undefined;
  type?: readonly OrganisationType[] | undefined;
  sector?: readonly string[] | undefined;
  minScore?: number | undefined;
  excludeSameCluster: boolean;
}

/** Whether a candidate passes the filters that do not depend on its score. */
export function passesCandidateFilters(candidate: MatchParty, f: CandidateFilters): boolean {
  if (f.kind?.length && !f.kind.includes(candidate.kind)) return false;
  if (f.country && !candidate.countries.includes(f.country)) return false;
  if (f.type?.length && !candidate.orgTypes.some((t) => f.type!.includes(t))) return false;
  if (f.sector?.length) {
    const wanted = f.sector;
    const hit = candidate.sectors.some((c) => wanted.some((s) => c === s || (/^[A-U]$/.test(s) && naceSectionOf(c) === s)));
    if (!hit) return false;
  }
  return true;
}

/** Components of which at least one must be met for a candidate to be a suggestion at all. */
export const TOPICAL_COMPONENTS: readonly MatchComponentKey[] = ['complementarity', 'sector', 'ris3'];

/**
 * Whether two parties have a topic in common (complementary offers and requests, a sector or a
 * smart-specialisation area): being across the border, sharing a language or fitting types alone
 * makes no partner suggestion.
 */
export function isRelevantMatch(score: MatchScore): boolean {
  return score.components.some((c) => TOPICAL_COMPONENTS.includes(c.key) && c.fraction > 0);
}

/**
 * The highest unrounded score a candidate can reach that meets no topical component beyond a
 * sector of the same NACE section: what a search may stop at once its last place scores above it.
 */
export function scoreBoundWithoutTopics(weights: MatchWeights, sameSection: boolean): number {
  const total = MATCH_COMPONENTS.reduce((s, k) => s + weights[k], 0);
  if (total === 0) return 0;
  const rest = weights.crossBorder + weights.language + weights.orgType + (sameSection ? weights.sector / 2 : 0);
  return (100 * rest) / total;
}

/** The straightforward ranking: every candidate scored, the best `limit` kept. */
export function rankCandidates(
  subject: MatchParty,
  candidates: Iterable<MatchParty>,
  weights: MatchWeights,
  filters: CandidateFilters,
  limit: number,
): { party: MatchParty; score: MatchScore }[] {
  const ranked: { party: MatchParty; score: MatchScore }[] = [];
  for (const party of candidates) {
    if (matchExclusion(subject, party, filters) || !passesCandidateFilters(party, filters)) continue;
    const score = scoreMatch(subject, party, weights);
    if (!isRelevantMatch(score)) continue;
    if (filters.minScore !== undefined && score.score < filters.minScore) continue;
    ranked.push({ party, score });
  }
  ranked.sort((a, b) => compareCandidates({ raw: a.score.raw, ...a.party }, { raw: b.score.raw, ...b.party }));
  return ranked.slice(0, limit);
}

export const CandidateQuerySchema = z.strictObject({
  for: IdSchema.describe('The organisation, cluster or profile to find partners for'),
  kind: multiValue(PartyKindSchema, 3).describe('Kinds of candidate: organisation, cluster, profile'),
  country: CountrySchema.optional(),
  type: multiValue(OrganisationTypeSchema, 6).describe(
    'Organisation types (a cluster counts as cluster_management; a profile as its owner)',
  ),
  sector: multiValue(NaceCodeSchema).describe('Candidates active in any of these sectors (a section includes its divisions)'),
  minScore: queryInt32(INT32_MIN).min(0).max(100).optional(),
  excludeSameCluster: QueryBooleanSchema.default(true).describe('Leave out organisations already in a cluster with the subject'),
  limit: queryInt32(INT32_MIN).min(1).max(100).default(20),
});
export type CandidateQuery = z.infer<typeof CandidateQuerySchema>;

export const PartySummarySchema = z
  .object({
    kind: PartyKindSchema,
    id: IdSchema,
    name: LocalizedNameSchema,
    countries: CountryListSchema,
    orgTypes: boundedArray(OrganisationTypeSchema, ORGANISATION_TYPES.length),
    sectors: CodeListSchema,
    profileKind: ProfileKindSchema.nullable().describe('For a profile: offer or request'),
  })
  .meta({ id: 'PartySummary' });
export type PartySummary = z.infer<typeof PartySummarySchema>;

export const CandidateSchema = z
  .object({
    party: PartySummarySchema,
    score: int32(INT32_MIN).min(0).max(100),
    components: boundedArray(MatchComponentSchema, MATCH_COMPONENTS.length).describe('The points add up to the score'),
  })
  .meta({ id: 'Candidate' });
export type Candidate = z.infer<typeof CandidateSchema>;

export const CandidateListSchema = z
  .object({
    subject: PartySummarySchema,
    weights: MatchWeightsSchema,
    weightsVersion: int32(INT32_MIN),
    items: boundedArray(CandidateSchema, 100).describe('Best first'),
  })
  .meta({ id: 'CandidateList' });
export type CandidateList = z.infer<typeof CandidateListSchema>;

// ---------------------------------------------------------------------------------------------
// Matches

export const MATCH_STAGES = ['proposed', 'introduced', 'meeting_held', 'agreed', 'declined'] as const;
export const MatchStageSchema = z.enum(MATCH_STAGES).meta({
  id: 'MatchStage',
  description: 'proposed → introduced → meeting_held → agreed; declined (with a reason) from any stage before agreed',
});
export type MatchStage = z.infer<typeof MatchStageSchema>;

/** Every allowed move; anything else is refused with INVALID_TRANSITION. */
export const MATCH_TRANSITIONS: Readonly<Record<MatchStage, readonly MatchStage[]>> = {
  proposed: ['introduced', 'declined'],
  introduced: ['meeting_held', 'declined'],
  meeting_held: ['agreed', 'declined'],
  agreed: [],
  declined: [],
};

export function canMoveMatch(from: MatchStage, to: MatchStage): boolean {
  return MATCH_TRANSITIONS[from].includes(to);
}

export const MATCH_OUTCOMES = ['letter_of_intent', 'joint_project', 'cross_border_network'] as const;
export const MatchOutcomeSchema = z.enum(MATCH_OUTCOMES).meta({
  id: 'MatchOutcome',
  description: 'letter_of_intent · joint_project · cross_border_network: a new cross-border network',
});
export type MatchOutcome = z.infer<typeof MatchOutcomeSchema>;

export const PartyRefSchema = z.strictObject({ kind: PartyKindSchema, id: IdSchema }).meta({ id: 'PartyRef' });
export type PartyRef = z.infer<typeof PartyRefSchema>;

export const MatchStepSchema = z
  .object({
    stage: MatchStageSchema,
    at: TimestampSchema,
    by: z.object({ id: IdSchema.nullable(), name: PersonNameTextSchema.nullable() }),
    reason: ReasonTextSchema.nullable(),
  })
  .meta({ id: 'MatchStep' });
export type MatchStep = z.infer<typeof MatchStepSchema>;

export const MatchSchema = z
  .object({
    id: IdSchema,
    parties: z.tuple([PartySummarySchema, PartySummarySchema], z.never()).meta({ maxItems: 2 }),
    note: NoteTextSchema.nullable(),
    score: int32(INT32_MIN).nullable().describe('The score when the match was proposed'),
    stage: MatchStageSchema,
    crossBorder: z.boolean().describe('The parties are on both sides of the border'),
    declineReason: ReasonTextSchema.nullable(),
    outcomes: boundedArray(MatchOutcomeSchema, MATCH_OUTCOMES.length),
    steps: boundedArray(MatchStepSchema, EMBEDDED_LIST_MAX).describe('Every stage reached, oldest first'),
    partner: PartnerCodeSchema.describe('Partner whose staff proposed the match'),
    ...versionedRecordFields,
  })
  .meta({ id: 'Match' });
export type Match = z.infer<typeof MatchSchema>;

export const MatchCreateSchema = z
  .strictObject({
    parties: z.tuple([PartyRefSchema, PartyRefSchema], z.never()).meta({ maxItems: 2 }),
    note: z.string().trim().max(5000).nullable().default(null),
    score: int32(INT32_MIN).min(0).max(100).nullable().default(null),
    partner: PartnerCodeSchema.optional().describe('Default: the proposing staff member’s partner'),
  })
  .meta({ id: 'MatchCreate' });
export type MatchCreate = z.input<typeof MatchCreateSchema>;
export type MatchCreateData = z.output<typeof MatchCreateSchema>;

export const MatchUpdateSchema = z
  .strictObject({
    note: z.string().trim().max(5000).nullable(),
    outcomes: distinct(MatchOutcomeSchema, 3).describe('Only once the cooperation is agreed'),
  })
  .partial()
  .meta({ id: 'MatchUpdate' });
export type MatchUpdate = z.infer<typeof MatchUpdateSchema>;

export const MatchTransitionSchema = z
  .strictObject({
    to: MatchStageSchema,
    reason: z.string().trim().min(1).max(2000).optional().describe('Required when declining'),
  })
  .refine((t) => t.to !== 'declined' || !!t.reason, {
    message: 'Say why the match is declined',
    path: ['reason'],
    params: { code: 'reason_required' },
  })
  .meta({ id: 'MatchTransition' });
export type MatchTransition = z.infer<typeof MatchTransitionSchema>;

export const MatchListQuerySchema = PaginationQuerySchema.extend({
  stage: multiValue(MatchStageSchema, 5),
  partyId: IdSchema.optional().describe('Matches in which this organisation, cluster or profile is a party'),
});
export type MatchListQuery = z.infer<typeof MatchListQuerySchema>;

export const MatchPageSchema = pageSchema(MatchSchema, 'MatchPage');
export type MatchPage = z.infer<typeof MatchPageSchema>;

export const MatchCountsQuerySchema = z.strictObject({
  from: IsoDateSchema.optional().describe('First day of the period'),
  to: IsoDateSchema.optional().describe('Last day of the period'),
});
export type MatchCountsQuery = z.infer<typeof MatchCountsQuerySchema>;

export const MatchCountsSchema = z
  .object({
    introduced: int32(INT32_MIN).describe('Introductions made in the period'),
    introducedCrossBorder: int32(INT32_MIN),
    agreed: int32(INT32_MIN).describe('Cooperations agreed in the period'),
    agreedCrossBorder: int32(INT32_MIN),
    byStage: z.record(MatchStageSchema, int32(INT32_MIN)).describe('Matches now at each stage (whenever proposed)'),
  })
  .meta({ id: 'MatchCounts' });
export type MatchCounts = z.infer<typeof MatchCountsSchema>;
