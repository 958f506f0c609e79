import {
  AnswerDraftRequestSchema,
  AnswerDraftSchema,
  AnswerTemplateCreateSchema,
  AnswerTemplateListQuerySchema,
  AnswerTemplateListSchema,
  AnswerTemplateSchema,
  AnswerTemplateUpdateSchema,
  ANY_STAFF,
  ConsultingAssignmentSchema,
  ConsultingCommentSchema,
  ConsultingCountsSchema,
  ConsultingListQuerySchema,
  ConsultingRequestCreateSchema,
  ConsultingRequestDetailSchema,
  ConsultingRequestIntakeSchema,
  ConsultingRequestPageSchema,
  ConsultingRequestReceiptSchema,
  ConsultingSettingsSchema,
  ConsultingSharedFilesSchema,
  ConsultingStatusLinkRevocationSchema,
  ConsultingStatusLinkRevokedSchema,
  ConsultingStatusViewSchema,
  ConsultingSuggestionSchema,
  ConsultingTransitionSchema,
  EDITORS,
  IdParamsSchema,
  MANAGERS,
  PartnerMailboxListSchema,
  PartnerMailboxSchema,
  PartnerMailboxUpdateSchema,
  PartnerParamsSchema,
} from '@euregionet/shared';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { recordRoutes } from '../../record-routes.js';
import { apiRoutes } from '../../api-route.js';
import { etagOf, versionFromIfMatch } from '../../http.js';
import { STAFF } from '../auth/access.js';
import { contextOf } from '../auth/auth.plugin.js';
import { publicIntake } from '../public/intake.js';
import { restrictCors } from '../public/portal-cors.js';
import { consultingOptions, createConsultingService, type ConsultingOptions } from './consulting.service.js';
import { createTemplateService } from './consulting.templates.service.js';

const IntakeHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .max(100)
    .regex(/^[\w.:-]{8,100}$/)
    .optional()
    .describe('Any unique text per submission (e.g. a UUID); a retry with the same key answers the first result'),
});

/** The inbox search may hold a name or an e-mail: its log lines show the path only. */
const pathOnly = {
  req: (request: { method: string; url: string; id: string }) => ({
    method: request.method,
    url: request.url.split('?')[0],
    id: request.id,
  }),
};

const ifMatch = (header: string | undefined) => (header ? versionFromIfMatch(header) : undefined);
const withEtag = <T extends { version: number }>(reply: FastifyReply, body: T) => reply.header('etag', etagOf(body.version)).send(body);

