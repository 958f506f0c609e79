import { createHash } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import {
  ASSIGNABLE_STATUSES,
  canConsultingTransition,
  CONSULTING_TRANSITIONS,
  EDITORS,
  localDay,
  PARTNERS,
  suggestAssignment,
  type ConsultingAssignment,
  type ConsultingComment,
  type ConsultingCounts,
  type ConsultingListQuery,
  type ConsultingRequest,
  type ConsultingRequestDetail,
  type ConsultingRequestIntakeSchema,
  type ConsultingRequestPage,
  type ConsultingRequestReceipt,
  type ConsultingStatus,
  type ConsultingSuggestion,
  type ConsultingTransition,
  type PartnerCode,
  type PersonalDataErasure,
  type PersonalDataExport,
} from '@euregionet/shared';
import type { z } from 'zod';
import { systemClock, todayOn, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, changedMeanwhile, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import { enqueueMail, eraseMessagesOf, messagesOf, type MessageSource } from '../outbox/outbox.repo.js';
import { firstResponseDueOn } from './consulting.calendar.js';
import { formatDay, requestAssignedMail, requestReceivedMail, requestReplyMail, requestResolvedMail } from './consulting.mail.js';
import { createConsultingRepo, type RequestRow, type Visibility } from './consulting.repo.js';
import { consultingEventsTable, consultingRequestsTable } from './consulting.table.js';

export interface ConsultingOptions {
  /** Working days until the first answer is due. */
  firstResponseDays: number;
  /** A submission identical to one of the last minutes is that one. */
  duplicateWindowMinutes: number;
  clock?: Clock;
}

type IntakeInput = z.output<typeof ConsultingRequestIntakeSchema>;
type IntakeSource =
  { kind: 'portal'; apiKeyId: string; partner: PartnerCode; idempotencyKey?: string } | { kind: 'staff'; partner: PartnerCode };

const partnerCountry = (code: PartnerCode) => PARTNERS.find((p) => p.code === code)!.country;
/** How this module's e-mails name the request they are about. */
const REQUEST_SOURCE = 'consulting_request';
const aboutRequest = (id: string): MessageSource => ({ type: REQUEST_SOURCE, id });

const requestNotFound = (id: string) => notFound('CONSULTING_REQUEST_NOT_FOUND', `No consulting request with id ${id}`);

/** The audit trail is append-only and cannot be erased: it gets the request without personal data. */
const audited = (r: RequestRow | ConsultingRequest) => ({
  reference: r.reference,
  status: r.status,
  source: r.source,
  country: r.country,
  language: r.language,
  topic: r.topic,
  partner: r.partner,
  assigneeId: r.assigneeId,
  outcome: r.outcome,
  firstResponseDueOn: r.firstResponseDueOn,
});

function actorOf(ctx: RequestContext): { id: string | null; label: string } {
  const a = ctx.actor;
  if (!a) return { id: null, label: 'system' };
  return { id: a.id, label: a.kind === 'user' ? a.name : `${a.name} (API)` };
}

/**
 * Who reads which requests (they hold the requester's personal data and internal notes):
 * administrators and coordinators steer the whole workload and see every request; consultants
 * and viewers see their own partner's, consultants also those assigned to them. API keys read
 * none (their routes do not let them). Project-wide figures are the indicators' business.
 */
function visibilityOf(ctx: RequestContext): Visibility {
  const a = ctx.actor;
  if (a?.kind === 'user' && a.role === 'consultant') return { all: false, partner: a.partner, userId: a.id };
  // Not assignees: a viewer is one only when demoted from consultant, and then no longer handles it.
  if (a?.kind === 'user' && a.role === 'viewer') return { all: false, partner: a.partner, userId: null };
  if (a === null || (a.kind === 'user' && (a.role === 'admin' || a.role === 'coordinator'))) return { all: true };
  return { all: false, partner: null, userId: null };
}

function canSee(v: Visibility, row: RequestRow): boolean {
  return v.all || (v.partner !== null && row.partner === v.partner) || (v.userId !== null && row.assigneeId === v.userId);
}

const owned = (row: RequestRow) => ({ partner: row.partner, assigneeIds: row.assigneeId ? [row.assigneeId] : [] });

function checkVersion(row: RequestRow, expected: number | undefined) {
  if (expected !== undefined && row.version !== expected) {
    throw changedMeanwhile('request', row.version);
  }
}

export function contentHash(input: IntakeInput): string {
  const fields = [
    input.requesterEmail,
    input.requesterName,
    input.organisationName ?? null,
    input.organisationId ?? null,
    input.country,
    input.language,
    input.topic,
    input.message,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** Consulting requests: intake, workflow, timeline, deadlines, notifications and erasure. */
export function createConsultingService(db: Db, options: ConsultingOptions) {
  const clock = options.clock ?? systemClock;
  const today = todayOn(clock);

  async function detail(tx: Db, id: string, v: Visibility): Promise<ConsultingRequestDetail> {
    const repo = createConsultingRepo(tx);
    const request = await repo.get(id, v, today());
    if (!request) throw requestNotFound(id);
    return { ...request, timeline: await repo.timeline(id) };
  }

  /** The row for a change: locked, visible to the caller (else 404), changeable by them (else 403). */
  async function forChange(tx: Db, ctx: RequestContext, id: string, expectedVersion?: number): Promise<RequestRow> {
    const row = await createConsultingRepo(tx).row(id, true);
    if (!row || !canSee(visibilityOf(ctx), row)) throw requestNotFound(id);
    assertCanEdit(ctx, owned(row));
    checkVersion(row, expectedVersion);
    return row;
  }

  const receipt = (row: RequestRow): ConsultingRequestReceipt => ({
    reference: row.reference,
    status: 'received',
    receivedAt: row.createdAt.toISOString(),
  });

  return {
    /**
     * Takes in a request from a portal or from staff. The same submission within the duplicate
     * window, or again with the same Idempotency-Key, answers the request made the first time.
     * A filled honeypot field gets a receipt like any other, and nothing is stored.
     */
    async intake(
      ctx: RequestContext,
      input: IntakeInput,
      source: IntakeSource,
    ): Promise<{ receipt: ConsultingRequestReceipt; id: string | null; replayed: boolean }> {
      if (source.kind === 'staff') assertCanEdit(ctx, { partner: source.partner });
      return db.transaction(async (tx) => {
        const repo = createConsultingRepo(tx);
        const now = clock.now();
        const day = localDay(now);
        if (input.website?.trim()) {
          const reference = await repo.nextReference(Number(day.slice(0, 4)));
          return { receipt: { reference, status: 'received', receivedAt: now.toISOString() }, id: null, replayed: false };
        }
        const hash = contentHash(input);
        await repo.lock(`consulting:${source.partner}:${hash}`);
        const idempotencyKey = source.kind === 'portal' ? source.idempotencyKey : undefined;
        if (source.kind === 'portal' && idempotencyKey) {
          await repo.lock(`consulting-key:${source.apiKeyId}:${idempotencyKey}`);
          const earlier = await repo.findByIdempotencyKey(source.apiKeyId, idempotencyKey);
          if (earlier) {
            if (earlier.contentHash !== hash) {
              throw new AppError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different submission');
            }
            return { receipt: receipt(earlier), id: earlier.id, replayed: true };
          }
        }
        const duplicate = await repo.findRecentByHash(
          hash,
          source.partner,
          new Date(now.getTime() - options.duplicateWindowMinutes * 60_000),
        );
        if (duplicate) return { receipt: receipt(duplicate), id: duplicate.id, replayed: true };

        if (input.organisationId) {
          if (!(await repo.organisationExists(input.organisationId))) {
            throw new AppError(400, 'VALIDATION_FAILED', 'No organisation with this id', {
              errors: [{ pointer: '/body/organisationId', code: 'unknown_organisation', message: 'No organisation with this id' }],
            });
          }
        }

        const reference = await repo.nextReference(Number(day.slice(0, 4)));
        const dueOn = firstResponseDueOn(day, options.firstResponseDays, partnerCountry(source.partner));
        const row = await repo.insert({
          reference,
          source: source.kind,
          apiKeyId: source.kind === 'portal' ? source.apiKeyId : null,
          createdBy: source.kind === 'staff' ? (ctx.actor?.id ?? null) : null,
          requesterName: input.requesterName,
          requesterEmail: input.requesterEmail,
          organisationName: input.organisationName ?? null,
          organisationId: input.organisationId ?? null,
          country: input.country,
          language: input.language,
          topic: input.topic,
          message: input.message,
          consentTextVersion: input.consentTextVersion,
          consentedAt: now,
          partner: source.partner,
          firstResponseDueOn: dueOn,
          contentHash: hash,
          idempotencyKey: idempotencyKey ?? null,
          createdAt: now,
          updatedAt: now,
        });
        const actor = actorOf(ctx);
        await repo.addEvent({
          requestId: row.id,
          kind: 'created',
          actorId: actor.id,
          actorLabel: actor.label,
          toStatus: 'new',
          partner: row.partner,
        });
        const mail = requestReceivedMail(input.language, {
          name: input.requesterName,
          reference,
          topic: input.topic,
          dueOn: formatDay(dueOn, input.language),
        });
        await enqueueMail(tx, {
          kind: 'request_received',
          source: aboutRequest(row.id),
          recipient: input.requesterEmail,
          language: input.language,
          ...mail,
        });
        await recordAudit(tx, ctx, { action: 'create', entity: 'consulting_request', entityId: row.id, after: audited(row) });
        return { receipt: receipt(row), id: row.id, replayed: false };
      });
    },

    get: (ctx: RequestContext, id: string) => detail(db, id, visibilityOf(ctx)),

    list(ctx: RequestContext, query: ConsultingListQuery): Promise<ConsultingRequestPage> {
      const me = ctx.actor?.kind === 'user' ? ctx.actor.id : null;
      return createConsultingRepo(db).list(query, visibilityOf(ctx), me, today());
    },

    counts: (ctx: RequestContext): Promise<ConsultingCounts> => createConsultingRepo(db).counts(visibilityOf(ctx), today()),

    async suggest(ctx: RequestContext, id: string): Promise<ConsultingSuggestion> {
      const repo = createConsultingRepo(db);
      const request = await repo.get(id, visibilityOf(ctx), today());
      if (!request) throw requestNotFound(id);
      const candidates = await repo.assigneeCandidates();
      const { partner, assignee } = suggestAssignment(request, candidates);
      return { partner, assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null, openRequests: assignee?.open ?? null };
    },

    /** Gives a request to a partner and one of its staff; a new request becomes `assigned`. */
    async assign(ctx: RequestContext, id: string, input: ConsultingAssignment, expectedVersion?: number): Promise<ConsultingRequestDetail> {
      return db.transaction(async (tx) => {
        const repo = createConsultingRepo(tx);
        const row = await forChange(tx, ctx, id, expectedVersion);
        if (!ASSIGNABLE_STATUSES.includes(row.status)) {
          throw new AppError(409, 'INVALID_TRANSITION', `A request that is ${row.status} cannot be assigned`);
        }
        const user = await repo.assignee(input.assigneeId);
        if (!user || user.status !== 'active' || !EDITORS.includes(user.role) || user.partner !== input.partner) {
          throw new AppError(
            422,
            'ASSIGNEE_NOT_ELIGIBLE',
            `The assignee must be an active consultant, coordinator or administrator of ${input.partner}`,
            {
              errors: [{ pointer: '/body/assigneeId', code: 'assignee_not_eligible', message: `Not active staff of ${input.partner}` }],
            },
          );
        }
        const status: ConsultingStatus = row.status === 'new' ? 'assigned' : row.status;
        // The deadline follows the calendar of the country where the request is now handled.
        const dueOn = row.firstRespondedAt
          ? row.firstResponseDueOn
          : firstResponseDueOn(localDay(row.createdAt), options.firstResponseDays, partnerCountry(input.partner));
        await repo.update(id, { status, partner: input.partner, assigneeId: user.id, firstResponseDueOn: dueOn });
        const actor = actorOf(ctx);
        await repo.addEvent({
          requestId: id,
          kind: 'assignment',
          actorId: actor.id,
          actorLabel: actor.label,
          fromStatus: row.status,
          toStatus: status,
          partner: input.partner,
          assigneeId: user.id,
        });
        const lang = user.language;
        const mail = requestAssignedMail(lang, {
          assignee: user.name,
          reference: row.reference,
          topic: row.topic,
          partner: input.partner,
          dueOn: formatDay(dueOn, lang),
        });
        await enqueueMail(tx, { kind: 'request_assigned', source: aboutRequest(id), recipient: user.email, language: lang, ...mail });
        const after = await detail(tx, id, { all: true });
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'consulting_request',
          entityId: id,
          before: audited(row),
          after: audited(after),
        });
        return after;
      });
    },

    /** Moves a request along the workflow; anything outside the graph is INVALID_TRANSITION. */
    async transition(
      ctx: RequestContext,
      id: string,
      input: ConsultingTransition,
      expectedVersion?: number,
    ): Promise<ConsultingRequestDetail> {
      return db.transaction(async (tx) => {
        const repo = createConsultingRepo(tx);
        const row = await forChange(tx, ctx, id, expectedVersion);
        if (!canConsultingTransition(row.status, input.to)) {
          const next = CONSULTING_TRANSITIONS[row.status].filter((s) => s !== 'assigned');
          const hint = row.status === 'new' && input.to === 'in_progress' ? '; assign it first' : '';
          throw new AppError(
            409,
            'INVALID_TRANSITION',
            `A request that is ${row.status} cannot become ${input.to}${hint}. ${
              next.length ? `Possible: ${next.join(', ')}${row.status === 'new' ? ', or assign it' : ''}` : 'It is final'
            }.`,
          );
        }
        const now = clock.now();
        const answers = input.to === 'waiting_for_requester' || input.to === 'resolved' || input.to === 'rejected';
        await repo.update(id, {
          status: input.to,
          outcome: input.to === 'resolved' ? input.outcome : input.to === 'in_progress' ? null : row.outcome,
          ...(answers && !row.firstRespondedAt ? { firstRespondedAt: now } : {}),
        });
        const actor = actorOf(ctx);
        await repo.addEvent({
          requestId: id,
          kind: 'transition',
          actorId: actor.id,
          actorLabel: actor.label,
          fromStatus: row.status,
          toStatus: input.to,
          body: input.to === 'rejected' ? input.reason : (input.note ?? null),
          outcome: input.to === 'resolved' ? input.outcome : null,
        });
        if (input.to === 'resolved' && row.requesterEmail && row.requesterName) {
          const mail = requestResolvedMail(row.language, { name: row.requesterName, reference: row.reference, outcome: input.outcome });
          await enqueueMail(tx, {
            kind: 'request_resolved',
            source: aboutRequest(id),
            recipient: row.requesterEmail,
            language: row.language,
            ...mail,
          });
        }
        const after = await detail(tx, id, { all: true });
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'consulting_request',
          entityId: id,
          before: audited(row),
          after: audited(after),
        });
        return after;
      });
    },

    /** A reply (e-mailed to the requester; it counts as the first answer) or an internal note. */
    async comment(ctx: RequestContext, id: string, input: ConsultingComment): Promise<ConsultingRequestDetail> {
      return db.transaction(async (tx) => {
        const repo = createConsultingRepo(tx);
        const row = await forChange(tx, ctx, id);
        const actor = actorOf(ctx);
        if (input.kind === 'reply') {
          if (!row.requesterEmail || !row.requesterName) {
            throw new AppError(409, 'REQUEST_ANONYMISED', 'The requester’s data has been erased: there is no one to reply to');
          }
          const mail = requestReplyMail(row.language, {
            name: row.requesterName,
            reference: row.reference,
            text: input.body,
            from: actor.label,
          });
          await enqueueMail(tx, {
            kind: 'request_reply',
            source: aboutRequest(id),
            recipient: row.requesterEmail,
            language: row.language,
            ...mail,
          });
        }
        await repo.update(id, input.kind === 'reply' && !row.firstRespondedAt ? { firstRespondedAt: clock.now() } : {});
        await repo.addEvent({ requestId: id, kind: input.kind, actorId: actor.id, actorLabel: actor.label, body: input.body });
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'consulting_request',
          entityId: id,
          changes: { timeline: { after: input.kind } },
        });
        return detail(tx, id, { all: true });
      });
    },

    /** Everything held about a requester, by e-mail: requests with their timeline, and the e-mails sent to them. */
    async exportPersonalData(ctx: RequestContext, email: string): Promise<PersonalDataExport> {
      return db.transaction(async (tx) => {
        const rows = await createConsultingRepo(tx).byEmail(email);
        const requests = await Promise.all(rows.map((r) => detail(tx, r.id, { all: true })));
        const messages = await messagesOf(tx, { recipient: email });
        await recordAudit(tx, ctx, {
          action: 'export',
          entity: 'personal_data',
          entityId: null,
          changes: { consultingRequests: { after: requests.length }, messages: { after: messages.length } },
        });
        return {
          email,
          exportedAt: clock.now().toISOString(),
          consultingRequests: requests,
          messages: messages.map((m) => {
            const { id, kind, recipient, subject, body, status, createdAt, sentAt } = m;
            return { id, kind, recipient, subject, body, status, createdAt, sentAt };
          }),
        };
      });
    },

    /**
     * Erases a requester's personal data: their requests stay for the statistics (topic, country,
     * language, partner, status, outcome, dates) without name, e-mail, organisation as written,
     * message and the texts of the timeline; e-mails to them lose address and text, and those not
     * yet sent are dropped. The audit trail records the erasure, not the erased data.
     */
    async erasePersonalData(ctx: RequestContext, email: string): Promise<PersonalDataErasure> {
      return db.transaction(async (tx) => {
        const rows = await createConsultingRepo(tx).byEmail(email);
        const ids = rows.map((r) => r.id);
        const now = clock.now();
        if (ids.length) {
          await tx
            .update(consultingRequestsTable)
            .set({
              requesterName: null,
              requesterEmail: null,
              organisationName: null,
              message: null,
              contentHash: null,
              idempotencyKey: null,
              anonymisedAt: now,
              updatedAt: now,
            })
            .where(inArray(consultingRequestsTable.id, ids));
          await tx.update(consultingEventsTable).set({ body: null }).where(inArray(consultingEventsTable.requestId, ids));
        }
        const messages = await eraseMessagesOf(tx, {
          recipient: email,
          about: { type: REQUEST_SOURCE, ids, kinds: ['request_received', 'request_resolved', 'request_reply'] },
        });
        for (const id of ids) {
          await recordAudit(tx, ctx, {
            action: 'erase',
            entity: 'consulting_request',
            entityId: id,
            changes: { personalData: { after: 'erased: requester, organisation as written, message, timeline texts, e-mails' } },
          });
        }
        return { consultingRequests: ids.length, messages };
      });
    },
  };
}
export type ConsultingService = ReturnType<typeof createConsultingService>;
