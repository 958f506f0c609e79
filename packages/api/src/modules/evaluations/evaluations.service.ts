import {
  canEvaluationTransition,
  changeSince,
  cohortPositions,
  criterionScores,
  EDITABLE_EVALUATION_STATUSES,
  EDITORS,
  EVALUATION_TARGET_CLUSTERS,
  EVALUATION_WORKFLOW,
  gapToTarget,
  localDay,
  normaliseScore,
  scoreEvaluation,
  type Answers,
  type Evaluation,
  type EvaluationComparison,
  type EvaluationCreateSchema,
  type EvaluationListQuery,
  type EvaluationPage,
  type EvaluationProgress,
  type EvaluationSummary,
  type EvaluationTransition,
  type EvaluationUpdateSchema,
  type FieldError,
  type FrameworkContent,
  type ScoreChange,
} from '@euregionet/shared';
import type { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, changedMeanwhile, conflict, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import { DEFAULT_FRAMEWORK_CODE } from './default-framework.js';
import { createEvaluationRepo, type EvaluationRow } from './evaluations.repo.js';
import { frameworkNotFound } from './frameworks.service.js';

type EvaluationCreateInput = z.output<typeof EvaluationCreateSchema>;
type EvaluationUpdateInput = z.output<typeof EvaluationUpdateSchema>;

const ENTITY = 'evaluation';
const evaluationNotFound = (id: string) => notFound('EVALUATION_NOT_FOUND', `No evaluation with id ${id}`);

export function toEvaluation(row: EvaluationRow): Evaluation {
  const { framework } = row;
  return {
    id: row.id,
    clusterId: row.clusterId,
    clusterName: row.clusterName,
    partner: row.partner,
    framework: { id: framework.id, code: framework.code, number: framework.number, name: framework.name },
    evaluatorId: row.evaluatorId,
    evaluatorName: row.evaluatorName,
    authorId: row.authorId,
    evaluatedOn: row.evaluatedOn,
    language: row.language,
    status: row.status,
    answers: row.answers,
    strengths: row.strengths,
    weaknesses: row.weaknesses,
    recommendations: row.recommendations,
    returnReason: row.returnReason,
    history: row.history,
    result: scoreEvaluation(framework, row.answers),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toSummary(row: EvaluationRow): EvaluationSummary {
  const e = toEvaluation(row);
  return {
    id: e.id,
    clusterId: e.clusterId,
    clusterName: e.clusterName,
    partner: e.partner,
    framework: e.framework,
    evaluatorId: e.evaluatorId,
    evaluatorName: e.evaluatorName,
    evaluatedOn: e.evaluatedOn,
    status: e.status,
    version: e.version,
    updatedAt: e.updatedAt,
    overall: e.result.overall,
    maturity: e.result.maturity,
  };
}

/** The audited view: the stored fields, not the computed result or joined names. */
const audited = ({ result: _r, clusterName: _c, evaluatorName: _e, framework, ...rest }: Evaluation) => ({
  ...rest,
  frameworkId: framework.id,
});

/** Answers must name criteria of the framework version and use values of their scales. */
function answerErrors(framework: FrameworkContent, answers: Answers, pointer: string): FieldError[] {
  const criteria = new Map(framework.dimensions.flatMap((d) => d.criteria.map((c) => [c.key, c] as const)));
  const errors: FieldError[] = [];
  for (const [key, answer] of Object.entries(answers)) {
    const criterion = criteria.get(key);
    if (!criterion) {
      errors.push({ pointer: `${pointer}/${key}`, code: 'unknown_criterion', message: `No criterion ${key} in this framework version` });
    } else if (answer.score !== null && normaliseScore(criterion, answer.score) === null) {
      errors.push({
        pointer: `${pointer}/${key}/score`,
        code: 'score_out_of_scale',
        message: `Use one of ${criterion.scale.map((l) => l.value).join(', ')}`,
      });
    }
  }
  return errors;
}

function requireUser(ctx: RequestContext) {
  if (ctx.actor?.kind !== 'user') throw new AppError(403, 'FORBIDDEN', 'Only a signed-in staff member may do this');
  return ctx.actor;
}

/** Who may edit: staff of the evaluation's partner, its evaluator, coordinators and administrators. */
const ownership = (row: { partner: Evaluation['partner']; evaluatorId: string }) => ({
  partner: row.partner,
  assigneeIds: [row.evaluatorId],
});

/**
 * Evaluations of clusters and their review. The author's side edits drafts and returned
 * evaluations and submits them; a reviewer who did not contribute approves or returns them
 * (four-eyes); an approved evaluation never changes again.
 */
export function createEvaluationService(db: Db, options: { clock?: Clock } = {}) {
  const clock = options.clock ?? systemClock;
  const repo = createEvaluationRepo(db);

  async function rowIn(tx: Db, id: string, forUpdate = false) {
    const row = await createEvaluationRepo(tx).get(id, { forUpdate });
    if (!row) throw evaluationNotFound(id);
    return row;
  }

  async function assertEligibleEvaluator(tx: Db, evaluatorId: string) {
    const user = await createEvaluationRepo(tx).user(evaluatorId);
    if (!user || user.status !== 'active' || !EDITORS.includes(user.role)) {
      throw new AppError(422, 'EVALUATOR_NOT_ELIGIBLE', 'The evaluator must be an active staff member who may edit (not a viewer)', {
        errors: [
          {
            pointer: '/body/evaluatorId',
            code: 'EVALUATOR_NOT_ELIGIBLE',
            message: 'Choose an active consultant, coordinator or administrator',
          },
        ],
      });
    }
  }

  function assertValidAnswers(framework: FrameworkContent, answers: Answers) {
    const errors = answerErrors(framework, answers, '/body/answers');
    if (errors.length) throw new AppError(400, 'VALIDATION_FAILED', 'Some answers do not fit the framework version', { errors });
  }

  return {
    async list(query: EvaluationListQuery): Promise<EvaluationPage> {
      const page = await repo.list(query);
      return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
    },

    async get(id: string): Promise<Evaluation> {
      return toEvaluation(await rowIn(db, id));
    },

    async create(ctx: RequestContext, input: EvaluationCreateInput): Promise<Evaluation> {
      const user = requireUser(ctx);
      return db.transaction(async (tx) => {
        const evaluations = createEvaluationRepo(tx);
        const cluster = await evaluations.clusterOf(input.clusterId);
        if (!cluster) throw new AppError(409, 'REFERENCE_NOT_FOUND', `No cluster with id ${input.clusterId}`);
        assertCanEdit(ctx, { partner: cluster.partner });
        const framework = input.frameworkId
          ? await evaluations.getFramework(input.frameworkId)
          : await evaluations.currentFramework(DEFAULT_FRAMEWORK_CODE);
        if (!framework)
          throw input.frameworkId ? frameworkNotFound(input.frameworkId) : conflict('FRAMEWORK_NOT_PUBLISHED', 'No published framework');
        if (framework.status !== 'published') {
          throw conflict(
            'FRAMEWORK_NOT_PUBLISHED',
            `Version ${framework.number} of ${framework.code} is ${framework.status}: evaluate against a published version`,
          );
        }
        const evaluatorId = input.evaluatorId ?? user.id;
        await assertEligibleEvaluator(tx, evaluatorId);
        const answers: Answers = { ...(input.answers ?? {}) };
        assertValidAnswers(framework, answers);
        // Indicator criteria start with the directory's figures of today; the evaluator may correct them.
        const figures = await evaluations.indicators(cluster.id);
        for (const criterion of framework.dimensions.flatMap((d) => d.criteria)) {
          if (!criterion.indicator) continue;
          const answer = answers[criterion.key] ?? { score: null, evidence: '', indicatorValue: null };
          answers[criterion.key] = { ...answer, indicatorValue: answer.indicatorValue ?? figures[criterion.indicator.source] };
        }
        const id = await evaluations.insert({
          clusterId: cluster.id,
          frameworkId: framework.id,
          partner: cluster.partner,
          evaluatorId,
          authorId: user.id,
          contributorIds: [user.id],
          evaluatedOn: input.evaluatedOn ?? localDay(clock.now()),
          language: input.language,
          status: 'draft',
          answers,
          strengths: input.strengths,
          weaknesses: input.weaknesses,
          recommendations: input.recommendations,
        });
        const created = toEvaluation(await rowIn(tx, id));
        await recordAudit(tx, ctx, { action: 'create', entity: ENTITY, entityId: id, after: audited(created) });
        return created;
      });
    },

    async update(ctx: RequestContext, id: string, expectedVersion: number, patch: EvaluationUpdateInput): Promise<Evaluation> {
      const user = requireUser(ctx);
      return db.transaction(async (tx) => {
        const row = await rowIn(tx, id, true);
        assertCanEdit(ctx, ownership(row));
        if (!EDITABLE_EVALUATION_STATUSES.includes(row.status)) {
          throw conflict('EVALUATION_NOT_EDITABLE', `The evaluation is ${row.status}: only drafts and returned evaluations change`);
        }
        if (patch.evaluatorId && patch.evaluatorId !== row.evaluatorId) await assertEligibleEvaluator(tx, patch.evaluatorId);
        if (patch.answers) assertValidAnswers(row.framework, patch.answers);
        const contributorIds = row.contributorIds.includes(user.id) ? row.contributorIds : [...row.contributorIds, user.id];
        if (!(await createEvaluationRepo(tx).update(id, expectedVersion, { ...patch, contributorIds })))
          throw changedMeanwhile('evaluation', row.version);
        const before = toEvaluation(row);
        const after = toEvaluation(await rowIn(tx, id));
        await recordAudit(tx, ctx, { action: 'update', entity: ENTITY, entityId: id, before: audited(before), after: audited(after) });
        return after;
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await rowIn(tx, id, true);
        assertCanEdit(ctx, ownership(row));
        if (row.status !== 'draft') {
          throw conflict(
            'EVALUATION_NOT_EDITABLE',
            `The evaluation is ${row.status}: only drafts that were never submitted can be deleted`,
          );
        }
        await createEvaluationRepo(tx).remove(id);
        await recordAudit(tx, ctx, { action: 'delete', entity: ENTITY, entityId: id, before: audited(toEvaluation(row)) });
      });
    },

    async transition(
      ctx: RequestContext,
      id: string,
      expectedVersion: number,
      transition: EvaluationTransition,
      reason?: string,
    ): Promise<Evaluation> {
      const user = requireUser(ctx);
      return db.transaction(async (tx) => {
        const row = await rowIn(tx, id, true);
        if (!canEvaluationTransition(row.status, transition)) {
          throw conflict(
            'EVALUATION_TRANSITION_NOT_ALLOWED',
            `A ${row.status} evaluation cannot be ${transition === 'submit' ? 'submitted' : transition === 'approve' ? 'approved' : 'returned'}`,
          );
        }
        if (transition === 'submit') {
          assertCanEdit(ctx, ownership(row));
          const missing: FieldError[] = [];
          for (const c of row.framework.dimensions.flatMap((d) => d.criteria)) {
            const score = row.answers[c.key]?.score;
            if (score === null || score === undefined) {
              missing.push({ pointer: `/answers/${c.key}/score`, code: 'required', message: `Criterion ${c.key} has no score` });
            }
          }
          row.recommendations.forEach((r, i) => {
            if (!r.owner) missing.push({ pointer: `/recommendations/${i}/owner`, code: 'required', message: 'Name who carries it out' });
            if (!r.dueDate) missing.push({ pointer: `/recommendations/${i}/dueDate`, code: 'required', message: 'Give a due date' });
          });
          if (missing.length) {
            throw new AppError(
              422,
              'EVALUATION_INCOMPLETE',
              'Score every criterion and give each action item an owner and a due date before submitting',
              {
                errors: missing,
              },
            );
          }
        } else if (row.contributorIds.includes(user.id) || row.evaluatorId === user.id) {
          throw new AppError(403, 'FOUR_EYES_REQUIRED', 'Someone who did not write or score this evaluation must review it');
        }
        const history = [
          ...row.history,
          { action: transition, at: clock.now().toISOString(), byId: user.id, byName: user.name, reason: reason ?? null },
        ];
        const values = {
          status: EVALUATION_WORKFLOW[transition].to,
          history,
          ...(transition === 'return' ? { returnReason: reason ?? null } : {}),
          ...(transition === 'approve' ? { returnReason: null, approvedAt: clock.now() } : {}),
        };
        if (!(await createEvaluationRepo(tx).update(id, expectedVersion, values))) throw changedMeanwhile('evaluation', row.version);
        const before = toEvaluation(row);
        const after = toEvaluation(await rowIn(tx, id));
        await recordAudit(tx, ctx, { action: 'update', entity: ENTITY, entityId: id, before: audited(before), after: audited(after) });
        return after;
      });
    },

    /**
     * Where the evaluation stands: among the latest approved evaluation of every cluster (the
     * same framework, any version), against the cluster's previous approved evaluation, and
     * against a target profile of its framework version.
     */
    async comparison(id: string, targetKey?: string): Promise<EvaluationComparison> {
      const row = await rowIn(db, id);
      const own = toEvaluation(row);
      const latest = await repo.latestApproved(row.framework.code);
      const cohort = [...latest.filter((r) => r.clusterId !== row.clusterId).map((r) => toEvaluation(r).result), own.result];
      const positions = cohortPositions(own.result, cohort);

      let previous: EvaluationComparison['previous'] = null;
      const before = await repo.previousApproved(row.clusterId, row.framework.code, row);
      if (before) {
        const earlier = toEvaluation(before);
        const now = criterionScores(row.framework, row.answers);
        const then = criterionScores(before.framework, before.answers);
        const criteria: (ScoreChange & { dimensionKey: string })[] = [];
        for (const [key, c] of now) {
          const p = then.get(key);
          criteria.push({
            key,
            dimensionKey: c.dimensionKey,
            score: c.score,
            previous: p?.score ?? null,
            change: c.score !== null && p?.score != null ? Math.round((c.score - p.score) * 10) / 10 : null,
            presence: p ? 'both' : 'new',
          });
        }
        for (const [key, p] of then) {
          if (!now.has(key))
            criteria.push({ key, dimensionKey: p.dimensionKey, score: null, previous: p.score, change: null, presence: 'dropped' });
        }
        previous = { evaluation: toSummary(before), ...changeSince(own.result, earlier.result), criteria };
      }

      const profiles = row.framework.targetProfiles;
      const profile = targetKey ? profiles.find((p) => p.key === targetKey) : profiles[0];
      if (targetKey && !profile) {
        throw new AppError(400, 'VALIDATION_FAILED', `No target profile ${targetKey} in this framework version`, {
          errors: [
            {
              pointer: '/query/target',
              code: 'unknown_target',
              message: `Use one of ${profiles.map((p) => p.key).join(', ') || '(none)'}`,
            },
          ],
        });
      }
      return {
        evaluationId: id,
        cohort: { size: cohort.length, provisional: row.status !== 'approved', ...positions },
        previous,
        target: profile ? { key: profile.key, label: profile.label, ...gapToTarget(own.result, profile) } : null,
      };
    },

    /** The project's output indicator: clusters with an approved evaluation, against the target. */
    async progress(): Promise<EvaluationProgress> {
      const { clusters, evaluations } = await repo.clustersWithEvaluations();
      const list = clusters.map((c) => {
        const own = evaluations.filter((e) => e.clusterId === c.id);
        const approved = own.find((e) => e.status === 'approved');
        const open = own.find((e) => e.status !== 'approved');
        return {
          clusterId: c.id,
          clusterName: c.name,
          partner: c.partner,
          latestApproved: approved ? toSummary(approved) : null,
          open: open ? toSummary(open) : null,
        };
      });
      return {
        target: EVALUATION_TARGET_CLUSTERS,
        evaluatedClusters: list.filter((c) => c.latestApproved).length,
        clusters: list,
      };
    },
  };
}
export type EvaluationService = ReturnType<typeof createEvaluationService>;
