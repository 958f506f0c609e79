import { z } from 'zod';
import {
  CountrySchema,
  distinct,
  I18nLongTextSchema,
  I18nTextSchema,
  IdSchema,
  LocaleSchema,
  pageSchema,
  PaginationQuerySchema,
  TimestampSchema,
  INT32_MIN,
  int32,
  boundedText,
  boundedArray,
  CodeTextSchema,
  UrlTextSchema,
  CountryListSchema,
  EmailTextSchema,
  NameTextSchema,
  updateSchema,
} from './common.js';
import { SlugSchema } from './clusters.js';
import { EVENT_INVITATION_ERROR_CODES } from './event-invitations.js';
import { EVENT_MEETING_ERROR_CODES } from './event-meetings.js';
import { FundingDateSchema } from './funding-calls.js';
import { ORGANISATION_TYPES, OrganisationTypeSchema } from './organisations.js';
import { PartnerCodeSchema } from './partners.js';
import { LocalizedTextSchema, publicListQuerySchema, publicPageSchema } from './public.js';
import { NaceCodeSchema, Ris3CodeSchema } from './taxonomies.js';
import { normaliseEmail } from './text.js';

/** Events of the Polish–German cluster dialogue: who met where, with how many, and what came of it. */
export const DIALOGUE_EVENT_ERROR_CODES = [
  'DIALOGUE_EVENT_NOT_FOUND',
  'EVENT_REGISTRATION_NOT_FOUND',
  'REGISTRATION_CLOSED',
  'EVENT_STATUS_CHANGE_NOT_ALLOWED',
  ...EVENT_MEETING_ERROR_CODES,
  ...EVENT_INVITATION_ERROR_CODES,
] as const;

/**
 * The life of an event: prepared as a draft, published (portals list it, people register),
 * registration closed, held, documented (outcomes written). Cancelled from any state before it
 * is held; everyone registered is told. Events recorded after the fact start as held or documented.
 */
export const DIALOGUE_EVENT_STATUSES = ['draft', 'published', 'registration_closed', 'held', 'documented', 'cancelled'] as const;
export const DialogueEventStatusSchema = z.enum(DIALOGUE_EVENT_STATUSES).meta({ id: 'DialogueEventStatus' });
export type DialogueEventStatus = z.infer<typeof DialogueEventStatusSchema>;

export const DIALOGUE_EVENT_TRANSITIONS: Record<DialogueEventStatus, readonly DialogueEventStatus[]> = {
  draft: ['published', 'cancelled'],
  published: ['draft', 'registration_closed', 'held', 'cancelled'],
  registration_closed: ['published', 'held', 'cancelled'],
  held: ['documented'],
  documented: ['held'],
  cancelled: [],
};

export const canChangeEventStatus = (from: DialogueEventStatus, to: DialogueEventStatus) => DIALOGUE_EVENT_TRANSITIONS[from].includes(to);

/** Statuses in which people may still register (within the registration window). */
export const REGISTERING_STATUSES: readonly DialogueEventStatus[] = ['published'];

const distinctIds = (max: number) => distinct(IdSchema, max);

const TimeOfDaySchema = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day, HH:MM')
  .meta({ id: 'TimeOfDay', description: "Local time in the event's time zone, e.g. `09:30`" });

/** Berlin and Warsaw keep the same clocks; an event elsewhere names its own zone. */
export const EVENT_TIME_ZONES = ['Europe/Berlin', 'Europe/Warsaw'] as const;

