import { z } from 'zod';
import {
  CountrySchema,
  IdSchema,
  LocaleSchema,
  multiValue,
  pageSchema,
  PaginationQuerySchema,
  QueryBooleanSchema,
  TimestampSchema,
  type Country,
  type Locale,
  INT32_MIN,
  int32,
  boundedArray,
  boundedText,
  EmailTextSchema,
  PersonNameTextSchema,
  NoteTextSchema,
  EMBEDDED_LIST_MAX,
  IsoDateSchema,
  listSchema,
} from './common.js';
import type { IsoDate } from './dates.js';
import { languageOfCountry, PARTNERS, PartnerCodeSchema, type PartnerCode } from './partners.js';
import { normaliseEmail } from './text.js';

export const CONSULTING_ERROR_CODES = [
  'CONSULTING_REQUEST_NOT_FOUND',
  'INVALID_TRANSITION',
  'ASSIGNEE_NOT_ELIGIBLE',
  'IDEMPOTENCY_KEY_REUSED',
  'REQUEST_ANONYMISED',
  'STATUS_LINK_INVALID',
  'REQUEST_CLOSED',
  'REQUEST_FILES_LIMIT',
] as const;

/** What clusters and companies ask the partners about. */
export const CONSULTING_TOPICS = [
  'internationalisation',
  'funding',
  'marketing_brand',
  'strategy',
  'legal_tax',
  'partner_search',
  'smart_specialisation',
  'other',
] as const;
export const ConsultingTopicSchema = z.enum(CONSULTING_TOPICS).meta({ id: 'ConsultingTopic' });
export type ConsultingTopic = z.infer<typeof ConsultingTopicSchema>;

export const CONSULTING_STATUSES = ['new', 'assigned', 'in_progress', 'waiting_for_requester', 'resolved', 'closed', 'rejected'] as const;
export const ConsultingStatusSchema = z.enum(CONSULTING_STATUSES).meta({ id: 'ConsultingStatus' });
export type ConsultingStatus = z.infer<typeof ConsultingStatusSchema>;

/** Statuses in which a request still needs work: they count as open and can be overdue. */
export const OPEN_STATUSES: readonly ConsultingStatus[] = ['new', 'assigned', 'in_progress', 'waiting_for_requester'];

/** How a request was resolved, for the programme's statistics. */
export const CONSULTING_OUTCOMES = [
  'advice_given',
  'referred_to_funding',
  'match_proposed',
  'referred_to_partner',
  'event_or_training',
  'no_action_possible',
] as const;
export const ConsultingOutcomeSchema = z.enum(CONSULTING_OUTCOMES).meta({ id: 'ConsultingOutcome' });
export type ConsultingOutcome = z.infer<typeof ConsultingOutcomeSchema>;

/**
 * The workflow. `assigned` is reached only by assigning (a partner and a consultant); every other
 * move is a transition. Anything not listed here is refused with INVALID_TRANSITION.
 */
export const CONSULTING_TRANSITIONS: Readonly<Record<ConsultingStatus, readonly ConsultingStatus[]>> = {
  new: ['assigned', 'rejected'],
  assigned: ['in_progress', 'rejected'],
  in_progress: ['waiting_for_requester', 'resolved'],
  waiting_for_requester: ['in_progress', 'resolved'],
  // Back to in_progress is the reopening of a resolved request.
  resolved: ['closed', 'in_progress'],
  closed: [],
  rejected: [],
};

export function canConsultingTransition(from: ConsultingStatus, to: ConsultingStatus): boolean {
  return CONSULTING_TRANSITIONS[from].includes(to);
}

/** Statuses in which the assignment may be given or changed. */
export const ASSIGNABLE_STATUSES: readonly ConsultingStatus[] = ['new', 'assigned', 'in_progress', 'waiting_for_requester'];

/** A request's reference, e.g. `EURN-2026-00042`. */
const ReferenceTextSchema = boundedText(40);

const line = (max: number) => z.string().trim().min(1).max(max);

