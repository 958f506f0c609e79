import type { DialogueEvent, DialogueEventCreateData, DialogueEventListQuery, DialogueEventUpdate, FieldError } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { AppError, changedMeanwhile, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import { createDialogueEventRepo, type DialogueEventRepo } from './dialogue-events.repo.js';

const eventNotFound = (id: string) => notFound('DIALOGUE_EVENT_NOT_FOUND', `No event with id ${id}`);

/** The audited view: the fields, not the names joined in for reading. */
const audited = ({ clusters: _c, organisations: _o, ...event }: DialogueEvent) => event;

/** Participants must be live records of the directory; each unknown id is named with its place in the body. */
async function checkParticipants(
  repo: DialogueEventRepo,
  input: { clusterIds?: string[] | undefined; organisationIds?: string[] | undefined },
) {
  const errors: FieldError[] = [];
  const clusterIds = input.clusterIds ?? [];
  const organisationIds = input.organisationIds ?? [];
  for (const id of await repo.unknownClusters(clusterIds)) {
    errors.push({ pointer: `/body/clusterIds/${clusterIds.indexOf(id)}`, code: 'unknown_cluster', message: `No cluster with id ${id}` });
  }
  for (const id of await repo.unknownOrganisations(organisationIds)) {
    errors.push({
      pointer: `/body/organisationIds/${organisationIds.indexOf(id)}`,
      code: 'unknown_organisation',
      message: `No organisation with id ${id}`,
    });
  }
  if (errors.length) throw new AppError(400, 'VALIDATION_FAILED', 'Some participants do not exist', { errors });
}

/** Events of the cluster dialogue. The organising partner's staff, coordinators and administrators change them. */
export function createDialogueEventService(db: Db) {
  const repo = createDialogueEventRepo(db);
  return {
    list: (query: DialogueEventListQuery) => repo.list(query),

    async get(id: string): Promise<DialogueEvent> {
      const event = await repo.get(id);
      if (!event) throw eventNotFound(id);
      return event;
    },

    async create(ctx: RequestContext, input: DialogueEventCreateData): Promise<DialogueEvent> {
      assertCanEdit(ctx, { partner: input.organisingPartner });
      return db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        await checkParticipants(events, input);
        const { clusterIds, organisationIds, ...fields } = input;
        const id = await events.insert(fields);
        await events.setClusters(id, clusterIds);
        await events.setOrganisations(id, organisationIds);
        const created = (await events.get(id))!;
        await recordAudit(tx, ctx, { action: 'create', entity: 'dialogue_event', entityId: id, after: audited(created) });
        return created;
      });
    },

    async update(ctx: RequestContext, id: string, expectedVersion: number, patch: DialogueEventUpdate): Promise<DialogueEvent> {
      return db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        const before = await events.get(id);
        if (!before) throw eventNotFound(id);
        assertCanEdit(ctx, { partner: before.organisingPartner });
        if (patch.organisingPartner) assertCanEdit(ctx, { partner: patch.organisingPartner });
        const date = patch.date ?? before.date;
        const endDate = patch.endDate === undefined ? before.endDate : patch.endDate;
        if (endDate !== null && endDate < date) {
          throw new AppError(400, 'VALIDATION_FAILED', 'The event ends before it starts', {
            errors: [{ pointer: '/body/endDate', code: 'end_before_start', message: 'The event ends before it starts' }],
          });
        }
        await checkParticipants(events, patch);
        const { clusterIds, organisationIds, ...fields } = patch;
        if (!(await events.update(id, expectedVersion, fields))) {
          throw changedMeanwhile('event', before.version);
        }
        if (clusterIds) await events.setClusters(id, clusterIds);
        if (organisationIds) await events.setOrganisations(id, organisationIds);
        const after = (await events.get(id))!;
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'dialogue_event',
          entityId: id,
          before: audited(before),
          after: audited(after),
        });
        return after;
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const events = createDialogueEventRepo(tx);
        const before = await events.get(id);
        if (!before) throw eventNotFound(id);
        assertCanEdit(ctx, { partner: before.organisingPartner });
        await events.delete(id);
        await recordAudit(tx, ctx, { action: 'delete', entity: 'dialogue_event', entityId: id, before: audited(before) });
      });
    },
  };
}