const eventFields = {
  title: I18nTextSchema,
  date: FundingDateSchema.describe('The (first) day of the event'),
  endDate: FundingDateSchema.nullable().describe('The last day of an event of several days'),
  startTime: TimeOfDaySchema.nullable().describe('When it begins on the first day; none for an all-day event'),
  endTime: TimeOfDaySchema.nullable().describe('When it ends on the last day'),
  timeZone: z.enum(EVENT_TIME_ZONES),
  place: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullable()
    .describe('Venue and town, e.g. "Collegium Polonicum, Słubice"; none for an online event'),
  onlineUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .describe('Link to join online'),
  description: I18nLongTextSchema,
  agenda: I18nLongTextSchema,
  interpretation: z.boolean().describe('Interpreting between the languages is offered'),
  capacity: int32(INT32_MIN)
    .min(1)
    .max(100_000)
    .nullable()
    .describe('Places; further registrations go to the waiting list. None: no limit'),
  registrationOpensOn: FundingDateSchema.nullable().describe('First day of registration; none: from publication'),
  registrationClosesOn: FundingDateSchema.nullable().describe('Last day of registration; none: until the event'),
  sectors: distinct(NaceCodeSchema, 30).describe('NACE sectors the event addresses'),
  ris3Areas: distinct(Ris3CodeSchema, 13).describe('Smart-specialisation areas'),
  languages: distinct(LocaleSchema, 3).min(1).describe('Working languages (with interpreting: all of them)'),
  organisingPartner: PartnerCodeSchema,
  clusterIds: distinctIds(100).describe('Participating clusters'),
  organisationIds: distinctIds(500).describe('Participating organisations'),
  participantCount: int32(INT32_MIN)
    .min(0)
    .max(100_000)
    .nullable()
    .describe('People who took part, typed in: for events without registrations (check-ins count for the others)'),
  outcomes: I18nLongTextSchema.describe('What came of it: agreements, next steps, new contacts'),
  publicationId: IdSchema.nullable().describe('The publication reporting on the event (report, photos, results)'),
};

const endNotBeforeStart = (e: { date?: string; endDate?: string | null }) => !e.date || !e.endDate || e.endDate >= e.date;
const somewhere = (e: { place?: string | null; onlineUrl?: string | null }) =>
  (e.place === undefined && e.onlineUrl === undefined) || !!(e.place || e.onlineUrl);

export const DialogueEventSchema = z
  .object({
    id: IdSchema,
    slug: SlugSchema,
    status: DialogueEventStatusSchema,
    ...eventFields,
    cancellationNotice: I18nLongTextSchema.nullable(),
    registrations: z
      .object({ confirmed: int32(INT32_MIN), waiting: int32(INT32_MIN), checkedIn: int32(INT32_MIN) })
      .describe('People registered (within capacity), on the waiting list, and checked in'),
    clusters: boundedArray(z.object({ id: IdSchema, name: I18nTextSchema, countries: CountryListSchema }), 100),
    organisations: boundedArray(z.object({ id: IdSchema, name: NameTextSchema, country: CountrySchema }), 500),
    version: int32(INT32_MIN),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'DialogueEvent' });
export type DialogueEvent = z.infer<typeof DialogueEventSchema>;

export const DialogueEventCreateSchema = z
  .strictObject({
    ...eventFields,
    slug: SlugSchema.optional().describe('Made from the title when left out'),
    status: DialogueEventStatusSchema.exclude(['cancelled'])
      .default('draft')
      .describe('An event recorded after the fact is created held or documented'),
    endDate: eventFields.endDate.default(null),
    startTime: eventFields.startTime.default(null),
    endTime: eventFields.endTime.default(null),
    timeZone: eventFields.timeZone.default('Europe/Berlin'),
    place: eventFields.place.default(null),
    onlineUrl: eventFields.onlineUrl.default(null),
    description: I18nLongTextSchema.default({}),
    agenda: I18nLongTextSchema.default({}),
    interpretation: z.boolean().default(false),
    capacity: eventFields.capacity.default(null),
    registrationOpensOn: eventFields.registrationOpensOn.default(null),
    registrationClosesOn: eventFields.registrationClosesOn.default(null),
    sectors: eventFields.sectors.default([]),
    ris3Areas: eventFields.ris3Areas.default([]),
    clusterIds: eventFields.clusterIds.default([]),
    organisationIds: eventFields.organisationIds.default([]),
    participantCount: eventFields.participantCount.default(null),
    outcomes: I18nLongTextSchema.default({}),
    publicationId: eventFields.publicationId.default(null),
  })
  .refine(endNotBeforeStart, { path: ['endDate'], message: 'The event ends before it starts', params: { code: 'end_before_start' } })
  .refine(somewhere, { path: ['place'], message: 'A place, an online link or both', params: { code: 'place_or_link_required' } })
  .meta({ id: 'DialogueEventCreate' });
