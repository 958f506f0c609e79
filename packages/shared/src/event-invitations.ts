import { z } from 'zod';
import { CountrySchema, distinct, IdSchema, int32, LocaleSchema, TimestampSchema, listSchema } from './common.js';
import { NaceCodeSchema, Ris3CodeSchema } from './taxonomies.js';

/**
 * Invitations to an event of the cluster dialogue: staff choose contact persons of the directory
 * (only those who consented) by cluster, sector, RIS3 area or country; each gets one e-mail in
 * their language with a personal registration link. Nobody is invited twice to the same event.
 */
export const EVENT_INVITATION_ERROR_CODES = ['INVITATION_NOT_POSSIBLE', 'INVITATION_NOT_FOUND'] as const;

/** A criterion of the audience: any of these values, none twice; left out, it does not narrow. */
const criterion = <T extends z.ZodType>(item: T, max: number) => distinct(item, max).default([]);

/** Whom to invite: each criterion given narrows the audience; within a criterion any value matches. */
export const EventInvitationAudienceSchema = z
  .strictObject({
    clusterIds: criterion(IdSchema, 100).describe('Contact persons of member organisations of these clusters'),
    sectors: criterion(NaceCodeSchema, 50).describe('Organisations working in one of these NACE sectors'),
    ris3Areas: criterion(Ris3CodeSchema, 20).describe('Members of clusters in one of these smart-specialisation areas'),
    countries: criterion(CountrySchema, 2).describe('Organisations in these countries'),
  })
  .refine((a) => a.clusterIds.length + a.sectors.length + a.ris3Areas.length + a.countries.length > 0, {
    message: 'Choose at least one cluster, sector, RIS3 area or country',
    path: ['clusterIds'],
    params: { code: 'audience_required' },
  })
  .meta({ id: 'EventInvitationAudience' });
export type EventInvitationAudience = z.input<typeof EventInvitationAudienceSchema>;
export type EventInvitationAudienceData = z.output<typeof EventInvitationAudienceSchema>;

export const EventInvitationPreviewSchema = z
  .object({
    count: int32().describe('Contact persons who would get an invitation now'),
    alreadyInvited: int32().describe('Contact persons of the audience invited before: they are not invited again'),
    byLanguage: z.object({ de: int32(), pl: int32(), en: int32() }),
  })
  .meta({ id: 'EventInvitationPreview' });
export type EventInvitationPreview = z.infer<typeof EventInvitationPreviewSchema>;

export const EventInvitationSendResultSchema = z
  .object({
    sent: int32().describe('Invitations queued in the outbox'),
    alreadyInvited: int32().describe('Left out: invited before'),
  })
  .meta({ id: 'EventInvitationSendResult' });
export type EventInvitationSendResult = z.infer<typeof EventInvitationSendResultSchema>;

export const EVENT_INVITATION_STATUSES = ['invited', 'registered'] as const;

export const EventInvitationSchema = z
  .object({
    id: IdSchema,
    name: z.string().max(200),
    email: z.string().max(254),
    language: LocaleSchema,
    organisation: z.object({ id: IdSchema, name: z.string().max(300) }).nullable(),
    status: z.enum(EVENT_INVITATION_STATUSES).describe('Invited, or registered through the personal link'),
    registrationId: IdSchema.nullable(),
    sentAt: TimestampSchema,
  })
  .meta({ id: 'EventInvitation' });
export type EventInvitation = z.infer<typeof EventInvitationSchema>;

export const EventInvitationListSchema = listSchema(EventInvitationSchema, 5000, 'EventInvitationList', 'Newest first');
export type EventInvitationList = z.infer<typeof EventInvitationListSchema>;

/** How a person whose organisation is in a country reads: de in Germany, pl in Poland. */
export const INVITATION_LANGUAGE_BY_COUNTRY = { DE: 'de', PL: 'pl' } as const;
