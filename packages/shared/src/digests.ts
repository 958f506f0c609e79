import { z } from 'zod';
import {
  boundedArray,
  boundedText,
  distinct,
  IdSchema,
  int32,
  LocaleSchema,
  TimestampSchema,
  versionedRecordFields,
  type Locale,
  listSchema,
} from './common.js';

/**
 * E-mail digests for contact persons of organisations: who consented receives, once per period
 * (monthly unless set otherwise), the new publications, the funding calls closing soon and the
 * upcoming events that fit the sectors and RIS3 areas of their clusters. A person is a contact
 * of an organisation, known by their e-mail address there. The consent is recorded with when it
 * was given, how, and the version of the text the person agreed to; every digest carries a
 * one-click unsubscribe link.
 */

export const DIGEST_ERROR_CODES = ['DIGEST_SUBSCRIPTION_NOT_FOUND', 'DIGEST_SUBSCRIPTION_EXISTS', 'DIGEST_CONTACT_NOT_FOUND'] as const;

/** What a digest may contain; a person chooses any of them. */
export const DIGEST_TOPICS = ['publications', 'funding_calls', 'events'] as const;
export const DigestTopicSchema = z.enum(DIGEST_TOPICS).meta({ id: 'DigestTopic' });
export type DigestTopic = z.infer<typeof DigestTopicSchema>;

export const DIGEST_FREQUENCIES = ['monthly', 'weekly'] as const;
export const DigestFrequencySchema = z.enum(DIGEST_FREQUENCIES).meta({ id: 'DigestFrequency' });
export type DigestFrequency = z.infer<typeof DigestFrequencySchema>;

/** Funding calls closing within this many days, and events within this many, are in a digest. */
export const DIGEST_CALLS_CLOSING_DAYS = 30;
export const DIGEST_EVENTS_AHEAD_DAYS = 60;

/**
 * The text a person agrees to, by version: a changed text is a new version, and a consent names
 * the version it was given to. Staff read it out or hand it over when they record a consent.
 */
export const DIGEST_CONSENT_TEXT_VERSION = 'digest-consent-2026-12';
export const DIGEST_CONSENT_TEXT: Record<Locale, string> = {
  de: 'Ich möchte den EuRegioNet-Newsletter per E-Mail erhalten: neue Veröffentlichungen, bald endende Förderaufrufe und kommende Veranstaltungen passend zu meinen Clustern. Meine E-Mail-Adresse wird nur dafür verwendet. Ich kann mich jederzeit über den Link in jeder E-Mail abmelden.',
  pl: 'Chcę otrzymywać e-mailem biuletyn EuRegioNet: nowe publikacje, wkrótce zamykane nabory i nadchodzące wydarzenia związane z moimi klastrami. Mój adres e-mail będzie używany tylko w tym celu. Mogę w każdej chwili zrezygnować, korzystając z linku w każdej wiadomości.',
  en: 'I would like to receive the EuRegioNet digest by e-mail: new publications, funding calls closing soon and upcoming events that fit my clusters. My e-mail address is used for this only. I can unsubscribe at any time through the link in every e-mail.',
};

const topics = distinct(DigestTopicSchema, DIGEST_TOPICS.length).min(1, { message: 'Choose at least one topic' });

export const DigestSubscriptionSchema = z
  .object({
    id: IdSchema,
    organisationId: IdSchema,
    email: boundedText(254).describe('The contact person’s address, as in the organisation’s contacts'),
    name: boundedText(120).nullable().describe('The contact’s name in the organisation (null: no longer a contact there)'),
    language: LocaleSchema.describe('The language of the digest and of the unsubscribe page'),
    topics: boundedArray(DigestTopicSchema, DIGEST_TOPICS.length),
    frequency: DigestFrequencySchema,
    enabled: z.boolean().describe('Whether digests go out; off after an unsubscribe'),
    consentedAt: TimestampSchema.describe('When the consent was recorded'),
    consentTextVersion: boundedText(60).describe('The version of the consent text the person agreed to'),
    consentSource: boundedText(200).describe('How the consent was given'),
    consentRecordedBy: boundedText(200).nullable(),
    unsubscribedAt: TimestampSchema.nullable().describe('When the person unsubscribed through the link'),
    lastSentAt: TimestampSchema.nullable().describe('When the last digest was queued'),
    digestsSent: int32().describe('How many digests were queued'),
    ...versionedRecordFields,
  })
  .meta({ id: 'DigestSubscription', description: 'A contact person’s digest preferences and consent (personal data)' });
export type DigestSubscription = z.infer<typeof DigestSubscriptionSchema>;

export const DigestSubscriptionListSchema = listSchema(
  DigestSubscriptionSchema,
  20,
  'DigestSubscriptionList',
  'The digest subscriptions of an organisation’s contacts',
);
export type DigestSubscriptionList = z.infer<typeof DigestSubscriptionListSchema>;

const consentSource = z.string().trim().min(1).max(200).describe('How the consent was given (e.g. "signed form, cluster day 2026-11-20")');

export const DigestSubscriptionCreateSchema = z
  .strictObject({
    email: z
      .email()
      .max(254)
      .transform((e) => e.toLowerCase())
      .describe('A contact person of the organisation, by their address'),
    language: LocaleSchema,
    topics: topics.default([...DIGEST_TOPICS]),
    frequency: DigestFrequencySchema.default('monthly'),
    consentSource,
  })
  .meta({
    id: 'DigestSubscriptionCreate',
    description: `Records the person's consent to the current text (${DIGEST_CONSENT_TEXT_VERSION})`,
  });
export type DigestSubscriptionCreate = z.input<typeof DigestSubscriptionCreateSchema>;

export const DigestSubscriptionUpdateSchema = z
  .strictObject({
    language: LocaleSchema.optional(),
    topics: topics.optional(),
    frequency: DigestFrequencySchema.optional(),
    enabled: z.boolean().optional(),
    consentSource: consentSource.optional().describe('Needed to switch digests on again after the person unsubscribed: their new consent'),
  })
  .meta({ id: 'DigestSubscriptionUpdate', description: 'Only the fields present are changed' });
export type DigestSubscriptionUpdate = z.input<typeof DigestSubscriptionUpdateSchema>;

export const DigestSubscriptionParamsSchema = z.strictObject({ id: IdSchema });
