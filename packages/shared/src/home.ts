import { z } from 'zod';
import { INT32_MIN, int32, boundedArray, IsoDateSchema } from './common.js';
import { ConsultingRequestSchema } from './consulting.js';
import { DialogueEventSchema } from './dialogue-events.js';
import { EvaluationSummarySchema } from './evaluations.js';
import { FundingRemindersSchema } from './funding-calls.js';
import { INDICATOR_KEYS, IndicatorKeySchema } from './indicators.js';

/**
 * The signed-in person's work of today on one page, in one request: each part is what the
 * underlying list would show them, cut to the few items that need them first.
 */

/** How many items of each part the home page shows; the counts say how many there are in all. */
export const HOME_LIMIT = 8;
/** Funding calls closing within this many days are "closing soon". */
export const HOME_FUNDING_DAYS = 30;

export const HomeConsultingItemSchema = ConsultingRequestSchema.pick({
  id: true,
  reference: true,
  status: true,
  topic: true,
  organisationName: true,
  partner: true,
  assigneeName: true,
  firstResponseDueOn: true,
  firstRespondedAt: true,
  overdue: true,
  createdAt: true,
}).meta({ id: 'HomeConsultingItem' });
export type HomeConsultingItem = z.infer<typeof HomeConsultingItemSchema>;

export const HomeEventSchema = DialogueEventSchema.pick({
  id: true,
  title: true,
  date: true,
  endDate: true,
  place: true,
  organisingPartner: true,
}).meta({ id: 'HomeEvent' });
export type HomeEvent = z.infer<typeof HomeEventSchema>;

export const HomeSchema = z
  .object({
    today: IsoDateSchema,
    consulting: z.object({
      scope: z
        .enum(['all', 'partner', 'assigned'])
        .describe('all: every open request (administrators, coordinators) · partner: the own partner’s · assigned: those assigned to me'),
      open: int32(INT32_MIN).describe('Open requests in the scope'),
      overdue: int32(INT32_MIN),
      items: boundedArray(HomeConsultingItemSchema, HOME_LIMIT).describe(
        'Overdue first, then those awaiting their first answer by first-response day, then the answered ones, oldest first',
      ),
    }),
    evaluations: z.object({
      toReview: boundedArray(EvaluationSummarySchema, HOME_LIMIT).describe('Submitted, waiting for a review I may give (not my own)'),
      drafts: boundedArray(EvaluationSummarySchema, HOME_LIMIT).describe('My drafts and my returned evaluations'),
    }),
    fundingCalls: FundingRemindersSchema.shape.items
      .max(HOME_LIMIT)
      .describe('Open calls closing soon that fit clusters I follow, soonest first'),
    events: boundedArray(HomeEventSchema, HOME_LIMIT).describe('Dialogue events from today on, soonest first'),
    targets: z
      .array(z.object({ key: IndicatorKeySchema, value: int32(INT32_MIN), target: int32(INT32_MIN) }))
      .max(INDICATOR_KEYS.length)
      .describe('The project’s figures that have a target'),
  })
  .meta({ id: 'Home' });
export type Home = z.infer<typeof HomeSchema>;