/** Size limits of a submission; the route also caps the body. */
export const CONSULTING_LIMITS = {
  name: 200,
  organisation: 300,
  message: 5000,
  reason: 2000,
  comment: 5000,
  requesterReply: 5000,
  /** Files the requester may attach to one answer on the status page (each within FILE_MAX_BYTES). */
  requesterFiles: 3,
  /** Files of one request staff may show the requester. */
  sharedFiles: 50,
  /**
   * Files the requester may attach to one request over the whole conversation: what bounds the
   * request's visible files (`requesterFileIds`). Beyond it: REQUEST_FILES_LIMIT.
   */
  requesterFilesPerRequest: 20,
  /** Funding calls, and proposed matches, one reply or outcome may link. */
  linkedPerReply: 10,
  /** Funding calls, and proposed matches, one request may link in all (beyond: VALIDATION_FAILED). */
  linkedRecords: 50,
} as const;

/** Bounds of a partner's own deadlines (the server's defaults apply where a partner sets none). */
export const CONSULTING_DELAY_LIMITS = { escalationDays: { min: 1, max: 60 }, waitingCloseDays: { min: 1, max: 365 } } as const;

const intakeFields = {
  requesterName: line(CONSULTING_LIMITS.name),
  requesterEmail: z.email().max(254).transform(normaliseEmail),
  organisationName: line(CONSULTING_LIMITS.organisation).optional().describe('The organisation, as the requester wrote it'),
  organisationId: IdSchema.optional().describe('A known organisation of the directory'),
  clusterId: IdSchema.optional().describe('A cluster of the directory the request is about or comes from'),
  country: CountrySchema,
  language: LocaleSchema.describe('The language the requester wants to be answered in'),
  topic: ConsultingTopicSchema,
  message: line(CONSULTING_LIMITS.message),
  consent: z.literal(true, { error: 'Consent to the processing of the data is required' }).describe('The requester consented'),
  consentTextVersion: line(40).describe('Version of the consent text the requester agreed to, e.g. `2026-01`'),
};

export const ConsultingRequestIntakeSchema = z
  .strictObject({
    ...intakeFields,
    website: z
      .string()
      .max(500)
      .optional()
      .describe('Leave empty. A field that people do not see and robots fill in: a submission with it is discarded'),
  })
  .meta({ id: 'ConsultingRequestIntake' });
export type ConsultingRequestIntake = z.input<typeof ConsultingRequestIntakeSchema>;

export const ConsultingRequestCreateSchema = z
  .strictObject({
    ...intakeFields,
    partner: PartnerCodeSchema.optional().describe('The partner that takes it in; the staff member’s own by default'),
  })
  .meta({ id: 'ConsultingRequestCreate' });
export type ConsultingRequestCreate = z.input<typeof ConsultingRequestCreateSchema>;

export const ConsultingRequestReceiptSchema = z
  .object({
    reference: ReferenceTextSchema.describe('Human-readable reference, e.g. `EURN-2026-00042`'),
    status: z.literal('received'),
    receivedAt: TimestampSchema,
  })
  .meta({ id: 'ConsultingRequestReceipt' });
export type ConsultingRequestReceipt = z.infer<typeof ConsultingRequestReceiptSchema>;

export const ConsultingRequestSchema = z
  .object({
    id: IdSchema,
    reference: ReferenceTextSchema,
    status: ConsultingStatusSchema,
    source: z.enum(['portal', 'staff']),
    requesterName: boundedText(CONSULTING_LIMITS.name).nullable().describe('null once erased'),
    requesterEmail: EmailTextSchema.nullable().describe('null once erased'),
    organisationName: boundedText(CONSULTING_LIMITS.organisation).nullable(),
    organisationId: IdSchema.nullable(),
    clusterId: IdSchema.nullable(),
    profileId: IdSchema.nullable().describe('The cooperation profile (public opportunity) the requester expressed interest in'),
    country: CountrySchema,
    language: LocaleSchema,
    topic: ConsultingTopicSchema,
    message: boundedText(CONSULTING_LIMITS.message).nullable().describe('null once erased'),
    consentTextVersion: boundedText(40),
    partner: PartnerCodeSchema.describe('The partner responsible for the request'),
    assigneeId: IdSchema.nullable(),
    assigneeName: PersonNameTextSchema.nullable(),
    outcome: ConsultingOutcomeSchema.nullable(),
    firstResponseDueOn: IsoDateSchema.describe('Last working day for the first response'),
    firstRespondedAt: TimestampSchema.nullable(),
    overdue: z.boolean().describe('Open, not answered yet, and past its first-response day'),
    anonymisedAt: TimestampSchema.nullable().describe('When the personal data was erased'),
    version: int32(INT32_MIN),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'ConsultingRequest' });
