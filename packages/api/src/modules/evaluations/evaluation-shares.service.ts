import { createHash, randomBytes } from 'node:crypto';
import {
  pickLocalized,
  scoreEvaluation,
  type ActionItemStatus,
  type EvaluationFollowUp,
  type EvaluationShare,
  type EvaluationShareCreateSchema,
  type EvaluationShareCreated,
  type Locale,
  type StoredFile,
} from '@euregionet/shared';
import type { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, conflict, notFound } from '../../errors.js';
import { SYSTEM_CONTEXT, type RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import { filesOf, type FileOwnerResolver, type FileService } from '../files/files.service.js';
import { createEvaluationShareRepo, type ShareRow } from './evaluation-shares.repo.js';
import { createEvaluationRepo, type EvaluationRow } from './evaluations.repo.js';
import { createEvaluationService } from './evaluations.service.js';

type ShareCreateInput = z.output<typeof EvaluationShareCreateSchema>;

const DAY_MS = 86_400_000;
const evaluationNotFound = (id: string) => notFound('EVALUATION_NOT_FOUND', `No evaluation with id ${id}`);
const shareNotFound = (id: string) => notFound('EVALUATION_SHARE_NOT_FOUND', `No share link with id ${id}`);

export const hashShareToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who edits an evaluation: staff of its partner, its evaluator, coordinators and administrators. */
const ownership = (row: { partner: EvaluationRow['partner']; evaluatorId: string }) => ({
  partner: row.partner,
  assigneeIds: [row.evaluatorId],
});

function mayEdit(ctx: RequestContext, row: EvaluationRow): boolean {
  if (ctx.actor?.kind !== 'user') return false;
  try {
    assertCanEdit(ctx, ownership(row));
    return true;
  } catch {
    return false;
  }
}

/**
 * Evidence documents of an evaluation: every staff member reads them (as they read evaluations),
 * whoever may edit the evaluation attaches and removes them. They are never public: a results
 * page hands out only those its link names.
 */
export const evaluationFileOwner: FileOwnerResolver = async (db, ctx, id) => {
  const row = await createEvaluationRepo(db).get(id);
  if (!row) return null;
  // An anonymous request has no actor either: only the system's own context (a results link that
  // names the file, checked before) reads without a staff login.
  return { public: false, read: ctx.actor?.kind === 'user' || ctx === SYSTEM_CONTEXT, edit: mayEdit(ctx, row) };
};

/**
 * Results go to the cluster on behalf of the partner that evaluated it: its own staff who may
 * edit (consultants, coordinators) and administrators hand them out, not another partner's.
 */
function assertMayShare(ctx: RequestContext, row: EvaluationRow) {
  const actor = ctx.actor;
  if (actor === null) return;
  if (actor.kind === 'user' && (actor.role === 'admin' || (actor.partner === row.partner && actor.role !== 'viewer'))) return;
  throw new AppError(403, 'FORBIDDEN', `Only staff of ${row.partner} or an administrator may hand out this evaluation's results`);
}

const userId = (ctx: RequestContext) => (ctx.actor?.kind === 'user' ? ctx.actor.id : null);

/** What the results page shows; everything of one evaluation, named in the link's language. */
export interface ResultsView {
  language: Locale;
  notesLanguage: Locale;
  clusterName: string;
  frameworkName: string;
  evaluatedOn: string;
  expiresAt: string;
  overall: number | null;
  maturity: string | null;
  dimensions: { key: string; name: string; score: number | null; median: number | null; percentile: number | null }[];
  cohort: { size: number; median: number | null; percentile: number | null };
  strengths: string;
  weaknesses: string;
  actionItems: { text: string; owner: string; dueDate: string | null; status: ActionItemStatus }[];
  files: Pick<StoredFile, 'id' | 'name' | 'size' | 'mediaType'>[];
}

export interface EvaluationShareOptions {
  clock?: Clock;
  /** Where the results pages are reached, e.g. `https://euregionet.eu`. */
  publicBaseUrl: string;
  files?: FileService;
}

/** Share links of approved evaluations, their results pages, and the follow-up of action items. */
export function createEvaluationShareService(db: Db, options: EvaluationShareOptions) {
  const clock = options.clock ?? systemClock;
  const evaluations = createEvaluationService(db, { clock });

  async function rowIn(tx: Db, id: string, forUpdate = false) {
    const row = await createEvaluationRepo(tx).get(id, { forUpdate });
    if (!row) throw evaluationNotFound(id);
    return row;
  }

  function toShare(row: ShareRow): EvaluationShare {
    return {
      id: row.id,
      evaluationId: row.evaluationId,
      language: row.language,
      expiresAt: row.expiresAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
      fileIds: row.fileIds,
      opens: row.opens,
      firstOpenedAt: row.firstOpenedAt?.toISOString() ?? null,
      lastOpenedAt: row.lastOpenedAt?.toISOString() ?? null,
      createdByName: row.createdByName,
      createdAt: row.createdAt.toISOString(),
      active: row.revokedAt === null && row.expiresAt > clock.now(),
    };
  }

  /** Each action item of the evaluation with its status; an item nobody touched is open. */
  async function followUpOf(tx: Db, row: EvaluationRow) {
    const statuses = new Map((await createEvaluationShareRepo(tx).statuses(row.id)).map((s) => [s.position, s]));
    return row.recommendations.map((_, index) => {
      const s = statuses.get(index);
      return {
        index,
        status: s?.status ?? ('open' as const),
        updatedAt: s?.updatedAt.toISOString() ?? null,
        updatedByName: s?.updatedByName ?? null,
      };
    });
  }

  return {
    async create(ctx: RequestContext, evaluationId: string, input: ShareCreateInput): Promise<EvaluationShareCreated> {
      return db.transaction(async (tx) => {
        const row = await rowIn(tx, evaluationId);
        assertMayShare(ctx, row);
        if (row.status !== 'approved') {
          throw conflict('EVALUATION_NOT_APPROVED', `The evaluation is ${row.status}: only approved results are handed out`);
        }
        const evidence = new Set(((await filesOf(tx, 'evaluation', [row.id])).get(row.id) ?? []).map((f) => f.id));
        const fileIds = [...new Set(input.fileIds)];
        const foreign = fileIds.map((id, i) => ({ id, i })).filter(({ id }) => !evidence.has(id));
        if (foreign.length) {
          throw new AppError(400, 'VALIDATION_FAILED', 'Only evidence files of this evaluation can be shared', {
            errors: foreign.map(({ id, i }) => ({
              pointer: `/body/fileIds/${i}`,
              code: 'not_evidence',
              message: `File ${id} is not evidence of this evaluation`,
            })),
          });
        }
        const token = randomBytes(32).toString('base64url');
        const now = clock.now();
        const shares = createEvaluationShareRepo(tx);
        const id = await shares.insert({
          evaluationId,
          tokenHash: hashShareToken(token),
          language: input.language,
          expiresAt: new Date(now.getTime() + input.days * DAY_MS),
          fileIds,
          createdBy: userId(ctx),
          createdAt: now,
        });
        const share = toShare((await shares.get(evaluationId, id))!);
        // The token stays out of the audit trail: it is a key to the page.
        const { opens: _o, firstOpenedAt: _f, lastOpenedAt: _l, active: _a, createdByName: _c, ...audited } = share;
        await recordAudit(tx, ctx, { action: 'create', entity: 'evaluation_share', entityId: id, after: audited });
        return { ...share, url: `${options.publicBaseUrl.replace(/\/$/, '')}/results/${token}` };
      });
    },

    async list(evaluationId: string): Promise<EvaluationShare[]> {
      await rowIn(db, evaluationId);
      return (await createEvaluationShareRepo(db).list(evaluationId)).map(toShare);
    },

    async revoke(ctx: RequestContext, evaluationId: string, shareId: string): Promise<EvaluationShare> {
      return db.transaction(async (tx) => {
        const row = await rowIn(tx, evaluationId);
        assertMayShare(ctx, row);
        const shares = createEvaluationShareRepo(tx);
        const before = await shares.get(evaluationId, shareId);
        if (!before) throw shareNotFound(shareId);
        // Revoking twice changes nothing: the first revocation stands.
        if (!(await shares.revoke(shareId, userId(ctx), clock.now()))) return toShare(before);
        const after = toShare((await shares.get(evaluationId, shareId))!);
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'evaluation_share',
          entityId: shareId,
          before: { revokedAt: null },
          after: { revokedAt: after.revokedAt },
        });
        return after;
      });
    },

    async followUp(evaluationId: string): Promise<EvaluationFollowUp> {
      const row = await rowIn(db, evaluationId);
      const before = await createEvaluationRepo(db).previousApproved(row.clusterId, row.framework.code, row);
      const previousItems = before ? await followUpOf(db, before) : [];
      return {
        evaluationId,
        items: await followUpOf(db, row),
        previous: before
          ? {
              evaluationId: before.id,
              evaluatedOn: before.evaluatedOn,
              items: before.recommendations.map((r, i) => ({
                text: r.text,
                owner: r.owner,
                dueDate: r.dueDate,
                status: previousItems[i]!.status,
              })),
            }
          : null,
      };
    },

    /** Follow-up happens after approval, when the evaluation itself no longer changes. */
    async setStatus(ctx: RequestContext, evaluationId: string, index: number, status: ActionItemStatus): Promise<EvaluationFollowUp> {
      await db.transaction(async (tx) => {
        const row = await rowIn(tx, evaluationId, true);
        assertCanEdit(ctx, ownership(row));
        if (row.status !== 'approved') {
          throw conflict('EVALUATION_NOT_APPROVED', `The evaluation is ${row.status}: action items are followed up once it is approved`);
        }
        if (index >= row.recommendations.length) {
          throw notFound('EVALUATION_NOT_FOUND', `The evaluation has no action item ${index}`);
        }
        const previous = (await followUpOf(tx, row))[index]!.status;
        if (previous === status) return;
        await createEvaluationShareRepo(tx).setStatus(evaluationId, index, status, userId(ctx), clock.now());
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'evaluation',
          entityId: evaluationId,
          changes: { [`recommendations/${index}/status`]: { before: previous, after: status } },
        });
      });
      return this.followUp(evaluationId);
    },

    /** The results page behind a token; each call counts as an opening. Null: no live link. */
    async open(token: string): Promise<ResultsView | null> {
      const share = await createEvaluationShareRepo(db).live(hashShareToken(token), clock.now(), { count: true });
      if (!share) return null;
      const row = await rowIn(db, share.evaluationId);
      const lang = share.language;
      const name = (text: Partial<Record<Locale, string>>) => pickLocalized(text, lang)?.text ?? '';
      const result = scoreEvaluation(row.framework, row.answers);
      const comparison = await evaluations.comparison(row.id);
      const position = new Map(comparison.cohort.dimensions.map((d) => [d.key, d]));
      const followUp = await followUpOf(db, row);
      const evidence = ((await filesOf(db, 'evaluation', [row.id])).get(row.id) ?? []).filter((f) => share.fileIds.includes(f.id));
      const maturity = row.framework.maturityLevels.find((l) => l.key === result.maturity);
      return {
        language: lang,
        notesLanguage: row.language,
        clusterName: name(row.clusterName),
        frameworkName: name(row.framework.name),
        evaluatedOn: row.evaluatedOn,
        expiresAt: share.expiresAt.toISOString(),
        overall: result.overall,
        maturity: maturity ? name(maturity.label) : null,
        dimensions: result.dimensions.map((d) => ({
          key: d.key,
          name: name(row.framework.dimensions.find((x) => x.key === d.key)?.name ?? {}) || d.key,
          score: d.score,
          median: position.get(d.key)?.median ?? null,
          percentile: position.get(d.key)?.percentile ?? null,
        })),
        cohort: {
          size: comparison.cohort.size,
          median: comparison.cohort.overall.median,
          percentile: comparison.cohort.overall.percentile,
        },
        strengths: row.strengths,
        weaknesses: row.weaknesses,
        actionItems: row.recommendations.map((r, i) => ({ text: r.text, owner: r.owner, dueDate: r.dueDate, status: followUp[i]!.status })),
        files: evidence.map((f) => ({ id: f.id, name: f.name, size: f.size, mediaType: f.mediaType })),
      };
    },

    /** A file the link shares, without counting an opening; null for any other file. */
    async file(token: string, fileId: string) {
      const share = await createEvaluationShareRepo(db).live(hashShareToken(token), clock.now(), { count: false });
      if (!share || !share.fileIds.includes(fileId) || !options.files) return null;
      try {
        const content = await options.files.content(SYSTEM_CONTEXT, fileId, 'original');
        const meta = await options.files.meta(SYSTEM_CONTEXT, fileId);
        // The link names the file, and the file must still be evidence of the linked evaluation.
        if (meta.ownerType !== 'evaluation' || meta.ownerId !== share.evaluationId) return null;
        return content;
      } catch (err) {
        if (err instanceof AppError && err.status === 404) return null;
        throw err;
      }
    },
  };
}
export type EvaluationShareService = ReturnType<typeof createEvaluationShareService>;
