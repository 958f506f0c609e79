import { z } from 'zod';
import {
  CountrySchema,
  IdSchema,
  LocaleSchema,
  TimestampSchema,
  INT32_MIN,
  int32,
  boundedArray,
  boundedText,
  TimeOfDayTextSchema,
} from './common.js';
import { zonedInstant } from './dates.js';
import { FundingDateSchema } from './funding-calls.js';

/**
 * One-to-one meetings at an event of the cluster dialogue (the b2match idea): registrants who want
 * meetings show a short profile, ask others for a meeting, the other side accepts or declines,
 * and the platform puts accepted meetings into the event's time slots and at its tables.
 */
export const EVENT_MEETING_ERROR_CODES = [
  'MEETING_NOT_FOUND',
  'MEETING_REQUEST_NOT_ALLOWED',
  'MEETING_ANSWER_NOT_ALLOWED',
  'MEETING_PLAN_IN_USE',
  'MEETING_MATCH_NOT_POSSIBLE',
] as const;

export const EVENT_MEETING_STATUSES = ['requested', 'accepted', 'declined', 'cancelled'] as const;
export const EventMeetingStatusSchema = z.enum(EVENT_MEETING_STATUSES).meta({
  id: 'EventMeetingStatus',
  description:
    'requested → accepted (scheduled into a slot and at a table when one is free) or declined; cancelled when a side cancels the registration',
});
export type EventMeetingStatus = z.infer<typeof EventMeetingStatusSchema>;

const TimeSchema = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day, HH:MM');
/**
 * What a meeting board holds at most: the slots of a day of 5-minute meetings, the places of the
 * largest event (its capacity's bound, with its waiting list), and the meetings they may ask for.
 */
const SLOTS_MAX = (24 * 60) / 5;
const PARTICIPANTS_MAX = 200_000;
const MEETINGS_MAX = 200_000;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const timeOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** When meetings take place: one block of equal slots on one day, and how many tables there are. */
export const EventMeetingPlanSchema = z
  .strictObject({
    date: FundingDateSchema.describe('The day of the meetings'),
    startTime: TimeSchema.describe("First slot begins (the event's time zone)"),
    endTime: TimeSchema.describe('Last slot ends by then'),
    slotMinutes: int32(INT32_MIN).min(5).max(240).describe('Length of one meeting'),
    tables: int32(INT32_MIN).min(1).max(200).describe('Meetings that can take place at once'),
  })
  .refine((p) => minutesOf(p.endTime) - minutesOf(p.startTime) >= p.slotMinutes, {
    path: ['endTime'],
    message: 'No slot fits between start and end',
    params: { code: 'no_slot_fits' },
  })
  .meta({ id: 'EventMeetingPlan' });
export type EventMeetingPlan = z.infer<typeof EventMeetingPlanSchema>;

export const EventMeetingSlotSchema = z
  .object({
    index: int32(INT32_MIN),
    startsAt: TimestampSchema,
    endsAt: TimestampSchema,
    start: TimeOfDayTextSchema,
    end: TimeOfDayTextSchema,
  })
  .meta({ id: 'EventMeetingSlot' });
export type EventMeetingSlot = z.infer<typeof EventMeetingSlotSchema>;

/** The slots of a plan, in order: `start`/`end` as wall-clock times, `startsAt`/`endsAt` as instants. */
export function meetingSlots(plan: EventMeetingPlan, timeZone: string): EventMeetingSlot[] {
  const first = minutesOf(plan.startTime);
  const count = Math.floor((minutesOf(plan.endTime) - first) / plan.slotMinutes);
  return Array.from({ length: count }, (_, index) => {
    const start = timeOf(first + index * plan.slotMinutes);
    const end = timeOf(first + (index + 1) * plan.slotMinutes);
    return {
      index,
      start,
      end,
      startsAt: zonedInstant(plan.date, start, timeZone).toISOString(),
      endsAt: zonedInstant(plan.date, end, timeZone).toISOString(),
    };
  });
}

export const MeetingProfileTextSchema = z.string().trim().max(600);

/** A registrant as the other participants see them: no e-mail. */
export const MeetingParticipantSchema = z
  .object({
    id: IdSchema.describe('The registration'),
    name: boundedText(200),
    organisation: boundedText(300).nullable(),
    country: CountrySchema,
    language: LocaleSchema,
    profile: boundedText(600).nullable().describe('What they offer and look for, in their words'),
    cooperationProfileId: IdSchema.nullable().describe('Their cooperation profile of the matchmaking, when linked'),
    checkedIn: z.boolean(),
  })
  .meta({ id: 'MeetingParticipant' });
export type MeetingParticipant = z.infer<typeof MeetingParticipantSchema>;

