import type {
  Answer,
  CohortPosition,
  Criterion,
  DimensionResult,
  EvaluationResult,
  FrameworkContent,
  IndicatorSource,
  ScoreChange,
  TargetGap,
  TargetProfile,
} from './evaluations.js';

/**
 * The one scoring function of the platform: the API stores and compares what it computes, and
 * the admin app shows it live while an evaluator types. Pure, no I/O.
 *
 * - A criterion's score is placed on 0–100 within its own scale (lowest level 0, highest 100).
 * - A dimension's score is the weighted mean of its scored criteria; weights are relative (they
 *   need not sum to 1), a weight of 0 makes a criterion informative only. Unanswered criteria
 *   are left out, not counted as 0: `answered`/`total` tell how complete the picture is.
 * - The overall score is the weighted mean of the dimensions that have a score.
 * - Answers to keys that are not criteria of this version (e.g. a criterion dropped since an
 *   earlier version) are ignored and listed in `ignored`; so are scores outside the scale.
 * - Scores are rounded to one decimal at the end; the maturity level follows the rounded overall.
 */
export function scoreEvaluation(framework: FrameworkContent, answers: Record<string, Partial<Answer> | undefined>): EvaluationResult {
  const known = new Set<string>();
  const ignored: string[] = [];
  let answered = 0;
  let total = 0;
  const dimensions: (DimensionResult & { exact: number | null })[] = framework.dimensions.map((dimension) => {
    let sum = 0;
    let weights = 0;
    let dimAnswered = 0;
    for (const criterion of dimension.criteria) {
      known.add(criterion.key);
      const score = answers[criterion.key]?.score;
      if (score === null || score === undefined) continue;
      const normalised = normaliseScore(criterion, score);
      if (normalised === null) {
        ignored.push(criterion.key);
        continue;
      }
      dimAnswered++;
      if (!(criterion.weight > 0)) continue;
      sum += criterion.weight * normalised;
      weights += criterion.weight;
    }
    answered += dimAnswered;
    total += dimension.criteria.length;
    const exact = weights > 0 ? sum / weights : null;
    return {
      key: dimension.key,
      score: round1(exact),
      exact,
      weight: dimension.weight,
      answered: dimAnswered,
      total: dimension.criteria.length,
    };
  });
  for (const key of Object.keys(answers)) if (!known.has(key)) ignored.push(key);

  let sum = 0;
  let weights = 0;
  for (const d of dimensions) {
    if (d.exact === null || !(d.weight > 0)) continue;
    sum += d.weight * d.exact;
    weights += d.weight;
  }
  const overall = round1(weights > 0 ? sum / weights : null);
  return {
    dimensions: dimensions.map(({ exact: _exact, ...d }) => d),
    overall,
    maturity: maturityOf(framework, overall),
    answered,
    total,
    ignored: ignored.sort(),
  };
}

/** A score on 0–100 within the criterion's scale; null when the value is not a level of it. */
export function normaliseScore(criterion: Pick<Criterion, 'scale'>, score: number): number | null {
  const values = criterion.scale.map((l) => l.value);
  if (!values.includes(score)) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  return max === min ? 0 : ((score - min) / (max - min)) * 100;
}

/** The highest maturity level whose minimum the overall score reaches. */
export function maturityOf(framework: Pick<FrameworkContent, 'maturityLevels'>, overall: number | null): string | null {
  if (overall === null) return null;
  let reached: string | null = null;
  for (const level of [...framework.maturityLevels].sort((a, b) => a.minScore - b.minScore)) {
    if (overall >= level.minScore) reached = level.key;
  }
  return reached;
}

/**
 * The scale level an indicator value suggests: the highest level whose threshold the value
 * reaches (thresholds belong to the levels above the first). The evaluator decides the score.
 */
export function suggestedScore(criterion: Pick<Criterion, 'scale' | 'indicator'>, value: number | null | undefined): number | null {
  const thresholds = criterion.indicator?.thresholds;
  if (value === null || value === undefined || !thresholds || thresholds.length !== criterion.scale.length - 1) return null;
  let level = 0;
  thresholds.forEach((t, i) => {
    if (value >= t) level = i + 1;
  });
  return criterion.scale[level]!.value;
}

export function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** The median; null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Percentile rank of a value in a cohort that contains it: the share of the cohort below it
 * plus half the share equal to it, 0–100 (the mid-rank definition, so ties share a rank and
 * a cohort of one sits at 50).
 */
