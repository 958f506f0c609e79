import { describe, expect, it } from '@jest/globals';
import {
  changeSince,
  cohortPositions,
  gapToTarget,
  median,
  percentileRank,
  scoreEvaluation,
  suggestedScore,
} from './evaluation-scoring.js';
import {
  canEvaluationTransition,
  EVALUATION_STATUSES,
  EvaluationFrameworkCreateSchema,
  type Criterion,
  type Dimension,
  type EvaluationResult,
  type FrameworkContent,
} from './evaluations.js';

const scale04 = [0, 1, 2, 3, 4].map((value) => ({ value, label: { en: `Level ${value}` }, description: {} }));

const criterion = (key: string, weight = 1, scale = scale04): Criterion => ({
  key,
  text: { en: key },
  guidance: {},
  weight,
  scale,
  indicator: null,
});
const dimension = (key: string, weight: number, criteria: Criterion[]): Dimension => ({
  key,
  name: { en: key },
  description: {},
  weight,
  criteria,
});

const framework = (dimensions: Dimension[]): FrameworkContent => ({
  dimensions,
  maturityLevels: [
    { key: 'emerging', label: { en: 'Emerging' }, description: {}, minScore: 0 },
    { key: 'developing', label: { en: 'Developing' }, description: {}, minScore: 40 },
    { key: 'advanced', label: { en: 'Advanced' }, description: {}, minScore: 75 },
  ],
  targetProfiles: [],
});

const two = framework([
  dimension('structure', 1, [criterion('structure.members'), criterion('structure.smes')]),
  dimension('strategy', 1, [criterion('strategy.written'), criterion('strategy.services')]),
]);

describe('scoreEvaluation', () => {
  it('places scores on 0–100 per criterion scale and averages them by weight', () => {
    const result = scoreEvaluation(two, {
      'structure.members': { score: 4 },
      'structure.smes': { score: 2 },
      'strategy.written': { score: 1 },
      'strategy.services': { score: 1 },
    });
    expect(result.dimensions.map((d) => [d.key, d.score])).toEqual([
      ['structure', 75],
      ['strategy', 25],
    ]);
    expect(result.overall).toBe(50);
    expect(result.maturity).toBe('developing');
    expect(result).toMatchObject({ answered: 4, total: 4, ignored: [] });
  });

  it('leaves unanswered criteria out instead of counting them as zero, and says how many are missing', () => {
    const result = scoreEvaluation(two, { 'structure.members': { score: 3 }, 'strategy.written': { score: null } });
    expect(result.dimensions).toEqual([
      { key: 'structure', score: 75, weight: 1, answered: 1, total: 2 },
      { key: 'strategy', score: null, weight: 1, answered: 0, total: 2 },
    ]);
    // Only the dimension with a score counts overall.
    expect(result.overall).toBe(75);
    expect(result.maturity).toBe('advanced');
    expect(result).toMatchObject({ answered: 1, total: 4 });
  });

  it('has no score and no maturity when nothing is answered', () => {
    const result = scoreEvaluation(two, {});
    expect(result.overall).toBeNull();
    expect(result.maturity).toBeNull();
    expect(result.dimensions.every((d) => d.score === null)).toBe(true);
  });

  it('treats a zero weight as informative only, in criteria and in dimensions', () => {
    const f = framework([
      dimension('structure', 1, [criterion('structure.members', 1), criterion('structure.note', 0)]),
      dimension('context', 0, [criterion('context.only', 1)]),
    ]);
    const result = scoreEvaluation(f, {
      'structure.members': { score: 2 },
      'structure.note': { score: 4 },
      'context.only': { score: 4 },
    });
    expect(result.dimensions.find((d) => d.key === 'structure')).toMatchObject({ score: 50, answered: 2 });
    // The zero-weight dimension still shows its own score but does not move the overall one.
    expect(result.dimensions.find((d) => d.key === 'context')?.score).toBe(100);
    expect(result.overall).toBe(50);
  });

  it('gives a dimension whose criteria all weigh nothing no score rather than dividing by zero', () => {
    const f = framework([dimension('a', 1, [criterion('a.x', 0), criterion('a.y', 0)]), dimension('b', 1, [criterion('b.x')])]);
    const result = scoreEvaluation(f, { 'a.x': { score: 4 }, 'a.y': { score: 4 }, 'b.x': { score: 1 } });
    expect(result.dimensions[0]).toMatchObject({ score: null, answered: 2 });
    expect(result.overall).toBe(25);
    expect(Number.isNaN(result.overall)).toBe(false);
  });

  it('normalises weights that do not sum to 1: only their ratio counts', () => {
    const weights = (w1: number, w2: number, d1: number, d2: number) =>
      scoreEvaluation(
        framework([dimension('a', d1, [criterion('a.x', w1), criterion('a.y', w2)]), dimension('b', d2, [criterion('b.x')])]),
        { 'a.x': { score: 4 }, 'a.y': { score: 0 }, 'b.x': { score: 2 } },
      );
    const small = weights(0.25, 0.75, 0.2, 0.2);
    const large = weights(25, 75, 7, 7);
    expect(small.dimensions[0]!.score).toBe(25);
    const scores = (r: EvaluationResult) => [r.overall, ...r.dimensions.map((d) => d.score)];
    expect(scores(large)).toEqual(scores(small));
    expect(scores(small)).toEqual([37.5, 25, 50]);
    // 3:1 between dimensions: (3 × 25 + 1 × 50) / 4
    expect(weights(1, 3, 3, 1).overall).toBe(31.3);
  });

  it('ignores answers to a criterion dropped between versions and counts a new one as unanswered', () => {
    const v1 = framework([dimension('a', 1, [criterion('a.old'), criterion('a.kept')])]);
    const v2 = framework([dimension('a', 1, [criterion('a.kept'), criterion('a.new')])]);
    const answers = { 'a.old': { score: 0 }, 'a.kept': { score: 4 } };
    expect(scoreEvaluation(v1, answers).overall).toBe(50);
    const result = scoreEvaluation(v2, answers);
    expect(result.overall).toBe(100);
    expect(result.ignored).toEqual(['a.old']);
    expect(result).toMatchObject({ answered: 1, total: 2 });
  });

  it('places scores on each criterion’s own scale and ignores values that are not levels of it', () => {
    const yesNo = [0, 1].map((value) => ({ value, label: { en: String(value) }, description: {} }));
    const oneToFive = [1, 2, 3, 4, 5].map((value) => ({ value, label: { en: String(value) }, description: {} }));
    const f = framework([dimension('a', 1, [criterion('a.yes', 1, yesNo), criterion('a.five', 1, oneToFive)])]);
    expect(scoreEvaluation(f, { 'a.yes': { score: 1 }, 'a.five': { score: 3 } }).overall).toBe(75);
    const odd = scoreEvaluation(f, { 'a.yes': { score: 7 }, 'a.five': { score: 1 } });
    expect(odd.overall).toBe(0);
    expect(odd.ignored).toEqual(['a.yes']);
  });
});