export type DialogueEventCreate = z.input<typeof DialogueEventCreateSchema>;
export type DialogueEventCreateData = z.output<typeof DialogueEventCreateSchema>;

export const DialogueEventUpdateSchema = updateSchema(
  { ...eventFields, slug: SlugSchema },
  'DialogueEventUpdate',
  'id lists replace the whole list',
);
export type DialogueEventUpdate = z.infer<typeof DialogueEventUpdateSchema>;

export const DialogueEventListQuerySchema = PaginationQuerySchema.extend({
  from: FundingDateSchema.optional().describe('Events on or after this day'),
  to: FundingDateSchema.optional().describe('Events on or before this day'),
  partner: PartnerCodeSchema.optional().describe('Organised by this partner'),
  clusterId: IdSchema.optional().describe('With this cluster taking part'),
  status: DialogueEventStatusSchema.optional(),
});
export type DialogueEventListQuery = z.infer<typeof DialogueEventListQuerySchema>;

export const DialogueEventPageSchema = pageSchema(DialogueEventSchema, 'DialogueEventPage');
export type DialogueEventPage = z.infer<typeof DialogueEventPageSchema>;

export const DialogueEventTransitionSchema = z
  .strictObject({
    status: DialogueEventStatusSchema,
    notice: I18nLongTextSchema.optional().describe('On cancellation: the message to everyone registered, in their language'),
  })
  .meta({ id: 'DialogueEventTransition' });
export type DialogueEventTransition = z.infer<typeof DialogueEventTransitionSchema>;

// ---- registration

export const EVENT_REGISTRATION_STATUSES = ['confirmed', 'waiting', 'cancelled'] as const;
export const EventRegistrationStatusSchema = z.enum(EVENT_REGISTRATION_STATUSES).meta({ id: 'EventRegistrationStatus' });
export type EventRegistrationStatus = z.infer<typeof EventRegistrationStatusSchema>;

const line = (max: number) => z.string().trim().min(1).max(max);

const registrationFields = {
  name: line(200),
  email: z.email().max(254).transform(normaliseEmail),
  organisationName: line(300).optional().describe('The organisation, as written; linked to the directory when the name matches'),
  country: CountrySchema,
  language: LocaleSchema.describe('The language of the confirmation and of every later message'),
  consent: z.literal(true, { error: 'Consent to the processing of the data is required' }),
  consentTextVersion: line(40).describe('Version of the consent text agreed to, e.g. `2026-01`'),
  notes: z.string().trim().max(1000).optional().describe('Dietary or accessibility needs'),
  wantsMeetings: z.boolean().default(false).describe('Interested in one-to-one meetings with other participants'),
};

export const EventRegistrationIntakeSchema = z
  .strictObject({
    ...registrationFields,
    website: z
      .string()
      .max(500)
      .optional()
      .describe('Leave empty. A field that people do not see and robots fill in: a registration with it is discarded'),
  })
  .meta({ id: 'EventRegistrationIntake' });
export type EventRegistrationIntake = z.input<typeof EventRegistrationIntakeSchema>;
export type EventRegistrationIntakeData = z.output<typeof EventRegistrationIntakeSchema>;

export const EventRegistrationCreateSchema = z
  .strictObject({ ...registrationFields, organisationId: IdSchema.optional().describe('A known organisation of the directory') })
  .meta({ id: 'EventRegistrationCreate', description: 'Staff register someone (e.g. by phone)' });
export type EventRegistrationCreate = z.input<typeof EventRegistrationCreateSchema>;

export const EventRegistrationReceiptSchema = z
  .object({
    status: EventRegistrationStatusSchema.exclude(['cancelled']).describe('Confirmed, or on the waiting list'),
    waitingPosition: int32(INT32_MIN).nullable().describe('Place on the waiting list'),
  })
  .meta({ id: 'EventRegistrationReceipt' });
export type EventRegistrationReceipt = z.infer<typeof EventRegistrationReceiptSchema>;

