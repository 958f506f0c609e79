import { createHash, randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import {
  ASSIGNABLE_STATUSES,
  CONSULTING_LIMITS,
  canConsultingTransition,
  canKeepPartnerConsulting,
  CONSULTING_TRANSITIONS,
  EDITORS,
  localDay,
  PARTNER_CODES,
  PARTNERS,
  shiftDay,
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
  type ConsultingRequesterReply,
  type ConsultingSharedFiles,
  type ConsultingStatusLinkRevocation,
  type ConsultingStatusLinkRevoked,
  type ConsultingStatusView,
  type ConsultingStatus,
  type ConsultingSuggestion,
  type ConsultingTransition,
  type PartnerCode,
  type PartnerMailbox,
  type PartnerMailboxList,
  type PartnerMailboxUpdate,
} from '@euregionet/shared';
import type { z } from 'zod';
import { systemClock, todayOn, type Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { AppError, changedMeanwhile, notFound } from '../../errors.js';
import { SYSTEM_CONTEXT, type RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import { eraseFilesOf, filesOf, type FileOwnerResolver, type FileService, type UploadedFile } from '../files/files.service.js';
import type { FileStore } from '../files/file-store.js';
import { asJson, type PersonalDataProvider } from '../personal-data/personal-data.provider.js';
import { enqueueMail, eraseMessagesOf, type MessageSource } from '../outbox/outbox.repo.js';
import { firstResponseDueOn } from './consulting.calendar.js';
import {
  formatDay,
  overdueMail,
  REQUESTER_MAIL_KINDS,
  requestAssignedMail,
  requestAutoClosedMail,
  requesterRepliedMail,
  requestReceivedMail,
  requestRejectedMail,
  requestReplyMail,
  requestResolvedMail,
  statusLinkMail,
  type Addressee,
  type Mail,
  type MailKind,
} from './consulting.mail.js';
import { createConsultingRepo, type RequestRow, type Visibility } from './consulting.repo.js';
import { linkedRecords } from './consulting.links.js';
import { createTemplateRepo } from './consulting.templates.repo.js';
import { consultingEventsTable, consultingRequestsTable } from './consulting.table.js';

export interface ConsultingOptions {
  /** Working days until the first answer is due. */
  firstResponseDays: number;
  /** A submission identical to one of the last minutes is that one. */
  duplicateWindowMinutes: number;
  /** Days a status link keeps working after the request was closed or rejected. */
  statusLinkGraceDays?: number;
  /** Days past the first-response day until the partner's coordinators are reminded. */
  escalationDays?: number;
  /** Days a request may wait for the requester before it is closed. */
  waitingCloseDays?: number;
  /** Where the API is reached from outside: status links start with it. */
  publicBaseUrl?: string;
  clock?: Clock;
  /** Where the requester's attachments go; without it the status page takes text only. */
  files?: { service: FileService; store: FileStore };
}

/** The service's options from the app's configuration. */
export function consultingOptions(config: Config, clock: Clock, files?: ConsultingOptions['files']): ConsultingOptions {
  return { ...config.consulting, publicBaseUrl: config.publicBaseUrl, clock, ...(files ? { files } : {}) };
}

/** What a requester may do with their request's files: attach to it and read what they see. */
const REQUESTER_FILE_ACCESS = { public: false, read: true, edit: true } as const;

/** Requests that are over: an answer from the requester is no longer taken. */
const FINAL: readonly ConsultingStatus[] = ['closed', 'rejected'];
const DAY_MS = 86_400_000;

/**
 * A requester attaches at most `requesterFilesPerRequest` files to one request over the whole
 * conversation (`adding` more now, on top of those already stored and counted).
 */
async function assertRequesterFilesFit(db: Db, requestId: string, adding: number): Promise<void> {
  const held = (await createConsultingRepo(db).requesterFiles(requestId)).filter((f) => f.reason === 'uploaded').length;
  const max = CONSULTING_LIMITS.requesterFilesPerRequest;
  if (held + adding > max) {
    throw new AppError(409, 'REQUEST_FILES_LIMIT', `A request takes at most ${max} files from its requester; it has ${held}`);
  }
}

/** Only the hash of a status token is stored. */
export const hashStatusToken = (token: string) => createHash('sha256').update(token).digest('hex');

const statusLinkInvalid = () =>
  notFound('STATUS_LINK_INVALID', 'This link does not work (any more): it may have expired or been replaced by a newer one');

/** `profileId`: a portal visitor's interest in a public opportunity (see modules/opportunities). */
type IntakeInput = z.output<typeof ConsultingRequestIntakeSchema> & { profileId?: string };
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
    // Only when given, so that submissions without one keep the hash they always had.
    ...(input.clusterId ? [input.clusterId] : []),
    ...(input.profileId ? [`profile:${input.profileId}`] : []),
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
    return {
      ...request,
      timeline: await repo.timeline(id),
      ...(await createTemplateRepo(tx).linked(id)),
      requesterFileIds: (await repo.requesterFiles(id)).map((f) => f.fileId),
    };
  }

  /** The row for a change: locked, visible to the caller (else 404), changeable by them (else 403). */
  async function forChange(tx: Db, ctx: RequestContext, id: string, expectedVersion?: number): Promise<RequestRow> {
    const row = await createConsultingRepo(tx).row(id, true);
    if (!row || !canSee(visibilityOf(ctx), row)) throw requestNotFound(id);
    assertCanEdit(ctx, owned(row));
    checkVersion(row, expectedVersion);
    return row;
  }

  const graceMs = (options.statusLinkGraceDays ?? 30) * DAY_MS;
  const baseUrl = options.publicBaseUrl ?? 'http://localhost:3000';

  /** A person who reads replies by e-mail: the partner's mailbox, else the assignee. */
  async function replyToOf(tx: Db, row: RequestRow): Promise<string | null> {
    const repo = createConsultingRepo(tx);
    const mailbox = (await repo.mailboxes()).find((m) => m.partner === row.partner)?.replyTo;
    if (mailbox) return mailbox;
    return row.assigneeId ? ((await repo.assignee(row.assigneeId))?.email ?? null) : null;
  }

  /**
   * Every e-mail to the requester carries a new link to their status page (the token itself is
   * only in the e-mail) and a Reply-To that reaches a person. `closedAt`: the request is over
   * and the link counts down from then.
   */
  async function mailRequester(tx: Db, row: RequestRow, kind: MailKind, compose: (to: Addressee) => Mail, closedAt?: Date) {
    const name = row.requesterName;
    if (!row.requesterEmail || !name) return;
    const now = clock.now();
    const token = randomBytes(32).toString('base64url');
    await createConsultingRepo(tx).insertLink({
      requestId: row.id,
      tokenHash: hashStatusToken(token),
      createdAt: now,
      expiresAt: closedAt ? new Date(closedAt.getTime() + graceMs) : null,
    });
    await enqueueMail(tx, {
      kind,
      source: aboutRequest(row.id),
      recipient: row.requesterEmail,
      replyTo: await replyToOf(tx, row),
      language: row.language,
      ...compose({ name, link: { url: `${baseUrl}/status/${token}`, partner: row.partner } }),
    });
  }

  /** The request behind a status link; a revoked, expired or unknown link, or erased data, is 404. */
  async function requestOfToken(tx: Db, token: string, forUpdate: boolean): Promise<RequestRow> {
    const repo = createConsultingRepo(tx);
    const id = await repo.requestOfLink(hashStatusToken(token), clock.now());
    const row = id ? await repo.row(id, forUpdate) : undefined;
    if (!row || row.anonymisedAt) throw statusLinkInvalid();
    return row;
  }

  async function statusView(tx: Db, row: RequestRow): Promise<ConsultingStatusView> {
    const repo = createConsultingRepo(tx);
    const messages = await repo.conversation(row.id);
    const shared = new Set((await repo.requesterFiles(row.id)).filter((f) => f.reason === 'shared').map((f) => f.fileId));
    const files = shared.size ? (await filesOf(tx, 'consulting_request', [row.id])).get(row.id)!.filter((f) => shared.has(f.id)) : [];
    return {
      reference: row.reference,
      status: row.status,
      language: row.language,
      topic: row.topic,
      receivedAt: row.createdAt.toISOString(),
      firstResponseDueOn: row.firstResponseDueOn,
      canReply: !FINAL.includes(row.status),
      messages: messages.map((m) => ({
        at: m.at.toISOString(),
        from: m.kind === 'requester_reply' ? ('requester' as const) : ('staff' as const),
        body: m.body!,
        files: m.files ?? [],
      })),
      files: files.map((f) => ({ id: f.id, name: f.name })),
    };
  }

  /** Closing a request starts the countdown of its status links. */
  async function closeLinks(tx: Db, id: string, now: Date) {
    await createConsultingRepo(tx).expireLinks(id, new Date(now.getTime() + graceMs));
  }

  /** The request after a change, with the change in the audit trail. */
  /**
   * Links the funding calls and matches a reply or an outcome sent to the request (each once),
   * up to `linkedRecords` of each per request: the bound of the request's lists.
   */
  async function linkSent(tx: Db, id: string, sent: { fundingCallIds: readonly string[]; matchIds: readonly string[] }) {
    const templates = createTemplateRepo(tx);
    await templates.link(id, sent, clock.now());
    const linked = await templates.linked(id);
    const max = CONSULTING_LIMITS.linkedRecords;
    const over = (['fundingCallIds', 'matchIds'] as const).filter((k) => linked[k].length > max);
    if (over.length) {
      throw new AppError(400, 'VALIDATION_FAILED', `A request links at most ${max} funding calls and ${max} matches`, {
        errors: over.map((k) => ({ pointer: `/body/${k}`, code: 'too_many_linked', message: `At most ${max} per request` })),
      });
    }
  }

  async function auditedChange(tx: Db, ctx: RequestContext, before: RequestRow): Promise<ConsultingRequestDetail> {
    const after = await detail(tx, before.id, { all: true });
    await recordAudit(tx, ctx, {
      action: 'update',
      entity: 'consulting_request',
      entityId: before.id,
      before: audited(before),
      after: audited(after),
    });
    return after;
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

        if (input.clusterId && !(await repo.clusterExists(input.clusterId))) {
          throw new AppError(400, 'VALIDATION_FAILED', 'No cluster with this id', {
            errors: [{ pointer: '/body/clusterId', code: 'unknown_cluster', message: 'No cluster with this id' }],
          });
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
          clusterId: input.clusterId ?? null,
          profileId: input.profileId ?? null,
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
          at: clock.now(),
          requestId: row.id,
          kind: 'created',
          actorId: actor.id,
          actorLabel: actor.label,
          toStatus: 'new',
          partner: row.partner,
        });
        await mailRequester(tx, row, 'request_received', (to) =>
          requestReceivedMail(row.language, { ...to, reference, topic: input.topic, dueOn: formatDay(dueOn, row.language) }),
        );
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
          at: clock.now(),
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
        return auditedChange(tx, ctx, row);
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
          at: clock.now(),
          requestId: id,
          kind: 'transition',
          actorId: actor.id,
          actorLabel: actor.label,
          fromStatus: row.status,
          toStatus: input.to,
          body: input.to === 'rejected' ? input.reason : (input.note ?? null),
          outcome: input.to === 'resolved' ? input.outcome : null,
        });
        const sent = input.to === 'resolved' ? { fundingCallIds: input.fundingCallIds ?? [], matchIds: input.matchIds ?? [] } : undefined;
        if (sent) {
          await linkedRecords.check(tx, sent);
          await linkSent(tx, id, sent);
        }
        const closing = FINAL.includes(input.to) ? now : undefined;
        if (closing) await closeLinks(tx, id, closing);
        if (input.to === 'resolved') {
          await mailRequester(tx, row, 'request_resolved', (to) =>
            requestResolvedMail(row.language, { ...to, reference: row.reference, outcome: input.outcome }),
          );
        }
        if (input.to === 'rejected') {
          await mailRequester(
            tx,
            row,
            'request_rejected',
            (to) => requestRejectedMail(row.language, { ...to, reference: row.reference, reason: input.reason }),
            closing,
          );
        }
        if (sent && (sent.fundingCallIds.length || sent.matchIds.length)) {
          await recordAudit(tx, ctx, {
            action: 'update',
            entity: 'consulting_request',
            entityId: id,
            changes: {
              ...(sent.fundingCallIds.length ? { fundingCalls: { after: sent.fundingCallIds } } : {}),
              ...(sent.matchIds.length ? { matches: { after: sent.matchIds } } : {}),
            },
          });
        }
        return auditedChange(tx, ctx, row);
      });
    },

    /** A reply (e-mailed to the requester; it counts as the first answer) or an internal note. */
    async comment(ctx: RequestContext, id: string, input: ConsultingComment): Promise<ConsultingRequestDetail> {
      return db.transaction(async (tx) => {
        const repo = createConsultingRepo(tx);
        const row = await forChange(tx, ctx, id);
        const actor = actorOf(ctx);
        const sent = { fundingCallIds: input.fundingCallIds ?? [], matchIds: input.matchIds ?? [] };
        if (input.kind === 'note' && (input.alongside || sent.fundingCallIds.length || sent.matchIds.length)) {
          throw new AppError(400, 'VALIDATION_FAILED', 'Only a reply carries a translation, funding calls or matches', {
            errors: [{ pointer: '/body/kind', code: 'reply_only', message: 'alongside, fundingCallIds and matchIds belong to a reply' }],
          });
        }
        // The requester reads the reply in the language it was written in, and below it in their own.
        const text = input.alongside ? `${input.body}\n\n———\n\n${input.alongside}` : input.body;
        if (input.kind === 'reply') {
          if (!row.requesterEmail || !row.requesterName) {
            throw new AppError(409, 'REQUEST_ANONYMISED', 'The requester’s data has been erased: there is no one to reply to');
          }
          await linkedRecords.check(tx, sent);
          await linkSent(tx, id, sent);
          await mailRequester(tx, row, 'request_reply', (to) =>
            requestReplyMail(row.language, { ...to, reference: row.reference, text, from: actor.label }),
          );
        }
        await repo.update(id, input.kind === 'reply' && !row.firstRespondedAt ? { firstRespondedAt: clock.now() } : {});
        await repo.addEvent({
          at: clock.now(),
          requestId: id,
          kind: input.kind,
          actorId: actor.id,
          actorLabel: actor.label,
          body: text,
        });
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'consulting_request',
          entityId: id,
          changes: {
            timeline: { after: input.kind },
            ...(sent.fundingCallIds.length ? { fundingCalls: { after: sent.fundingCallIds } } : {}),
            ...(sent.matchIds.length ? { matches: { after: sent.matchIds } } : {}),
          },
        });
        return detail(tx, id, { all: true });
      });
    },

    /**
     * Records a match staff proposed for the request (an interest in an opportunity turned into
     * a match): linked like a match sent in a reply, with a note in the timeline.
     */
    async linkProposedMatch(ctx: RequestContext, id: string, matchId: string, label: string): Promise<ConsultingRequestDetail> {
      return db.transaction(async (tx) => {
        await forChange(tx, ctx, id);
        const actor = actorOf(ctx);
        await linkSent(tx, id, { fundingCallIds: [], matchIds: [matchId] });
        await createConsultingRepo(tx).update(id, {});
        await createConsultingRepo(tx).addEvent({
          at: clock.now(),
          requestId: id,
          kind: 'note',
          actorId: actor.id,
          actorLabel: actor.label,
          body: label,
        });
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'consulting_request',
          entityId: id,
          changes: { matches: { after: [matchId] } },
        });
        return detail(tx, id, { all: true });
      });
    },

    /** What the holder of a status link sees of their request. */
    status: (token: string): Promise<ConsultingStatusView> =>
      db.transaction(async (tx) => statusView(tx, await requestOfToken(tx, token, false))),

    /** The requester's view of a request, for staff who may read it (the status page's preview). */
    async statusPreview(ctx: RequestContext, id: string): Promise<ConsultingStatusView> {
      const repo = createConsultingRepo(db);
      const row = await repo.row(id);
      if (!row || !canSee(visibilityOf(ctx), row)) throw requestNotFound(id);
      return statusView(db, row);
    },

    /** The portal's view: the same, only when the link belongs to the request of that reference. */
    async statusOfReference(reference: string, token: string): Promise<ConsultingStatusView> {
      return db.transaction(async (tx) => {
        const row = await requestOfToken(tx, token, false);
        if (row.reference !== reference) throw statusLinkInvalid();
        return statusView(tx, row);
      });
    },

    /**
     * The requester's answer from the status page: it goes into the timeline, brings a request
     * waiting for them back to `in_progress`, and is e-mailed to the assignee (to the partner's
     * coordinators while nobody is assigned). A closed or rejected request takes no answer.
     */
    async requesterReply(
      ctx: RequestContext,
      token: string,
      input: ConsultingRequesterReply,
      uploads: readonly UploadedFile[] = [],
    ): Promise<ConsultingStatusView> {
      if (uploads.length > CONSULTING_LIMITS.requesterFiles) {
        throw new AppError(413, 'TOO_MANY_FILES', `An answer may carry at most ${CONSULTING_LIMITS.requesterFiles} files`);
      }
      if (uploads.length && !options.files) throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED', 'This server takes no attachments');
      // The files are stored first (their bytes cannot join a database transaction), each one
      // checked like any upload; if the answer then fails, they go again.
      const before = await db.transaction((tx) => requestOfToken(tx, token, false));
      if (FINAL.includes(before.status)) throw new AppError(409, 'REQUEST_CLOSED', 'This request is closed; please send a new request');
      // Checked before the bytes are stored, and again under the request's lock (two answers at once).
      await assertRequesterFilesFit(db, before.id, uploads.length);
      const attached: { id: string; name: string }[] = [];
      const discard = async () => {
        for (const f of attached) await options.files!.service.remove(ctx, f.id, REQUESTER_FILE_ACCESS).catch(() => undefined);
      };
      try {
        for (const upload of uploads) {
          const stored = await options.files!.service.upload(ctx, 'consulting_request', before.id, upload, REQUESTER_FILE_ACCESS);
          attached.push({ id: stored.id, name: stored.name });
        }
        return await answer();
      } catch (err) {
        await discard();
        throw err;
      }

      async function answer() {
        return db.transaction(async (tx) => {
          const repo = createConsultingRepo(tx);
          const row = await requestOfToken(tx, token, true);
          if (row.id !== before.id || FINAL.includes(row.status)) {
            throw new AppError(409, 'REQUEST_CLOSED', 'This request is closed; please send a new request');
          }
          await assertRequesterFilesFit(tx, row.id, attached.length);
          const status: ConsultingStatus = row.status === 'waiting_for_requester' ? 'in_progress' : row.status;
          if (status !== row.status) await repo.update(row.id, { status });
          else await repo.update(row.id, {});
          await repo.addEvent({
            at: clock.now(),
            requestId: row.id,
            kind: 'requester_reply',
            actorId: null,
            actorLabel: 'requester',
            body: input.body,
            files: attached.length ? attached : null,
            ...(status !== row.status ? { fromStatus: row.status, toStatus: status } : {}),
          });
          await repo.addRequesterFiles(
            row.id,
            attached.map((f) => f.id),
            'uploaded',
            clock.now(),
          );
          const assignee = row.assigneeId ? await repo.assignee(row.assigneeId) : undefined;
          const staff = assignee && assignee.status === 'active' ? [assignee] : await repo.coordinatorsOf(row.partner);
          for (const person of staff) {
            const mail = requesterRepliedMail(person.language, {
              reference: row.reference,
              text: input.body,
              files: attached.map((f) => f.name),
            });
            await enqueueMail(tx, {
              kind: 'requester_replied',
              source: aboutRequest(row.id),
              recipient: person.email,
              language: person.language,
              ...mail,
            });
          }
          await recordAudit(tx, ctx, {
            action: 'update',
            entity: 'consulting_request',
            entityId: row.id,
            changes: {
              timeline: { after: 'requester_reply' },
              ...(attached.length ? { files: { after: attached.map((f) => f.id) } } : {}),
              ...(status !== row.status ? { status: { before: row.status, after: status } } : {}),
            },
          });
          return statusView(tx, (await repo.row(row.id))!);
        });
      }
    },

    /**
     * A file of the request for the holder of its status link: one they attached, or one staff
     * chose to show them. Any other file is as missing as one that does not exist.
     */
    async requesterFile(token: string, fileId: string) {
      const row = await db.transaction((tx) => requestOfToken(tx, token, false));
      const visible = (await createConsultingRepo(db).requesterFiles(row.id)).some((f) => f.fileId === fileId);
      if (!visible || !options.files) throw notFound('FILE_NOT_FOUND', `No file with id ${fileId}`);
      return options.files.service.contentOf('consulting_request', row.id, fileId);
    },

    /**
     * Staff choose which of their files of a request the requester sees on the status page.
     * The requester's own attachments stay visible to them whatever is chosen.
     */
    async shareFiles(
      ctx: RequestContext,
      id: string,
      input: ConsultingSharedFiles,
      expectedVersion?: number,
    ): Promise<ConsultingRequestDetail> {
      return db.transaction(async (tx) => {
        const repo = createConsultingRepo(tx);
        await forChange(tx, ctx, id, expectedVersion);
        const own = new Set((await filesOf(tx, 'consulting_request', [id])).get(id)!.map((f) => f.id));
        const foreign = input.fileIds.filter((f) => !own.has(f));
        if (foreign.length) {
          throw new AppError(400, 'VALIDATION_FAILED', 'Only files of this request can be shown to its requester', {
            errors: foreign.map((f) => ({
              pointer: `/body/fileIds/${input.fileIds.indexOf(f)}`,
              code: 'not_a_file_of_the_request',
              message: `${f} is not a file of this request`,
            })),
          });
        }
        const before = (await repo.requesterFiles(id)).filter((f) => f.reason === 'shared').map((f) => f.fileId);
        const fileIds = [...new Set(input.fileIds)];
        await repo.unshareFiles(id, fileIds);
        await repo.addRequesterFiles(id, fileIds, 'shared', clock.now());
        await repo.update(id, {});
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'consulting_request',
          entityId: id,
          changes: { sharedFiles: { before, after: fileIds } },
        });
        return detail(tx, id, { all: true });
      });
    },

    /** Staff end every status link of a request (e.g. one was forwarded); a new one may go out at once. */
    async revokeStatusLinks(ctx: RequestContext, id: string, input: ConsultingStatusLinkRevocation): Promise<ConsultingStatusLinkRevoked> {
      return db.transaction(async (tx) => {
        const row = await forChange(tx, ctx, id);
        const now = clock.now();
        const revoked = await createConsultingRepo(tx).revokeLinks(id, now);
        const send = input.sendNewLink === true;
        if (send) {
          if (!row.requesterName || !row.requesterEmail) {
            throw new AppError(409, 'REQUEST_ANONYMISED', 'The requester’s data has been erased: there is no one to send a link to');
          }
          const closedAt = FINAL.includes(row.status) ? now : undefined;
          await mailRequester(tx, row, 'status_link', (to) => statusLinkMail(row.language, { ...to, reference: row.reference }), closedAt);
        }
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'consulting_request',
          entityId: id,
          changes: { statusLinks: { after: send ? 'revoked, new link sent' : 'revoked' } },
        });
        return { revoked, sentNewLink: send };
      });
    },

    /** Each partner's Reply-To mailbox for requesters' e-mails. */
    async mailboxes(): Promise<PartnerMailboxList> {
      const rows = await createConsultingRepo(db).mailboxes();
      return {
        items: PARTNER_CODES.map((partner) => {
          const row = rows.find((r) => r.partner === partner);
          return {
            partner,
            replyTo: row?.replyTo ?? null,
            escalationDays: row?.escalationDays ?? null,
            waitingCloseDays: row?.waitingCloseDays ?? null,
            version: row?.version ?? 0,
          };
        }),
      };
    },

    async updateMailbox(
      ctx: RequestContext,
      partner: PartnerCode,
      input: PartnerMailboxUpdate,
      expectedVersion?: number,
    ): Promise<PartnerMailbox> {
      return db.transaction(async (tx) => {
        const actor = ctx.actor;
        if (actor && (actor.kind !== 'user' || !canKeepPartnerConsulting(actor, partner))) {
          throw new AppError(403, 'FORBIDDEN', `Only a coordinator of ${partner} or an administrator may change its settings`);
        }
        const repo = createConsultingRepo(tx);
        const before = await repo.mailbox(partner);
        const version = before?.version ?? 0;
        if (expectedVersion !== undefined && expectedVersion !== version) throw changedMeanwhile('mailbox', version);
        const was = {
          replyTo: before?.replyTo ?? null,
          escalationDays: before?.escalationDays ?? null,
          waitingCloseDays: before?.waitingCloseDays ?? null,
        };
        // A delay left out stays as it was: the Reply-To alone can be set as before.
        const now = {
          replyTo: input.replyTo,
          escalationDays: input.escalationDays === undefined ? was.escalationDays : input.escalationDays,
          waitingCloseDays: input.waitingCloseDays === undefined ? was.waitingCloseDays : input.waitingCloseDays,
        };
        await repo.saveMailbox(partner, now);
        const changes = Object.fromEntries(
          (Object.keys(now) as (keyof typeof now)[])
            .filter((k) => now[k] !== was[k])
            .map((k) => [`${partner}.${k}`, { before: was[k], after: now[k] }]),
        );
        await recordAudit(tx, ctx, { action: 'update', entity: 'partner_mailbox', entityId: null, changes });
        return { partner, ...now, version: version + 1 };
      });
    },

    /**
     * One round of the deadline worker. Overdue requests remind their assignee, and once they are
     * `escalationDays` further past their day, the partner's coordinators; each step once per
     * request, with its entry in the timeline. Requests that have waited `waitingCloseDays` for the
     * requester are closed, and the requester is told.
     */
    async runDeadlines(): Promise<{ reminded: number; escalated: number; closed: number }> {
      const repo = createConsultingRepo(db);
      const now = clock.now();
      const day = localDay(now);
      let reminded = 0;
      let escalated = 0;
      let closed = 0;
      // Each partner escalates after its own delay, where it set one.
      const delays = new Map((await repo.mailboxes()).map((m) => [m.partner, m.escalationDays]));
      for (const request of await repo.overdueBefore(day)) {
        const escalationDays = delays.get(request.partner) ?? options.escalationDays ?? 2;
        const escalate = shiftDay(request.firstResponseDueOn, escalationDays) < day;
        await db.transaction(async (tx) => {
          const r = createConsultingRepo(tx);
          const assignee = request.assigneeId ? await r.assignee(request.assigneeId) : undefined;
          if (assignee && (await r.claimReminder(request.id, 'assignee', now))) {
            const lang = assignee.language;
            const mail = overdueMail(lang, {
              reference: request.reference,
              dueOn: formatDay(request.firstResponseDueOn, lang),
              step: 'assignee',
              assignee: assignee.name,
            });
            await enqueueMail(tx, {
              kind: 'request_overdue',
              source: aboutRequest(request.id),
              recipient: assignee.email,
              language: lang,
              ...mail,
            });
            await r.addEvent({
              at: now,
              requestId: request.id,
              kind: 'reminder',
              actorId: null,
              actorLabel: 'system',
              assigneeId: assignee.id,
              body: null,
            });
            reminded++;
          }
          if (escalate && (await r.claimReminder(request.id, 'coordinator', now))) {
            for (const c of await r.coordinatorsOf(request.partner)) {
              const mail = overdueMail(c.language, {
                reference: request.reference,
                dueOn: formatDay(request.firstResponseDueOn, c.language),
                step: 'coordinator',
                assignee: assignee?.name ?? null,
              });
              await enqueueMail(tx, {
                kind: 'request_escalated',
                source: aboutRequest(request.id),
                recipient: c.email,
                language: c.language,
                ...mail,
              });
            }
            await r.addEvent({
              at: now,
              requestId: request.id,
              kind: 'escalation',
              actorId: null,
              actorLabel: 'system',
              partner: request.partner,
              body: null,
            });
            escalated++;
          }
        });
      }
      for (const { id, days } of await repo.waitingTooLong(now, options.waitingCloseDays ?? 28)) {
        await db.transaction(async (tx) => {
          const r = createConsultingRepo(tx);
          const row = await r.row(id, true);
          // Answered meanwhile: the requester's reply moved it on.
          if (row?.status !== 'waiting_for_requester') return;
          await r.update(id, { status: 'closed' });
          await r.addEvent({
            at: now,
            requestId: id,
            kind: 'transition',
            actorId: null,
            actorLabel: 'system',
            fromStatus: row.status,
            toStatus: 'closed',
            body: null,
          });
          await closeLinks(tx, id, now);
          await mailRequester(
            tx,
            row,
            'request_auto_closed',
            (to) => requestAutoClosedMail(row.language, { ...to, reference: row.reference, days }),
            now,
          );
          await recordAudit(tx, SYSTEM_CONTEXT, {
            action: 'update',
            entity: 'consulting_request',
            entityId: id,
            changes: { status: { before: row.status, after: 'closed' } },
          });
          closed++;
        });
      }
      return { reminded, escalated, closed };
    },

    /**
     * The consulting part of the personal-data export and erasure. Erasure keeps the requests for
     * the statistics (topic, country, language, partner, status, outcome, dates) without name,
     * e-mail, organisation as written, message, the texts and files of the timeline; the e-mails
     * about them lose address and text, and those not yet sent are dropped (the outbox's part
     * then takes the rest of the e-mails to the address).
     */
    personalData: {
      module: 'consulting',
      columns: ['consulting_requests.requester_email'],
      async export(tx, email) {
        const rows = await createConsultingRepo(tx).byEmail(email);
        return { requests: await Promise.all(rows.map(async (r) => asJson(await detail(tx, r.id, { all: true })))) };
      },
      async erase(tx, email, scope) {
        const ids = (await createConsultingRepo(tx).byEmail(email)).map((r) => r.id);
        if (!ids.length) return { requests: 0, files: 0, messages: 0 };
        await tx
          .update(consultingRequestsTable)
          .set({
            requesterName: null,
            requesterEmail: null,
            organisationName: null,
            message: null,
            contentHash: null,
            idempotencyKey: null,
            anonymisedAt: scope.now,
            updatedAt: scope.now,
          })
          .where(inArray(consultingRequestsTable.id, ids));
        await tx.update(consultingEventsTable).set({ body: null, files: null }).where(inArray(consultingEventsTable.requestId, ids));
        let files = 0;
        // The files of the conversation may carry personal data as much as its texts.
        if (options.files) {
          for (const id of ids) {
            const removed = await eraseFilesOf(tx, options.files.store, 'consulting_request', id);
            files += removed.count;
            scope.afterCommit(removed.removeBytes);
          }
        }
        // E-mails about the requests, also those sent to an address the requester has changed since.
        const messages = await eraseMessagesOf(tx, { recipient: email, about: { type: REQUEST_SOURCE, ids, kinds: REQUESTER_MAIL_KINDS } });
        return { requests: ids.length, files, messages };
      },
    } satisfies PersonalDataProvider,
  };
}
export type ConsultingService = ReturnType<typeof createConsultingService>;

/**
 * The files of a consulting request are for the staff who may read the request (the handling
 * partner's, and coordinators and administrators); those who may change it attach and remove
 * them. The requester reaches theirs only through the status link.
 */
export const consultingRequestFileOwner: FileOwnerResolver = async (db, ctx, id) => {
  const row = await createConsultingRepo(db).row(id);
  if (!row || ctx.actor?.kind !== 'user' || !canSee(visibilityOf(ctx), row)) return null;
  let edit = true;
  try {
    assertCanEdit(ctx, owned(row));
  } catch {
    edit = false;
  }
  return { public: false, read: true, edit };
};