describe('suggestedScore', () => {
  it('suggests the highest level whose threshold an indicator value reaches', () => {
    const c = { scale: scale04, indicator: { source: 'memberCount' as const, thresholds: [10, 20, 35, 50] } };
    expect([0, 9, 10, 34, 35, 50, 500].map((v) => suggestedScore(c, v))).toEqual([0, 0, 1, 2, 3, 4, 4]);
    expect(suggestedScore(c, null)).toBeNull();
    expect(suggestedScore({ scale: scale04, indicator: null }, 12)).toBeNull();
  });
});

describe('cohort statistics', () => {
  it('computes median and percentile rank on a small known cohort', () => {
    const cohort = [20, 40, 60, 80];
    expect(median(cohort)).toBe(50);
    expect(median([30, 10, 20])).toBe(20);
    expect(median([])).toBeNull();
    expect(cohort.map((v) => percentileRank(v, cohort))).toEqual([12.5, 37.5, 62.5, 87.5]);
    // Ties share their rank; a cohort of one sits in the middle.
    expect(percentileRank(50, [50, 50, 10, 90])).toBe(50);
    expect(percentileRank(70, [70])).toBe(50);
  });

  it('positions each dimension among the cohort, matching dimensions by key', () => {
    const result = (a: number | null, b: number, overall: number): EvaluationResult => ({
      dimensions: [
        { key: 'a', score: a, weight: 1, answered: 1, total: 1 },
        { key: 'b', score: b, weight: 1, answered: 1, total: 1 },
      ],
      overall,
      maturity: null,
      answered: 2,
      total: 2,
      ignored: [],
    });
    const own = result(60, 10, 35);
    const cohort = [own, result(20, 30, 25), result(null, 50, 50), result(80, 70, 75)];
    const positions = cohortPositions(own, cohort);
    expect(positions.dimensions).toEqual([
      { key: 'a', score: 60, median: 60, percentile: 50, cohortSize: 3 },
      { key: 'b', score: 10, median: 40, percentile: 12.5, cohortSize: 4 },
    ]);
    expect(positions.overall).toEqual({ key: 'overall', score: 35, median: 42.5, percentile: 37.5, cohortSize: 4 });
  });
});