export const EventRegistrationSchema = z
  .object({
    id: IdSchema,
    eventId: IdSchema,
    name: boundedText(200),
    email: EmailTextSchema,
    organisationName: boundedText(300).nullable(),
    organisation: z.object({ id: IdSchema, name: NameTextSchema, type: OrganisationTypeSchema }).nullable(),
    country: CountrySchema,
    language: LocaleSchema,
    notes: boundedText(1000).nullable(),
    wantsMeetings: z.boolean(),
    status: EventRegistrationStatusSchema,
    waitingPosition: int32(INT32_MIN).nullable(),
    source: z.enum(['portal', 'staff', 'invitation']).describe('A portal, staff, or the personal link of an invitation'),
    checkedInAt: TimestampSchema.nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'EventRegistration' });
export type EventRegistration = z.infer<typeof EventRegistrationSchema>;

export const EventRegistrationListQuerySchema = PaginationQuerySchema.extend({
  q: z.string().trim().max(100).optional().describe('Part of the name, e-mail or organisation'),
  status: EventRegistrationStatusSchema.optional(),
  language: LocaleSchema.optional().describe('One language group, e.g. for its printed attendee list'),
});
export type EventRegistrationListQuery = z.infer<typeof EventRegistrationListQuerySchema>;
export const EventRegistrationPageSchema = pageSchema(EventRegistrationSchema, 'EventRegistrationPage');
export type EventRegistrationPage = z.infer<typeof EventRegistrationPageSchema>;

export const EventRegistrationParamsSchema = z.strictObject({ id: IdSchema, registrationId: IdSchema });

export const CheckInSchema = z.strictObject({ present: z.boolean() }).meta({ id: 'CheckIn' });
export type CheckIn = z.infer<typeof CheckInSchema>;

/** Who came: the participant figures of an event with registrations, from its check-ins. */
export const EventAttendanceSchema = z
  .object({
    checkedIn: int32(INT32_MIN),
    byCountry: z.object({ DE: int32(INT32_MIN), PL: int32(INT32_MIN) }),
    byOrganisationType: boundedArray(
      z.object({ type: OrganisationTypeSchema.or(z.literal('unknown')), count: int32(INT32_MIN) }),
      ORGANISATION_TYPES.length + 1,
    ),
    crossBorderShare: z
      .number()
      .nullable()
      .describe('Share (0–1) of those checked in who came from the other country than the organising partner; none without check-ins'),
  })
  .meta({ id: 'EventAttendance' });
export type EventAttendance = z.infer<typeof EventAttendanceSchema>;

// ---- public

export const PublicEventSchema = z
  .object({
    slug: SlugSchema,
    status: z.enum(['published', 'registration_closed']),
    title: LocalizedTextSchema,
    description: LocalizedTextSchema.nullable(),
    agenda: LocalizedTextSchema.nullable(),
    date: FundingDateSchema,
    endDate: FundingDateSchema.nullable(),
    startTime: TimeOfDaySchema.nullable(),
    endTime: TimeOfDaySchema.nullable(),
    timeZone: boundedText(40).describe('An IANA time zone, e.g. `Europe/Berlin`'),
    place: boundedText(200).nullable(),
    onlineUrl: UrlTextSchema.nullable(),
    languages: boundedArray(LocaleSchema, 3),
    interpretation: z.boolean(),
    organisingPartner: PartnerCodeSchema,
    sectors: boundedArray(CodeTextSchema, 30),
    ris3Areas: boundedArray(CodeTextSchema, 13),
    clusters: boundedArray(LocalizedTextSchema, 100).describe(
      'Names of the participating clusters that are published (an unpublished one is left out)',
    ),
    capacity: int32(INT32_MIN).nullable(),
    placesLeft: int32(INT32_MIN).nullable().describe('Free places; 0 means new registrations go to the waiting list'),
    registrationOpen: z.boolean(),
    registrationOpensOn: FundingDateSchema.nullable(),
    registrationClosesOn: FundingDateSchema.nullable(),
    calendarUrl: UrlTextSchema.describe('The event as an iCalendar file'),
  })
  .meta({ id: 'PublicEvent' });
export type PublicEvent = z.infer<typeof PublicEventSchema>;

export const PublicEventPageSchema = publicPageSchema(PublicEventSchema, 'PublicEventPage');
export type PublicEventPage = z.infer<typeof PublicEventPageSchema>;

export const PublicEventListQuerySchema = publicListQuerySchema({});
export type PublicEventListQuery = z.infer<typeof PublicEventListQuerySchema>;
