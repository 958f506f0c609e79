import {
  EvaluationFrameworkCreateSchema,
  type EvaluationFramework,
  type EvaluationFrameworkListQuery,
  type EvaluationFrameworkUpdate,
} from '@euregionet/shared';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { changedMeanwhile, conflict, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { recordAudit } from '../audit/audit.repo.js';
import { DEFAULT_FRAMEWORK, DEFAULT_FRAMEWORK_CODE } from './default-framework.js';
import { createEvaluationRepo } from './evaluations.repo.js';

type FrameworkCreateInput = z.output<typeof EvaluationFrameworkCreateSchema>;

const ENTITY = 'evaluation_framework';
export const frameworkNotFound = (id: string) => notFound('FRAMEWORK_NOT_FOUND', `No evaluation framework with id ${id}`);
const audited = ({ used: _used, ...framework }: EvaluationFramework) => framework;

function assertDraft(framework: EvaluationFramework) {
  if (framework.status !== 'draft') {
    throw conflict(
      'FRAMEWORK_NOT_DRAFT',
      `Version ${framework.number} of ${framework.code} is ${framework.status}${framework.used ? ' and used by evaluations' : ''}: it never changes again. Create a new version to change it.`,
    );
  }
}

/**
 * Versions of evaluation frameworks. Only drafts change; publishing freezes a version (and
 * retires the one it replaces); a change of a published version is a new draft version.
 * Route access limits every change to administrators.
 */
export function createFrameworkService(db: Db) {
  const repo = createEvaluationRepo(db);

  async function getIn(tx: Db, id: string, forUpdate = false) {
    const framework = await createEvaluationRepo(tx).getFramework(id, { forUpdate });
    if (!framework) throw frameworkNotFound(id);
    return framework;
  }

  return {
    list: (query: EvaluationFrameworkListQuery) => repo.listFrameworks(query),

    get: (id: string) => getIn(db, id),

    async create(ctx: RequestContext, input: FrameworkCreateInput): Promise<EvaluationFramework> {
      return db.transaction(async (tx) => {
        const frameworks = createEvaluationRepo(tx);
        if (await frameworks.codeExists(input.code)) {
          throw conflict('FRAMEWORK_CODE_TAKEN', `A framework ${input.code} exists: create a new version of it instead`);
        }
        const id = await frameworks.insertFramework({ ...input, number: 1, status: 'draft' });
        const created = await getIn(tx, id);
        await recordAudit(tx, ctx, { action: 'create', entity: ENTITY, entityId: id, after: audited(created) });
        return created;
      });
    },

    async update(ctx: RequestContext, id: string, expectedVersion: number, patch: EvaluationFrameworkUpdate): Promise<EvaluationFramework> {
      return db.transaction(async (tx) => {
        const before = await getIn(tx, id, true);
        assertDraft(before);
        if (!(await createEvaluationRepo(tx).updateFramework(id, expectedVersion, patch)))
          throw changedMeanwhile('framework', before.version);
        const after = await getIn(tx, id);
        await recordAudit(tx, ctx, { action: 'update', entity: ENTITY, entityId: id, before: audited(before), after: audited(after) });
        return after;
      });
    },

    /** A new draft version with the content of the given one, numbered after the latest. */
    async newVersion(ctx: RequestContext, id: string): Promise<EvaluationFramework> {
      return db.transaction(async (tx) => {
        const frameworks = createEvaluationRepo(tx);
        const source = await getIn(tx, id);
        const number = (await frameworks.maxNumber(source.code)) + 1;
        const { name, description, dimensions, maturityLevels, targetProfiles } = source;
        const newId = await frameworks.insertFramework({
          code: source.code,
          number,
          status: 'draft',
          name,
          description,
          dimensions,
          maturityLevels,
          targetProfiles,
        });
        const created = await getIn(tx, newId);
        await recordAudit(tx, ctx, {
          action: 'create',
          entity: ENTITY,
          entityId: newId,
          after: { ...audited(created), copiedFrom: source.id },
        });
        return created;
      });
    },

    /** Freezes a draft and makes it the version new evaluations use; the previous one retires. */
    async publish(ctx: RequestContext, id: string, expectedVersion: number): Promise<EvaluationFramework> {
      return db.transaction(async (tx) => {
        const frameworks = createEvaluationRepo(tx);
        const before = await getIn(tx, id, true);
        assertDraft(before);
        if (!(await frameworks.updateFramework(id, expectedVersion, { status: 'published', publishedAt: new Date() })))
          throw changedMeanwhile('framework', before.version);
        for (const retired of await frameworks.retireOthers(before.code, id)) {
          await recordAudit(tx, ctx, {
            action: 'update',
            entity: ENTITY,
            entityId: retired,
            changes: { status: { before: 'published', after: 'retired' } },
          });
        }
        const after = await getIn(tx, id);
        await recordAudit(tx, ctx, { action: 'update', entity: ENTITY, entityId: id, before: audited(before), after: audited(after) });
        return after;
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const before = await getIn(tx, id, true);
        assertDraft(before);
        await createEvaluationRepo(tx).deleteFramework(id);
        await recordAudit(tx, ctx, { action: 'delete', entity: ENTITY, entityId: id, before: audited(before) });
      });
    },
  };
}
export type FrameworkService = ReturnType<typeof createFrameworkService>;

/**
 * Gives a database without any evaluation framework the default one, published. Runs at every
 * start; does nothing once the framework exists (also when several processes start at once:
 * the unique version number lets only one insert win).
 */
export async function ensureDefaultFramework(db: Db, ctx: RequestContext): Promise<EvaluationFramework | undefined> {
  const repo = createEvaluationRepo(db);
  if (await repo.codeExists(DEFAULT_FRAMEWORK_CODE)) return undefined;
  const input = EvaluationFrameworkCreateSchema.parse(DEFAULT_FRAMEWORK);
  try {
    return await db.transaction(async (tx) => {
      const frameworks = createEvaluationRepo(tx);
      const id = await frameworks.insertFramework({ ...input, number: 1, status: 'published', publishedAt: new Date() });
      const created = (await frameworks.getFramework(id))!;
      await recordAudit(tx, ctx, { action: 'create', entity: ENTITY, entityId: id, after: audited(created) });
      return created;
    });
  } catch (err) {
    if (await repo.codeExists(DEFAULT_FRAMEWORK_CODE)) return undefined;
    throw err;
  }
}