export type ConsultingRequest = z.infer<typeof ConsultingRequestSchema>;

/**
 * `requester_reply`: the requester answered on their status page; `reminder` and `escalation`:
 * the overdue request was brought to its assignee's, then its partner's coordinators' attention.
 */
export const TIMELINE_KINDS = [
  'created',
  'transition',
  'assignment',
  'reply',
  'note',
  'requester_reply',
  'reminder',
  'escalation',
] as const;
export type ConsultingTimelineKind = (typeof TIMELINE_KINDS)[number];
export const TimelineKindSchema = z.enum(TIMELINE_KINDS).meta({ id: 'ConsultingTimelineKind' });

/** A file named in a request's timeline or on the status page. */
export const ConsultingFileRefSchema = z.object({ id: IdSchema, name: z.string().max(200) }).meta({ id: 'ConsultingFileRef' });
export type ConsultingFileRef = z.infer<typeof ConsultingFileRefSchema>;

export const ConsultingTimelineEntrySchema = z
  .object({
    id: boundedText(64),
    at: TimestampSchema,
    kind: TimelineKindSchema,
    actorId: boundedText(64).nullable(),
    actorLabel: PersonNameTextSchema.describe('Staff member, portal key, or `system`'),
    fromStatus: ConsultingStatusSchema.nullable(),
    toStatus: ConsultingStatusSchema.nullable(),
    body: NoteTextSchema.nullable().describe('Reply, note or reason'),
    outcome: ConsultingOutcomeSchema.nullable(),
    partner: PartnerCodeSchema.nullable(),
    assigneeName: PersonNameTextSchema.nullable(),
    files: boundedArray(ConsultingFileRefSchema, CONSULTING_LIMITS.requesterFiles).describe(
      'Files the requester attached to this answer (a `requester_reply`); empty otherwise',
    ),
  })
  .meta({ id: 'ConsultingTimelineEntry' });
export type ConsultingTimelineEntry = z.infer<typeof ConsultingTimelineEntrySchema>;

export const ConsultingRequestDetailSchema = ConsultingRequestSchema.extend({
  timeline: boundedArray(ConsultingTimelineEntrySchema, EMBEDDED_LIST_MAX),
  fundingCallIds: boundedArray(IdSchema, CONSULTING_LIMITS.linkedRecords).describe(
    'Funding calls sent to the requester in replies: what "referred to a funding programme" rests on',
  ),
  matchIds: boundedArray(IdSchema, CONSULTING_LIMITS.linkedRecords).describe(
    'Proposed matches sent to the requester in replies: what "partner suggested" rests on',
  ),
  requesterFileIds: boundedArray(IdSchema, CONSULTING_LIMITS.requesterFilesPerRequest + CONSULTING_LIMITS.sharedFiles).describe(
    'Files of the request (owner type `consulting_request`) the requester sees on the status page: their own and those staff chose',
  ),
}).meta({ id: 'ConsultingRequestDetail' });

/** Which of the staff's files of a request the requester sees on the status page. */
export const ConsultingSharedFilesSchema = z
  .strictObject({
    fileIds: boundedArray(IdSchema, CONSULTING_LIMITS.sharedFiles).describe(
      'Files of this request (owner type `consulting_request`) to show the requester; the others are hidden from them',
    ),
  })
  .meta({ id: 'ConsultingSharedFiles' });
export type ConsultingSharedFiles = z.infer<typeof ConsultingSharedFilesSchema>;
export type ConsultingRequestDetail = z.infer<typeof ConsultingRequestDetailSchema>;

export const ConsultingAssignmentSchema = z
  .strictObject({
    partner: PartnerCodeSchema,
    assigneeId: IdSchema.describe('A consultant (or coordinator) of that partner'),
  })
  .meta({ id: 'ConsultingAssignment' });