export function percentileRank(value: number, cohort: readonly number[]): number | null {
  if (!cohort.length) return null;
  const below = cohort.filter((v) => v < value).length;
  const equal = cohort.filter((v) => v === value).length;
  return round1(((below + equal / 2) / cohort.length) * 100);
}

/**
 * Position per dimension (and overall) in a cohort of results, which should include `own`.
 * Dimensions are matched by key, so results of different versions of one framework compare.
 */
export function cohortPositions(
  own: EvaluationResult,
  cohort: readonly EvaluationResult[],
): { dimensions: CohortPosition[]; overall: CohortPosition } {
  const position = (key: string, score: number | null, values: number[]): CohortPosition => ({
    key,
    score,
    median: round1(median(values)),
    percentile: score === null ? null : percentileRank(score, values),
    cohortSize: values.length,
  });
  const scoresOf = (key: string) =>
    cohort.map((r) => r.dimensions.find((d) => d.key === key)?.score).filter((s): s is number => typeof s === 'number');
  return {
    dimensions: own.dimensions.map((d) => position(d.key, d.score, scoresOf(d.key))),
    overall: position(
      'overall',
      own.overall,
      cohort.map((r) => r.overall).filter((s): s is number => s !== null),
    ),
  };
}

function change(key: string, score: number | null | undefined, previous: number | null | undefined): ScoreChange {
  const presence = score === undefined ? 'dropped' : previous === undefined ? 'new' : 'both';
  const s = score ?? null;
  const p = previous ?? null;
  return { key, score: s, previous: p, change: s !== null && p !== null ? round1(s - p) : null, presence };
}

/**
 * Change since an earlier result, per dimension and overall. Dimensions match by key; one that
 * exists only in one of the two versions is marked `new` or `dropped`.
 */
export function changeSince(current: EvaluationResult, previous: EvaluationResult): { dimensions: ScoreChange[]; overall: ScoreChange } {
  const keys = [
    ...current.dimensions.map((d) => d.key),
    ...previous.dimensions.map((d) => d.key).filter((k) => !current.dimensions.some((d) => d.key === k)),
  ];
  return {
    dimensions: keys.map((key) =>
      change(key, current.dimensions.find((d) => d.key === key)?.score, previous.dimensions.find((d) => d.key === key)?.score),
    ),
    overall: change('overall', current.overall, previous.overall),
  };
}

/** Scores of single criteria on 0–100, by key, for a side-by-side of two evaluations. */
export function criterionScores(framework: FrameworkContent, answers: Record<string, Partial<Answer> | undefined>) {
  const out = new Map<string, { dimensionKey: string; score: number | null }>();
  for (const d of framework.dimensions) {
    for (const c of d.criteria) {
      const score = answers[c.key]?.score;
      out.set(c.key, { dimensionKey: d.key, score: score === null || score === undefined ? null : round1(normaliseScore(c, score)) });
    }
  }
  return out;
}

/** How far a result is from a target profile: per dimension with a target, and overall. */
export function gapToTarget(
  result: EvaluationResult,
  profile: TargetProfile,
): { dimensions: TargetGap[]; overall: TargetGap | null; met: boolean } {
  const gap = (key: string, score: number | null, target: number): TargetGap => {
    const met = score !== null && score >= target;
    return { key, score, target, gap: score === null ? null : met ? 0 : round1(target - score), met };
  };
  const dimensions = result.dimensions
    .filter((d) => profile.dimensions[d.key] !== undefined)
    .map((d) => gap(d.key, d.score, profile.dimensions[d.key]!));
  const overall = profile.overall === null ? null : gap('overall', result.overall, profile.overall);
  return { dimensions, overall, met: dimensions.every((d) => d.met) && (overall?.met ?? true) };
}

/**
 * Indicator values from a cluster's members: count, shares of SMEs and research organisations,
 * and the share of members outside the cluster's main country (its coordinator's, else the
 * country most members are in). Shares are percentages with one decimal.
 */
export function directoryIndicators(members: { type: string; country: string; role: string }[]): Record<IndicatorSource, number> {
  const n = members.length;
  const share = (count: number) => (n ? Math.round((count / n) * 1000) / 10 : 0);
  const byCountry = new Map<string, number>();
  for (const m of members) byCountry.set(m.country, (byCountry.get(m.country) ?? 0) + 1);
  const main =
    members.find((m) => m.role === 'coordinator')?.country ??
    [...byCountry.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  return {
    memberCount: n,
    smeShare: share(members.filter((m) => m.type === 'sme').length),
    researchShare: share(members.filter((m) => m.type === 'research').length),
    crossBorderShare: share(members.filter((m) => m.country !== main).length),
  };
}