export const EventMeetingSchema = z
  .object({
    id: IdSchema,
    eventId: IdSchema,
    requester: MeetingParticipantSchema.pick({ id: true, name: true, organisation: true, country: true }),
    invitee: MeetingParticipantSchema.pick({ id: true, name: true, organisation: true, country: true }),
    status: EventMeetingStatusSchema,
    message: boundedText(1000).nullable(),
    slot: EventMeetingSlotSchema.nullable().describe('When it takes place; none while not scheduled'),
    table: int32(INT32_MIN).nullable().describe('Table number, from 1'),
    matchId: IdSchema.nullable().describe('The match on the matches board it became'),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'EventMeeting' });
export type EventMeeting = z.infer<typeof EventMeetingSchema>;

/** Everything the schedule grid shows: the plan, its slots, the participants and every meeting. */
export const EventMeetingBoardSchema = z
  .object({
    plan: EventMeetingPlanSchema.nullable(),
    slots: boundedArray(EventMeetingSlotSchema, SLOTS_MAX),
    participants: boundedArray(MeetingParticipantSchema, PARTICIPANTS_MAX).describe('Confirmed registrants who want meetings'),
    meetings: boundedArray(EventMeetingSchema, MEETINGS_MAX).describe('Every meeting, requested, accepted, declined or cancelled'),
  })
  .meta({ id: 'EventMeetingBoard' });
export type EventMeetingBoard = z.infer<typeof EventMeetingBoardSchema>;

export const EventMeetingCreateSchema = z
  .strictObject({
    requesterId: IdSchema.describe('The registration asking'),
    inviteeId: IdSchema.describe('The registration asked'),
    message: z.string().trim().max(1000).optional(),
  })
  .meta({ id: 'EventMeetingCreate', description: 'Staff ask for a meeting on a registrant’s behalf' });
export type EventMeetingCreate = z.infer<typeof EventMeetingCreateSchema>;

export const EventMeetingAnswerSchema = z.strictObject({ accept: z.boolean() }).meta({ id: 'EventMeetingAnswer' });
export type EventMeetingAnswer = z.infer<typeof EventMeetingAnswerSchema>;

export const EventMeetingParamsSchema = z.strictObject({ id: IdSchema, meetingId: IdSchema });
export const MeetingIdParamsSchema = z.strictObject({ meetingId: IdSchema });

export const MeetingSuggestionQuerySchema = z.strictObject({ for: IdSchema.describe('The registration to suggest partners for') });
export const MeetingSuggestionsSchema = z
  .object({
    items: boundedArray(
      z.object({ participant: MeetingParticipantSchema, score: int32(INT32_MIN).describe('Matchmaking score, 0–100') }),
      PARTICIPANTS_MAX,
    ),
  })
  .meta({
    id: 'MeetingSuggestions',
    description:
      'Other participants who want meetings, best matchmaking score first (from their organisations or linked cooperation profiles); those without a score are left out',
  });
export type MeetingSuggestions = z.infer<typeof MeetingSuggestionsSchema>;

export const MeetingMatchSchema = z.object({ matchId: IdSchema }).meta({ id: 'MeetingMatch' });

// ---- the participant's own view, with the token of their e-mail link

export const RegistrationTokenHeadersSchema = z.object({
  'x-registration-token': z
    .string()
    .max(64)
    .regex(/^[\w-]{20,64}$/)
    .describe('The token of the link in the registration e-mail'),
});

export const MeetingProfileUpdateSchema = z
  .strictObject({
    profile: MeetingProfileTextSchema.describe('What you offer and look for; shown to the other participants'),
    cooperationProfileId: IdSchema.nullable()
      .default(null)
      .describe("A published cooperation profile of the registrant's own organisation"),
  })
  .meta({ id: 'MeetingProfileUpdate' });
export type MeetingProfileUpdate = z.input<typeof MeetingProfileUpdateSchema>;

export const OwnMeetingRequestSchema = z
  .strictObject({ withId: IdSchema.describe('The registration (participant) asked'), message: z.string().trim().max(1000).optional() })
  .meta({ id: 'OwnMeetingRequest' });
export type OwnMeetingRequest = z.infer<typeof OwnMeetingRequestSchema>;

export const OwnMeetingsSchema = z
  .object({
    me: MeetingParticipantSchema,
    participants: boundedArray(MeetingParticipantSchema, PARTICIPANTS_MAX).describe('The others who want meetings'),
    meetings: boundedArray(EventMeetingSchema, MEETINGS_MAX).describe('Meetings asked by or of the registrant'),
  })
  .meta({ id: 'OwnMeetings' });
export type OwnMeetings = z.infer<typeof OwnMeetingsSchema>;
