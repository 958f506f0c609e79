import { z } from 'zod';
import {
  CountrySchema,
  I18nLongTextSchema,
  I18nTextSchema,
  IdSchema,
  LocaleSchema,
  pageSchema,
  PaginationQuerySchema,
  TimestampSchema,
} from './common.js';
import { FundingDateSchema } from './funding-calls.js';
import { PartnerCodeSchema } from './partners.js';

/** Events of the Polish–German cluster dialogue: who met where, with how many, and what came of it. */
export const DIALOGUE_EVENT_ERROR_CODES = ['DIALOGUE_EVENT_NOT_FOUND'] as const;

const distinctIds = (max: number) =>
  z
    .array(IdSchema)
    .max(max)
    .refine((a) => new Set(a).size === a.length, { message: 'Duplicate value', params: { code: 'duplicate_value' } });

const eventFields = {
  title: I18nTextSchema,
  date: FundingDateSchema.describe('The (first) day of the event'),
  endDate: FundingDateSchema.nullable().describe('The last day of an event of several days'),
  place: z.string().trim().min(1).max(200).describe('Venue and town, e.g. "Collegium Polonicum, Słubice"'),
  languages: z
    .array(LocaleSchema)
    .min(1)
    .max(3)
    .refine((a) => new Set(a).size === a.length, { message: 'Duplicate value', params: { code: 'duplicate_value' } })
    .describe('Working languages (with interpreting: all of them)'),
  organisingPartner: PartnerCodeSchema,
  clusterIds: distinctIds(100).describe('Participating clusters'),
  organisationIds: distinctIds(500).describe('Participating organisations'),
  participantCount: z.number().int().min(0).max(100_000).describe('People who took part'),
  outcomes: I18nLongTextSchema.describe('What came of it: agreements, next steps, new contacts'),
};

const endNotBeforeStart = (e: { date?: string; endDate?: string | null }) => !e.date || !e.endDate || e.endDate >= e.date;

export const DialogueEventSchema = z
  .object({
    id: IdSchema,
    ...eventFields,
    clusters: z.array(z.object({ id: IdSchema, name: I18nTextSchema, countries: z.array(CountrySchema) })),
    organisations: z.array(z.object({ id: IdSchema, name: z.string(), country: CountrySchema })),
    version: z.number().int(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'DialogueEvent' });
export type DialogueEvent = z.infer<typeof DialogueEventSchema>;

export const DialogueEventCreateSchema = z
  .strictObject({
    ...eventFields,
    endDate: eventFields.endDate.default(null),
    clusterIds: eventFields.clusterIds.default([]),
    organisationIds: eventFields.organisationIds.default([]),
    outcomes: I18nLongTextSchema.default({}),
  })
  .refine(endNotBeforeStart, { path: ['endDate'], message: 'The event ends before it starts', params: { code: 'end_before_start' } })
  .meta({ id: 'DialogueEventCreate' });
export type DialogueEventCreate = z.input<typeof DialogueEventCreateSchema>;
export type DialogueEventCreateData = z.output<typeof DialogueEventCreateSchema>;

export const DialogueEventUpdateSchema = z
  .strictObject(eventFields)
  .partial()
  .meta({ id: 'DialogueEventUpdate', description: 'Only the fields present are changed; id lists replace the whole list' });
export type DialogueEventUpdate = z.infer<typeof DialogueEventUpdateSchema>;

export const DialogueEventListQuerySchema = PaginationQuerySchema.extend({
  from: FundingDateSchema.optional().describe('Events on or after this day'),
  to: FundingDateSchema.optional().describe('Events on or before this day'),
  partner: PartnerCodeSchema.optional().describe('Organised by this partner'),
  clusterId: IdSchema.optional().describe('With this cluster taking part'),
});
export type DialogueEventListQuery = z.infer<typeof DialogueEventListQuerySchema>;

export const DialogueEventPageSchema = pageSchema(DialogueEventSchema, 'DialogueEventPage');
export type DialogueEventPage = z.infer<typeof DialogueEventPageSchema>;