export type ConsultingAssignment = z.infer<typeof ConsultingAssignmentSchema>;

const reason = line(CONSULTING_LIMITS.reason);
const linkedIds = (what: string) => boundedArray(IdSchema, CONSULTING_LIMITS.linkedPerReply).optional().describe(what);
export const ConsultingTransitionSchema = z
  .discriminatedUnion('to', [
    z.strictObject({ to: z.literal('in_progress'), note: reason.optional() }),
    z.strictObject({ to: z.literal('waiting_for_requester'), note: reason.optional() }),
    z.strictObject({
      to: z.literal('resolved'),
      outcome: ConsultingOutcomeSchema,
      note: reason.optional(),
      fundingCallIds: linkedIds('Funding calls the outcome rests on (e.g. `referred_to_funding`), linked to the request'),
      matchIds: linkedIds('Proposed matches the outcome rests on (e.g. `match_proposed`), linked to the request'),
    }),
    z.strictObject({ to: z.literal('closed'), note: reason.optional() }),
    z.strictObject({ to: z.literal('rejected'), reason }),
  ])
  .meta({ id: 'ConsultingTransition', description: 'Move a request on; `assigned` is reached by assigning it' });
export type ConsultingTransition = z.infer<typeof ConsultingTransitionSchema>;

export const ConsultingCommentSchema = z
  .strictObject({
    kind: z.enum(['reply', 'note']).describe('`reply` is e-mailed to the requester; `note` stays internal'),
    body: line(CONSULTING_LIMITS.comment),
    alongside: line(CONSULTING_LIMITS.comment)
      .optional()
      .describe(
        'A reply only: the same answer in the requester’s language (e.g. that language’s version of the template), sent below the body',
      ),
    fundingCallIds: linkedIds('A reply only: the funding calls it sends, linked to the request'),
    matchIds: linkedIds('A reply only: the proposed matches it sends, linked to the request'),
  })
  .meta({ id: 'ConsultingComment' });
export type ConsultingComment = z.infer<typeof ConsultingCommentSchema>;

export const ConsultingListQuerySchema = PaginationQuerySchema.extend({
  status: multiValue(ConsultingStatusSchema, 7),
  topic: multiValue(ConsultingTopicSchema, 8),
  partner: PartnerCodeSchema.optional(),
  assignee: z
    .union([z.literal('me'), z.literal('none'), IdSchema])
    .optional()
    .describe('`me`, `none` (unassigned) or a user id'),
  overdue: QueryBooleanSchema.optional(),
  open: QueryBooleanSchema.optional().describe('Only requests that still need work'),
  q: z.string().trim().min(1).max(100).optional().describe('Part of the reference, name, e-mail or organisation'),
});
export type ConsultingListQuery = z.infer<typeof ConsultingListQuerySchema>;

export const ConsultingRequestPageSchema = pageSchema(ConsultingRequestSchema, 'ConsultingRequestPage');
export type ConsultingRequestPage = z.infer<typeof ConsultingRequestPageSchema>;

export const ConsultingCountsSchema = z
  .object({
    open: int32(INT32_MIN),
    overdue: int32(INT32_MIN),
    byStatus: z.partialRecord(ConsultingStatusSchema, int32(INT32_MIN)),
  })
  .meta({ id: 'ConsultingCounts' });
export type ConsultingCounts = z.infer<typeof ConsultingCountsSchema>;

export const ConsultingSuggestionSchema = z
  .object({
    partner: PartnerCodeSchema,
    assigneeId: IdSchema.nullable(),
    assigneeName: PersonNameTextSchema.nullable(),
    openRequests: int32(INT32_MIN).nullable().describe('Open requests the suggested consultant has now'),
  })
  .meta({ id: 'ConsultingSuggestion' });
export type ConsultingSuggestion = z.infer<typeof ConsultingSuggestionSchema>;