export const consultingRoutes: FastifyPluginAsyncZod<{ config: Config; files: NonNullable<ConsultingOptions['files']> }> = async (
  app,
  { config, files },
) => {
  const consulting = createConsultingService(app.db, consultingOptions(config, app.clock, files));
  const templates = createTemplateService(app.db, consulting, { clock: app.clock });
  const tags = ['consulting'];
  const route = apiRoutes(tags);

  // Besides the key's own limit: each client address may submit only so many per hour.
  const intake = publicIntake(app, { name: 'consulting-intake', perAddressPerHour: config.consulting.intakePerAddressPerHour });

  app.post('/public/consulting-requests', {
    ...intake,
    ...route({
      access: { roles: [], scopes: ['requests:create'] },
      operationId: 'submitConsultingRequest',
      summary: 'Submit a consulting request from a portal (key scope requests:create)',
      description:
        'Answers 201 with the reference the requester can quote. The same submission again within a few minutes, or with the same `Idempotency-Key`, answers the first request again (header `Idempotent-Replayed: true`) and creates no second one.',
      headers: IntakeHeadersSchema,
      body: ConsultingRequestIntakeSchema,
      response: { 201: ConsultingRequestReceiptSchema },
      errors: [409],
    }),
    handler: async (request, reply) => {
      const actor = request.actor!;
      if (actor.kind !== 'apiKey') throw new AppError(403, 'FORBIDDEN', 'Portals submit with an API key');
      if (request.body.website?.trim()) request.log.info('consulting intake: honeypot field filled, submission discarded');
      // The client address may be the requester's own (a portal's page calling us directly): it
      // stays out of the append-only audit trail, which an erasure could not clean.
      const result = await consulting.intake({ ...contextOf(request), ip: '' }, request.body, {
        kind: 'portal',
        apiKeyId: actor.id,
        partner: actor.partner,
        ...(request.headers['idempotency-key'] ? { idempotencyKey: request.headers['idempotency-key'] } : {}),
      });
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(result.receipt);
    },
  });

  app.get('/public/consulting-requests/:reference', {
    onSend: async (request, reply, payload) => {
      restrictCors(request, reply);
      return payload;
    },
    ...route({
      access: { roles: [], scopes: ['requests:create', 'public:read'] },
      operationId: 'getConsultingRequestStatus',
      summary: 'Where a request stands, for the portal that shows it to its requester (the requester’s link token in X-Status-Token)',
      description:
        'The token is the last part of the status link in the requester’s e-mails (`…/status/{token}`). It travels in a header so that it stays out of access logs. A wrong, revoked or expired token, or one of another request, is 404 `STATUS_LINK_INVALID`.',
      params: z.object({
        reference: z
          .string()
          .max(40)
          .regex(/^EURN-\d{4}-\d{5,}$/)
          .describe('e.g. `EURN-2026-00042`'),
      }),
      headers: z.object({
        'x-status-token': z
          .string()
          .max(43)
          .regex(/^[A-Za-z0-9_-]{43}$/)
          .describe('The token of the requester’s status link'),
      }),
      response: { 200: ConsultingStatusViewSchema },
    }),
    handler: async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return consulting.statusOfReference(request.params.reference, request.headers['x-status-token']);
    },
  });

  app.post('/consulting-requests/:id/status-links/revocation', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'revokeConsultingStatusLinks',
      summary: 'End every status link of a request (e.g. one was forwarded); optionally e-mail the requester a new one',
      params: IdParamsSchema,
      body: ConsultingStatusLinkRevocationSchema,
      response: { 200: ConsultingStatusLinkRevokedSchema },
      errors: [409],
    }),
    handler: async (request) => consulting.revokeStatusLinks(contextOf(request), request.params.id, request.body),
  });

  app.get('/partner-mailboxes', {
    ...route({
      access: STAFF,
      operationId: 'listPartnerMailboxes',
      summary: 'Each partner’s mailbox for replies to requesters’ e-mails (Reply-To)',
      response: { 200: PartnerMailboxListSchema },
    }),
    handler: async () => consulting.mailboxes(),
  });

  app.put('/partner-mailboxes/:partner', {
    ...route({
      access: { roles: MANAGERS },
      operationId: 'setPartnerMailbox',
      summary: 'Set (or clear, with null) a partner’s Reply-To mailbox; coordinators and administrators',
      description: '`If-Match` is optional: when sent, the change is refused (412) if the setting changed since.',
      params: PartnerParamsSchema,
      ifMatch: 'optional',
      body: PartnerMailboxUpdateSchema,
      response: { 200: PartnerMailboxSchema },
    }),
    handler: async (request, reply) =>
      withEtag(
        reply,
        await consulting.updateMailbox(contextOf(request), request.params.partner, request.body, ifMatch(request.headers['if-match'])),
      ),
  });

  app.post('/consulting-requests', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'createConsultingRequest',
      summary: 'Take in a consulting request (staff, e.g. from a call or a visit)',
      body: ConsultingRequestCreateSchema,
      response: { 201: ConsultingRequestDetailSchema },
      errors: [409],
    }),
    handler: async (request, reply) => {
      const ctx = contextOf(request);
      const actor = request.actor!;
      const partner = request.body.partner ?? (actor.kind === 'user' ? actor.partner : 'BIC');
      const { id } = await consulting.intake(ctx, request.body, { kind: 'staff', partner });
      const created = await consulting.get(ctx, id!);
      return withEtag(reply.status(201).header('location', `/api/v1/consulting-requests/${created.id}`), created);
    },
  });

  app.get('/consulting-requests', {
    logSerializers: pathOnly,
    ...route({
      access: { roles: ANY_STAFF },
      operationId: 'listConsultingRequests',
      summary: 'The inbox: requests the caller may see, newest first, with filters',
      querystring: ConsultingListQuerySchema,
      response: { 200: ConsultingRequestPageSchema },
    }),
    handler: async (request) => consulting.list(contextOf(request), request.query),
  });

  app.get('/consulting-requests/counts', {
    ...route({
      access: { roles: ANY_STAFF },
      operationId: 'countConsultingRequests',
      summary: 'Open and overdue requests the caller may see, and the number per status',
      response: { 200: ConsultingCountsSchema },
    }),
    handler: async (request) => consulting.counts(contextOf(request)),
  });

  const requestRoutes = recordRoutes(app, { path: '/consulting-requests', tags, record: ConsultingRequestDetailSchema });

  requestRoutes.get({
    access: { roles: ANY_STAFF },
    operationId: 'getConsultingRequest',
    summary: 'A request with its timeline',
    get: (id, ctx) => consulting.get(ctx, id),
  });

  app.get('/consulting-requests/:id/suggested-assignment', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'suggestConsultingAssignment',
      summary: 'The partner that fits the requester best and its consultant with the fewest open requests',
      params: IdParamsSchema,
      response: { 200: ConsultingSuggestionSchema },
    }),
    handler: async (request) => consulting.suggest(contextOf(request), request.params.id),
  });

  requestRoutes.change({
    access: { roles: EDITORS },
    operationId: 'assignConsultingRequest',
    summary: 'Assign (or reassign) a request to a partner and a consultant; a new request becomes assigned',
    description: '`If-Match` is optional: when sent, the change is refused (412) if the request changed since.',
    errors: [404, 409, 412, 413, 415, 422],
    method: 'POST',
    action: 'assignment',
    body: ConsultingAssignmentSchema,
    optionalIfMatch: true,
    change: (ctx, id, version, body) => consulting.assign(ctx, id, body, version),
  });

  requestRoutes.change({
    access: { roles: EDITORS },
    operationId: 'shareConsultingFiles',
    summary: 'Choose which of the request’s files (owner type `consulting_request`) the requester sees on the status page',
    description:
      'Files are attached with `POST /files?ownerType=consulting_request`; they are internal until listed here. The requester’s own attachments are always visible to them. `If-Match` is optional.',
    errors: [404, 412, 413, 415],
    method: 'PUT',
    action: 'shared-files',
    body: ConsultingSharedFilesSchema,
    optionalIfMatch: true,
    change: (ctx, id, version, body) => consulting.shareFiles(ctx, id, body, version),
  });

  requestRoutes.change({
    access: { roles: EDITORS },
    operationId: 'transitionConsultingRequest',
    summary: 'Move a request along the workflow (409 INVALID_TRANSITION outside it)',
    description:
      'new → assigned (by assigning) → in_progress ⇄ waiting_for_requester → resolved (with an outcome) → closed; rejected (with a reason) from new or assigned; in_progress again from resolved reopens it. `If-Match` is optional.',
    method: 'POST',
    action: 'transitions',
    body: ConsultingTransitionSchema,
    optionalIfMatch: true,
    change: (ctx, id, version, body) => consulting.transition(ctx, id, body, version),
  });

  app.post('/consulting-requests/:id/comments', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'addConsultingComment',
      summary: 'Reply to the requester (sent by e-mail) or add an internal note',
      params: IdParamsSchema,
      body: ConsultingCommentSchema,
      response: { 200: ConsultingRequestDetailSchema },
      errors: [409],
    }),
    handler: async (request, reply) => withEtag(reply, await consulting.comment(contextOf(request), request.params.id, request.body)),
  });

  app.get('/consulting-settings', {
    ...route({
      access: STAFF,
      operationId: 'getConsultingSettings',
      summary: 'The deadlines of the workflow, as the server is configured',
      response: { 200: ConsultingSettingsSchema },
    }),
    handler: async () => {
      const c = config.consulting;
      return {
        firstResponseDays: c.firstResponseDays,
        escalationDays: c.escalationDays,
        waitingCloseDays: c.waitingCloseDays,
        statusLinkGraceDays: c.statusLinkGraceDays,
        statusRepliesPerHour: c.statusRepliesPerHour,
        deadlineChecks: c.deadlineIntervalMs > 0,
      };
    },
  });

  app.get('/consulting-requests/:id/status-view', {
    ...route({
      access: STAFF,
      operationId: 'previewConsultingStatus',
      summary: 'What the requester sees on their status page, for staff who may read the request',
      params: IdParamsSchema,
      response: { 200: ConsultingStatusViewSchema },
    }),
    handler: async (request) => consulting.statusPreview(contextOf(request), request.params.id),
  });

  // Answer templates: every staff member reads them; coordinators write their partner's.
  const templateRoutes = recordRoutes(app, { path: '/consulting-answer-templates', tags, record: AnswerTemplateSchema });
  const managers = { roles: MANAGERS };

  templateRoutes.list({
    access: STAFF,
    operationId: 'listAnswerTemplates',
    summary: 'Answer templates, by topic and title; optionally of one topic or partner',
    query: AnswerTemplateListQuerySchema,
    page: AnswerTemplateListSchema,
    list: (query) => templates.list(query),
  });

  templateRoutes.get({ access: STAFF, operationId: 'getAnswerTemplate', summary: 'An answer template', get: (id) => templates.get(id) });

  templateRoutes.create({
    access: managers,
    operationId: 'createAnswerTemplate',
    summary: 'Write an answer template (coordinators for their partner, administrators for any)',
    description:
      'Placeholders in double braces: `{{name}}`, `{{reference}}`, `{{dueDate}}`, `{{fundingCalls}}`, `{{partnerSuggestions}}`. Any other is refused with the field error `unknown_placeholder`.',
    errors: [413, 415],
    body: AnswerTemplateCreateSchema,
    create: (ctx, body) => templates.create(ctx, body),
  });

  templateRoutes.change({
    access: managers,
    operationId: 'updateAnswerTemplate',
    summary: 'Change an answer template (needs If-Match)',
    errors: [404, 412, 413, 415, 428],
    body: AnswerTemplateUpdateSchema,
    change: (ctx, id, version, body) => templates.update(ctx, id, version, body),
  });

  templateRoutes.remove({
    access: managers,
    operationId: 'deleteAnswerTemplate',
    summary: 'Delete an answer template',
    remove: (ctx, id) => templates.remove(ctx, id),
  });

  app.post('/consulting-requests/:id/answer-drafts', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'draftConsultingAnswer',
      summary: 'An answer template filled in for a request, in each of its languages (nothing is stored)',
      description:
        'Send the text (edited) with `addConsultingComment`; the requester’s language version can go `alongside`, and the funding calls and matches chosen here as `fundingCallIds` and `matchIds`, so that the request links them.',
      params: IdParamsSchema,
      body: AnswerDraftRequestSchema,
      response: { 200: AnswerDraftSchema },
      errors: [409],
    }),
    handler: async (request) => templates.draft(contextOf(request), request.params.id, request.body),
  });
};