describe('changeSince and gapToTarget', () => {
  const result = (dims: [string, number | null][], overall: number | null): EvaluationResult => ({
    dimensions: dims.map(([key, score]) => ({ key, score, weight: 1, answered: 1, total: 1 })),
    overall,
    maturity: null,
    answered: 1,
    total: 1,
    ignored: [],
  });

  it('reports the change per dimension and marks dimensions new or dropped between versions', () => {
    const changes = changeSince(
      result(
        [
          ['a', 60],
          ['c', 40],
        ],
        50,
      ),
      result(
        [
          ['a', 45.5],
          ['b', 70],
        ],
        57.8,
      ),
    );
    expect(changes.dimensions).toEqual([
      { key: 'a', score: 60, previous: 45.5, change: 14.5, presence: 'both' },
      { key: 'c', score: 40, previous: null, change: null, presence: 'new' },
      { key: 'b', score: null, previous: 70, change: null, presence: 'dropped' },
    ]);
    expect(changes.overall.change).toBe(-7.8);
  });

  it('measures the gap to a target profile and whether it is met', () => {
    const profile = { key: 'silver', label: { en: 'Silver' }, description: {}, overall: 60, dimensions: { a: 50, b: 80 } };
    const gaps = gapToTarget(
      result(
        [
          ['a', 60],
          ['b', 70],
        ],
        65,
      ),
      profile,
    );
    expect(gaps.dimensions).toEqual([
      { key: 'a', score: 60, target: 50, gap: 0, met: true },
      { key: 'b', score: 70, target: 80, gap: 10, met: false },
    ]);
    expect(gaps.overall).toEqual({ key: 'overall', score: 65, target: 60, gap: 0, met: true });
    expect(gaps.met).toBe(false);
    expect(gapToTarget(result([['a', null]], null), profile).dimensions[0]).toEqual({
      key: 'a',
      score: null,
      target: 50,
      gap: null,
      met: false,
    });
  });
});

describe('workflow', () => {
  it('allows exactly the transitions of draft → submitted → approved | returned → submitted', () => {
    const allowed = EVALUATION_STATUSES.flatMap((s) =>
      (['submit', 'approve', 'return'] as const).filter((t) => canEvaluationTransition(s, t)).map((t) => `${s}:${t}`),
    );
    expect(allowed.sort()).toEqual(['draft:submit', 'returned:submit', 'submitted:approve', 'submitted:return']);
  });
});

describe('EvaluationFrameworkCreateSchema', () => {
  const valid = {
    code: 'test',
    name: { en: 'Test' },
    dimensions: [{ key: 'a', name: { en: 'A' }, weight: 1, criteria: [{ key: 'a.x', text: { en: 'X' }, weight: 1, scale: scale04 }] }],
    maturityLevels: [{ key: 'one', label: { en: 'One' }, minScore: 0 }],
  };
  const codes = (input: unknown) => {
    const parsed = EvaluationFrameworkCreateSchema.safeParse(input);
    return parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.join('.')}:${(i as { params?: { code?: string } }).params?.code ?? i.code}`);
  };

  it('accepts a consistent framework', () => {
    expect(codes(valid)).toEqual([]);
  });

  it('refuses duplicate keys, descending scales, thresholds that do not fit and unknown target dimensions', () => {
    const criteria = [
      { key: 'a.x', text: { en: 'X' }, weight: 1, scale: [...scale04].reverse() },
      { key: 'a.x', text: { en: 'Y' }, weight: 1, scale: scale04, indicator: { source: 'smeShare', thresholds: [10, 20] } },
    ];
    expect(
      codes({
        ...valid,
        dimensions: [{ ...valid.dimensions[0], criteria }],
        maturityLevels: [{ key: 'one', label: { en: 'One' }, minScore: 10 }],
        targetProfiles: [{ key: 'gold', label: { en: 'Gold' }, dimensions: { nope: 80 } }],
      }),
    ).toEqual([
      'dimensions.0.criteria.0.scale:SCALE_NOT_ASCENDING',
      'dimensions.0.criteria.1.key:DUPLICATE_KEY',
      'dimensions.0.criteria.1.indicator.thresholds:THRESHOLDS_MISMATCH',
      'maturityLevels:MATURITY_NOT_ASCENDING',
      'targetProfiles.0.dimensions.nope:UNKNOWN_DIMENSION',
    ]);
  });
});