/** What the requester (and a portal, with the requester's link) sees of a request. */
export const ConsultingStatusViewSchema = z
  .object({
    reference: ReferenceTextSchema,
    status: ConsultingStatusSchema,
    language: LocaleSchema,
    topic: ConsultingTopicSchema,
    receivedAt: TimestampSchema,
    firstResponseDueOn: IsoDateSchema,
    canReply: z.boolean().describe('The request is still open: an answer from the requester is taken'),
    messages: boundedArray(
      z.object({
        at: TimestampSchema,
        from: z.enum(['staff', 'requester']),
        body: NoteTextSchema,
        files: boundedArray(ConsultingFileRefSchema, CONSULTING_LIMITS.requesterFiles).describe(
          'Files the requester attached to this answer',
        ),
      }),
      EMBEDDED_LIST_MAX,
    ).describe('The replies staff sent to the requester, and the requester’s answers, oldest first'),
    files: boundedArray(ConsultingFileRefSchema, CONSULTING_LIMITS.sharedFiles).describe(
      'Files staff chose to show the requester; on the status page they download through the link',
    ),
  })
  .meta({ id: 'ConsultingStatusView' });
export type ConsultingStatusView = z.infer<typeof ConsultingStatusViewSchema>;

/**
 * The deadlines of the workflow, set in the server's configuration and shown to staff. The
 * first-response day is the programme's service level, the same for every partner so that the
 * figures compare; escalation and closing are defaults a partner may set for itself
 * (`PartnerMailbox`).
 */
export const ConsultingSettingsSchema = z
  .object({
    firstResponseDays: int32(INT32_MIN).describe('Working days until the first answer is due (CONSULTING_FIRST_RESPONSE_DAYS)'),
    escalationDays: int32(INT32_MIN).describe(
      'Days past the first-response day until the coordinators are reminded, unless the partner set its own (CONSULTING_ESCALATION_DAYS)',
    ),
    waitingCloseDays: int32(INT32_MIN).describe(
      'Days a request waits for the requester before it is closed, unless the partner set its own (CONSULTING_WAITING_CLOSE_DAYS)',
    ),
    statusLinkGraceDays: int32(INT32_MIN).describe(
      'Days a status link works after the request was closed (CONSULTING_STATUS_LINK_GRACE_DAYS)',
    ),
    statusRepliesPerHour: int32(INT32_MIN).describe('Answers per status link and hour (CONSULTING_STATUS_REPLIES_PER_HOUR)'),
    deadlineChecks: z.boolean().describe('The deadline worker runs (CONSULTING_DEADLINE_INTERVAL_MS is not 0)'),
  })
  .meta({ id: 'ConsultingSettings' });
export type ConsultingSettings = z.infer<typeof ConsultingSettingsSchema>;

export const ConsultingRequesterReplySchema = z
  .strictObject({ body: line(CONSULTING_LIMITS.requesterReply) })
  .meta({ id: 'ConsultingRequesterReply' });
export type ConsultingRequesterReply = z.infer<typeof ConsultingRequesterReplySchema>;

export const ConsultingStatusLinkRevocationSchema = z
  .strictObject({
    sendNewLink: z.boolean().default(false).describe('E-mail the requester a new link at once (the old ones stop working either way)'),
  })
  .meta({ id: 'ConsultingStatusLinkRevocation' });
export type ConsultingStatusLinkRevocation = z.input<typeof ConsultingStatusLinkRevocationSchema>;

export const ConsultingStatusLinkRevokedSchema = z
  .object({ revoked: int32(INT32_MIN).describe('Links that stopped working'), sentNewLink: z.boolean() })
  .meta({ id: 'ConsultingStatusLinkRevoked' });
export type ConsultingStatusLinkRevoked = z.infer<typeof ConsultingStatusLinkRevokedSchema>;

const partnerDelay = (key: keyof typeof CONSULTING_DELAY_LIMITS) =>
  z.number().int().min(CONSULTING_DELAY_LIMITS[key].min).max(CONSULTING_DELAY_LIMITS[key].max).meta({ format: 'int32' }).nullable();

/**
 * A partner's settings for its requesters' e-mails and deadlines: where the e-mails say to reply
 * (`Reply-To`, a mailbox people read) and, where the partner sets them, its own escalation and
 * closing delays (null: the server's, see `getConsultingSettings`).
 */
