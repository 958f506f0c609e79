import { z } from 'zod';
import {
  IdSchema,
  LocaleSchema,
  TimestampSchema,
  INT32_MIN,
  int32,
  queryInt32,
  boundedArray,
  boundedText,
  DateTextSchema,
  PersonNameTextSchema,
  UrlTextSchema,
  EMBEDDED_LIST_MAX,
  listSchema,
} from './common.js';

/**
 * Results handed to a cluster: a link to a page with an approved evaluation's results, for the
 * cluster's management, who have no staff login. The link's token is shown once and stored only
 * as its hash; the link expires, can be revoked, and counts its openings. Action items of an
 * evaluation carry a follow-up status that staff keep up to date after approval.
 */

export const EVALUATION_SHARE_ERROR_CODES = ['EVALUATION_NOT_APPROVED', 'EVALUATION_SHARE_NOT_FOUND'] as const;

/** How long a link lives at most, and by default. */
export const EVALUATION_SHARE_MAX_DAYS = 365;
export const EVALUATION_SHARE_DEFAULT_DAYS = 90;

export const EvaluationShareSchema = z
  .object({
    id: IdSchema,
    evaluationId: IdSchema,
    language: LocaleSchema.describe('The language of the page'),
    expiresAt: TimestampSchema,
    revokedAt: TimestampSchema.nullable(),
    fileIds: boundedArray(IdSchema, 50).describe('Evidence files of the evaluation shown on the page'),
    opens: int32(INT32_MIN).describe('How often the page was opened'),
    firstOpenedAt: TimestampSchema.nullable(),
    lastOpenedAt: TimestampSchema.nullable(),
    createdByName: PersonNameTextSchema.nullable(),
    createdAt: TimestampSchema,
    active: z.boolean().describe('Neither expired nor revoked'),
  })
  .meta({ id: 'EvaluationShare', description: 'A link to the results page; the token itself is shown only once' });
export type EvaluationShare = z.infer<typeof EvaluationShareSchema>;

export const EvaluationShareCreatedSchema = EvaluationShareSchema.extend({
  url: UrlTextSchema.describe('The link to hand over; it is never shown again'),
}).meta({ id: 'EvaluationShareCreated' });
export type EvaluationShareCreated = z.infer<typeof EvaluationShareCreatedSchema>;

export const EvaluationShareCreateSchema = z
  .strictObject({
    language: LocaleSchema,
    days: int32(INT32_MIN)
      .min(1)
      .max(EVALUATION_SHARE_MAX_DAYS)
      .default(EVALUATION_SHARE_DEFAULT_DAYS)
      .describe('Days until the link expires'),
    fileIds: boundedArray(IdSchema, 50).default([]).describe('Evidence files of this evaluation to show on the page'),
  })
  .meta({ id: 'EvaluationShareCreate' });
export type EvaluationShareCreate = z.input<typeof EvaluationShareCreateSchema>;

export const EvaluationShareListSchema = listSchema(
  EvaluationShareSchema,
  EMBEDDED_LIST_MAX,
  'EvaluationShareList',
  'Every link of the evaluation, newest first',
);
export type EvaluationShareList = z.infer<typeof EvaluationShareListSchema>;

export const EvaluationShareParamsSchema = z.strictObject({ id: IdSchema, shareId: IdSchema });

// ---------------------------------------------------------------------------------------------
// Follow-up of action items

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done'] as const;
export const ActionItemStatusSchema = z.enum(ACTION_ITEM_STATUSES).meta({ id: 'ActionItemStatus' });
export type ActionItemStatus = z.infer<typeof ActionItemStatusSchema>;

export const ActionItemFollowUpSchema = z
  .object({
    index: int32(INT32_MIN).describe('Position of the action item in `recommendations`'),
    status: ActionItemStatusSchema,
    updatedAt: TimestampSchema.nullable(),
    updatedByName: PersonNameTextSchema.nullable(),
  })
  .meta({ id: 'ActionItemFollowUp' });
export type ActionItemFollowUp = z.infer<typeof ActionItemFollowUpSchema>;

export const ActionItemStatusUpdateSchema = z.strictObject({ status: ActionItemStatusSchema }).meta({ id: 'ActionItemStatusUpdate' });
export type ActionItemStatusUpdate = z.infer<typeof ActionItemStatusUpdateSchema>;

export const ActionItemParamsSchema = z.strictObject({ id: IdSchema, index: queryInt32(INT32_MIN).min(0).max(49) });

/** The action items of the cluster's previous approved evaluation, with how far each got. */
export const PreviousActionItemsSchema = z
  .object({
    evaluationId: IdSchema,
    evaluatedOn: DateTextSchema,
    items: boundedArray(
      z.object({
        text: boundedText(2000),
        owner: boundedText(200),
        dueDate: DateTextSchema.nullable(),
        status: ActionItemStatusSchema,
      }),
      50,
    ),
  })
  .meta({ id: 'PreviousActionItems' });
export type PreviousActionItems = z.infer<typeof PreviousActionItemsSchema>;

export const EvaluationFollowUpSchema = z
  .object({
    evaluationId: IdSchema,
    items: boundedArray(ActionItemFollowUpSchema, 50).describe('One per action item, in order'),
    previous: PreviousActionItemsSchema.nullable().describe('The cluster’s approved evaluation before this one'),
  })
  .meta({ id: 'EvaluationFollowUp' });
export type EvaluationFollowUp = z.infer<typeof EvaluationFollowUpSchema>;