export const PartnerMailboxSchema = z
  .object({
    partner: PartnerCodeSchema,
    replyTo: EmailTextSchema.nullable().describe('null: replies go to the assigned consultant'),
    escalationDays: partnerDelay('escalationDays').describe(
      'Days past the first-response day until the coordinators are reminded; null: the server’s default',
    ),
    waitingCloseDays: partnerDelay('waitingCloseDays').describe(
      'Days a request waits for the requester before it is closed; null: the server’s default',
    ),
    version: int32(INT32_MIN),
  })
  .meta({ id: 'PartnerMailbox' });
export type PartnerMailbox = z.infer<typeof PartnerMailboxSchema>;

export const PartnerMailboxUpdateSchema = z
  .strictObject({
    replyTo: z.email().max(254).transform(normaliseEmail).nullable(),
    escalationDays: partnerDelay('escalationDays').optional().describe('null: the server’s default; left out: unchanged'),
    waitingCloseDays: partnerDelay('waitingCloseDays').optional().describe('null: the server’s default; left out: unchanged'),
  })
  .meta({ id: 'PartnerMailboxUpdate' });
export type PartnerMailboxUpdate = z.input<typeof PartnerMailboxUpdateSchema>;

export const PartnerMailboxListSchema = listSchema(PartnerMailboxSchema, 50, 'PartnerMailboxList');
export type PartnerMailboxList = z.infer<typeof PartnerMailboxListSchema>;

export const PartnerParamsSchema = z.object({ partner: PartnerCodeSchema });

/** The longest e-mail the outbox keeps (a digest with many entries stays far below). */
const OUTBOX_BODY_MAX = 1_000_000;

export const OUTBOX_STATUSES = ['pending', 'sent'] as const;
export const OutboxMessageSchema = z
  .object({
    id: IdSchema,
    kind: boundedText(60),
    requestId: IdSchema.nullable(),
    recipient: EmailTextSchema,
    language: LocaleSchema,
    subject: boundedText(1000),
    body: boundedText(OUTBOX_BODY_MAX),
    status: z.enum(OUTBOX_STATUSES),
    attempts: int32(INT32_MIN),
    lastError: boundedText(500).nullable(),
    nextAttemptAt: TimestampSchema.nullable(),
    sentAt: TimestampSchema.nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'OutboxMessage' });
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

export const OutboxListQuerySchema = PaginationQuerySchema.extend({
  status: z.enum(OUTBOX_STATUSES).optional(),
  requestId: IdSchema.optional(),
});
export type OutboxListQuery = z.infer<typeof OutboxListQuerySchema>;
export const OutboxPageSchema = pageSchema(OutboxMessageSchema, 'OutboxPage');
export type OutboxPage = z.infer<typeof OutboxPageSchema>;

// ---------------------------------------------------------------------------------------------
// Pure domain functions

export function isOverdue(
  request: { status: ConsultingStatus; firstRespondedAt: string | null; firstResponseDueOn: IsoDate },
  today: IsoDate,
) {
  return OPEN_STATUSES.includes(request.status) && request.firstRespondedAt === null && request.firstResponseDueOn < today;
}

export interface AssigneeCandidate {
  id: string;
  name: string;
  partner: PartnerCode;
  /** Open requests assigned to the candidate now. */
  open: number;
}

/**
 * The suggested assignment: among the partners that fit the requester best (same country and a
 * language its staff speak; English fits everyone), the consultant with the fewest open requests.
 * Without a consultant there, the best-fitting partner alone.
 */
export function suggestAssignment(
  requester: { country: Country; language: Locale },
  candidates: readonly AssigneeCandidate[],
): { partner: PartnerCode; assignee: AssigneeCandidate | null } {
  const fitScore = (p: (typeof PARTNERS)[number]) =>
    (p.country === requester.country ? 2 : 0) +
    (requester.language === 'en' || languageOfCountry(p.country) === requester.language ? 1 : 0);
  const best = Math.max(...PARTNERS.map(fitScore));
  const partners = PARTNERS.filter((p) => fitScore(p) === best).map((p) => p.code as PartnerCode);
  const people = candidates
    .filter((c) => partners.includes(c.partner))
    .sort((a, b) => a.open - b.open || partners.indexOf(a.partner) - partners.indexOf(b.partner) || a.name.localeCompare(b.name));
  const assignee = people[0] ?? null;
  return { partner: assignee?.partner ?? partners[0]!, assignee };
}
