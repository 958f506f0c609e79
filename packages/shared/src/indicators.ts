import { z } from 'zod';
import {
  I18nTextSchema,
  IdSchema,
  LocaleSchema,
  pageSchema,
  PaginationQuerySchema,
  QueryBooleanSchema,
  TimestampSchema,
  INT32_MIN,
  int32,
  boundedArray,
  boundedText,
  CountryListSchema,
  DateTextSchema,
  KeyTextSchema,
  NameTextSchema,
  PersonNameTextSchema,
  SUMMARY_LIST_MAX,
  EMBEDDED_LIST_MAX,
  IsoDateSchema,
} from './common.js';
import type { Locale } from './common.js';
import type { CONSULTING_OUTCOMES, CONSULTING_TOPICS } from './consulting.js';
import { FundingDateSchema } from './funding-calls.js';
import { PartnerCodeSchema } from './partners.js';

/**
 * The project's output indicators and what stands behind each figure. EuRegioNet ran 04/2017 to
 * 03/2020 (INTERREG V A Brandenburg–Polska); its targets: 16 clusters evaluated, 8 clusters
 * extended, networked or internationalised, 2 new cross-border clusters.
 */
export const INDICATOR_ERROR_CODES = ['INTERNATIONALISATION_MEASURE_NOT_FOUND'] as const;

export const PROJECT_PERIOD = { from: '2017-04-01', to: '2020-03-31' } as const;

export const INDICATOR_KEYS = [
  'clusters_evaluated',
  'clusters_internationalised',
  'new_cross_border_clusters',
  'cross_border_organisations',
  'dialogue_events',
  'brand_holders',
  'brand_awards',
  'brand_renewals',
  'consulting_funding_referrals',
  'consulting_matches_proposed',
] as const;
export const IndicatorKeySchema = z.enum(INDICATOR_KEYS).meta({
  id: 'IndicatorKey',
  description:
    'clusters_evaluated: clusters with an evaluation approved in the period · clusters_internationalised: clusters with an extension, networking or internationalisation measure in the period · new_cross_border_clusters: cross-border clusters founded in the project period (by founding year, 2017–2020) · cross_border_organisations: organisations that are members of a cross-border cluster, each counted once · dialogue_events: events of the cluster dialogue in the period · brand_holders: clusters holding a valid award of the joint brand on the last day of the period (today without one; suspended and revoked awards do not count) · brand_awards: awards of the joint brand that start in the period · brand_renewals: those of them that renew an earlier award · consulting_funding_referrals: funding calls consulting requests referred their requesters to (sent in a reply or named with the outcome) in the period, one per request and call · consulting_matches_proposed: matches consulting requests proposed in the period, one per request and match',
});
export type IndicatorKey = z.infer<typeof IndicatorKeySchema>;

/** The targets of the project's application; figures without a target are reported alongside. */
export const INDICATOR_TARGETS: Partial<Record<IndicatorKey, number>> = {
  clusters_evaluated: 16,
  clusters_internationalised: 8,
  new_cross_border_clusters: 2,
};

// ---------------------------------------------------------------------------------------------
// Internationalisation measures

export const INTERNATIONALISATION_MEASURE_KINDS = ['extension', 'networking', 'internationalisation'] as const;
export const InternationalisationMeasureKindSchema = z.enum(INTERNATIONALISATION_MEASURE_KINDS).meta({
  id: 'InternationalisationMeasureKind',
  description:
    'extension: new members or services · networking: cooperation with other clusters · internationalisation: activities across the border or abroad',
});
export type InternationalisationMeasureKind = z.infer<typeof InternationalisationMeasureKindSchema>;

export const InternationalisationMeasureSchema = z
  .object({
    id: IdSchema,
    clusterId: IdSchema,
    clusterName: I18nTextSchema,
    partner: PartnerCodeSchema.describe('The partner that supports the cluster'),
    kind: InternationalisationMeasureKindSchema,
    date: IsoDateSchema,
    description: boundedText(2000),
    createdByName: PersonNameTextSchema.nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'InternationalisationMeasure' });
export type InternationalisationMeasure = z.infer<typeof InternationalisationMeasureSchema>;

export const InternationalisationMeasureCreateSchema = z
  .strictObject({
    clusterId: IdSchema,
    kind: InternationalisationMeasureKindSchema,
    date: FundingDateSchema.describe('When the measure took place (or was completed)'),
    description: z.string().trim().min(1).max(2000).describe('What was done, e.g. "Joint stand with Lubuskie firms at Hannover Messe"'),
  })
  .meta({ id: 'InternationalisationMeasureCreate' });
export type InternationalisationMeasureCreate = z.infer<typeof InternationalisationMeasureCreateSchema>;

export const InternationalisationMeasureListQuerySchema = PaginationQuerySchema.extend({
  clusterId: IdSchema.optional(),
  from: FundingDateSchema.optional(),
  to: FundingDateSchema.optional(),
});
export type InternationalisationMeasureListQuery = z.infer<typeof InternationalisationMeasureListQuerySchema>;

export const InternationalisationMeasurePageSchema = pageSchema(InternationalisationMeasureSchema, 'InternationalisationMeasurePage');
export type InternationalisationMeasurePage = z.infer<typeof InternationalisationMeasurePageSchema>;

// ---------------------------------------------------------------------------------------------
// The dashboard

const periodFields = {
  from: FundingDateSchema.optional().describe('First day of the reporting period; without it, from the beginning'),
  to: FundingDateSchema.optional().describe('Last day of the reporting period; without it, up to today'),
};
const periodInOrder = (p: { from?: string | undefined; to?: string | undefined }) => !p.from || !p.to || p.from <= p.to;
const periodIssue = { path: ['to'], message: 'The period ends before it starts', params: { code: 'period_order' } };

export const IndicatorQuerySchema = z
  .strictObject({ ...periodFields, lang: LocaleSchema.default('en').describe('Language of the names in the evidence') })
  .refine(periodInOrder, periodIssue);
export type IndicatorQuery = z.infer<typeof IndicatorQuerySchema>;

export const IndicatorCsvQuerySchema = z
  .strictObject({
    ...periodFields,
    lang: LocaleSchema.default('en').describe('Language of the labels'),
    evidence: QueryBooleanSchema.optional().describe('Also the records behind each figure, a line each'),
    delimiter: z.enum(['comma', 'semicolon']).default('comma').describe('semicolon for spreadsheet programs set to German or Polish'),
  })
  .refine(periodInOrder, periodIssue);
export type IndicatorCsvQuery = z.infer<typeof IndicatorCsvQuerySchema>;

export const IndicatorEvidenceSchema = z
  .object({
    kind: z
      .enum(['cluster', 'organisation', 'event', 'award', 'consulting_request'])
      .describe(
        'award: a brand award; `id` is the award, `name` its holder · consulting_request: `name` is its reference, `identifier` the funding call it referred to',
      ),
    id: IdSchema,
    name: NameTextSchema.describe('In the language asked for, or the next one that has it'),
    date: DateTextSchema.nullable().describe('The day that makes the record count (approval, measure, membership, event)'),
    partner: PartnerCodeSchema.nullable(),
    countries: CountryListSchema,
    identifier: boundedText(200)
      .nullable()
      .describe(
        'For organisations: the identifier they are counted once by (NIP, KRS, commercial register, else the record id); for awards: the certificate number',
      ),
    clusters: z
      .array(z.object({ id: IdSchema, name: NameTextSchema }))
      .max(EMBEDDED_LIST_MAX)
      .describe('For organisations: their cross-border clusters; for events: the clusters taking part'),
    evaluationId: IdSchema.nullable(),
    measures: boundedArray(
      z.object({ id: IdSchema, kind: InternationalisationMeasureKindSchema, date: DateTextSchema, description: boundedText(2000) }),
      EMBEDDED_LIST_MAX,
    ),
    foundedYear: int32(INT32_MIN).nullable(),
    participants: int32(INT32_MIN).nullable(),
  })
  .meta({ id: 'IndicatorEvidence' });
export type IndicatorEvidence = z.infer<typeof IndicatorEvidenceSchema>;

/**
 * The records one figure counts at most: every organisation of the directory could count once,
 * so the bound is far above any directory of the Euroregion, not a page.
 */
const EVIDENCE_MAX = 100_000;

export const IndicatorFigureSchema = z
  .object({
    key: IndicatorKeySchema,
    value: int32(INT32_MIN).describe('Always the number of `evidence` records'),
    target: int32(INT32_MIN).nullable(),
    evidence: boundedArray(IndicatorEvidenceSchema, EVIDENCE_MAX),
  })
  .meta({ id: 'IndicatorFigure' });
export type IndicatorFigure = z.infer<typeof IndicatorFigureSchema>;

const BreakdownSchema = boundedArray(z.object({ key: KeyTextSchema, count: int32(INT32_MIN) }), SUMMARY_LIST_MAX);

export const MatchFiguresSchema = z
  .object({
    introduced: int32(INT32_MIN).describe('Matches introduced in the period'),
    introducedCrossBorder: int32(INT32_MIN),
    agreed: int32(INT32_MIN).describe('Cooperations agreed in the period'),
    agreedCrossBorder: int32(INT32_MIN),
  })
  .meta({ id: 'MatchFigures' });
export type MatchFigures = z.infer<typeof MatchFiguresSchema>;

export const ProjectIndicatorsSchema = z
  .object({
    period: z.object({ from: DateTextSchema.nullable(), to: DateTextSchema.nullable() }),
    projectPeriod: z.object({ from: DateTextSchema, to: DateTextSchema }),
    today: IsoDateSchema,
    lang: LocaleSchema,
    figures: boundedArray(IndicatorFigureSchema, INDICATOR_KEYS.length).describe('One per IndicatorKey, in its order'),
    participants: int32(INT32_MIN).describe('People at the dialogue events of the period'),
    publications: int32(INT32_MIN).describe(
      'A supporting figure: publications first published in the period that are still published or archived',
    ),
    sharesOpened: int32(INT32_MIN).describe(
      'Supporting figure: results links of evaluations that their cluster opened for the first time in the period',
    ),
    brandByYear: z
      .array(z.object({ year: int32(INT32_MIN), awards: int32(INT32_MIN), renewals: int32(INT32_MIN) }))
      .max(SUMMARY_LIST_MAX)
      .describe('Awards of the joint brand that start in the period, and renewals among them, per calendar year'),
    consulting: z.object({
      total: int32(INT32_MIN).describe('Consulting requests received in the period'),
      byTopic: BreakdownSchema,
      byPartner: BreakdownSchema,
      byOutcome: BreakdownSchema.describe('`unresolved`: no outcome yet'),
    }),
    matches: z
      .object({
        available: z.boolean(),
        figures: MatchFiguresSchema.nullable(),
      })
      .describe('Matchmaking figures; not available while the platform records no matches'),
  })
  .meta({ id: 'ProjectIndicators' });
export type ProjectIndicators = z.infer<typeof ProjectIndicatorsSchema>;

// ---------------------------------------------------------------------------------------------
// Labels of the CSV export (the admin app has its own, in its message files)

type Labels = Record<Locale, string>;

export const REPORT_LABELS = {
  clusters_evaluated: { de: 'Evaluierte Cluster', pl: 'Klastry poddane ewaluacji', en: 'Clusters evaluated' },
  clusters_internationalised: {
    de: 'Erweiterte, vernetzte oder internationalisierte Cluster',
    pl: 'Klastry rozszerzone, usieciowione lub umiędzynarodowione',
    en: 'Clusters extended, networked or internationalised',
  },
  new_cross_border_clusters: {
    de: 'Neue grenzüberschreitende Cluster',
    pl: 'Nowe klastry transgraniczne',
    en: 'New cross-border clusters',
  },
  cross_border_organisations: {
    de: 'Grenzüberschreitend kooperierende Organisationen',
    pl: 'Organizacje współpracujące transgranicznie',
    en: 'Organisations cooperating across the border',
  },
  dialogue_events: {
    de: 'Veranstaltungen des Clusterdialogs',
    pl: 'Wydarzenia dialogu klastrów',
    en: 'Cluster dialogue events',
  },
  brand_holders: { de: 'Träger der Clustermarke', pl: 'Posiadacze marki klastrów', en: 'Clusters holding the brand' },
  brand_awards: { de: 'Verleihungen der Clustermarke', pl: 'Przyznania marki klastrów', en: 'Brand awards' },
  brand_renewals: { de: 'Verlängerungen der Clustermarke', pl: 'Odnowienia marki klastrów', en: 'Brand renewals' },
  consulting_funding_referrals: {
    de: 'Verweise der Beratung auf Förderaufrufe',
    pl: 'Skierowania z doradztwa do naborów',
    en: 'Funding calls referred to by consulting',
  },
  consulting_matches_proposed: {
    de: 'Von der Beratung vorgeschlagene Kontakte',
    pl: 'Kontakty zaproponowane w doradztwie',
    en: 'Matches proposed by consulting',
  },
  participants: { de: 'Teilnehmende', pl: 'Uczestnicy', en: 'Participants' },
  publications: { de: 'Veröffentlichte Publikationen', pl: 'Opublikowane publikacje', en: 'Publications published' },
  consulting_requests: { de: 'Beratungsanfragen', pl: 'Zapytania o doradztwo', en: 'Consulting requests' },
  by_topic: { de: 'nach Thema', pl: 'według tematu', en: 'by topic' },
  by_partner: { de: 'nach Partner', pl: 'według partnera', en: 'by partner' },
  by_outcome: { de: 'nach Ergebnis', pl: 'według wyniku', en: 'by outcome' },
  matches_introduced: { de: 'Vermittelte Kontakte', pl: 'Nawiązane kontakty', en: 'Matches introduced' },
  matches_introduced_cross_border: {
    de: 'Vermittelte Kontakte, grenzüberschreitend',
    pl: 'Nawiązane kontakty, transgraniczne',
    en: 'Matches introduced, cross-border',
  },
  cooperations_agreed: { de: 'Vereinbarte Kooperationen', pl: 'Uzgodnione współprace', en: 'Cooperations agreed' },
  cooperations_agreed_cross_border: {
    de: 'Vereinbarte Kooperationen, grenzüberschreitend',
    pl: 'Uzgodnione współprace, transgraniczne',
    en: 'Cooperations agreed, cross-border',
  },
  not_available: { de: 'noch nicht verfügbar', pl: 'jeszcze niedostępne', en: 'not available yet' },
  unresolved: { de: 'noch offen', pl: 'jeszcze otwarte', en: 'not resolved yet' },
} satisfies Record<string, Labels>;

export const REPORT_TOPIC_LABELS: Record<(typeof CONSULTING_TOPICS)[number], Labels> = {
  internationalisation: { de: 'Internationalisierung', pl: 'Umiędzynarodowienie', en: 'Internationalisation' },
  funding: { de: 'Förderung', pl: 'Finansowanie', en: 'Funding' },
  marketing_brand: { de: 'Marketing und Marke', pl: 'Marketing i marka', en: 'Marketing and brand' },
  strategy: { de: 'Strategie', pl: 'Strategia', en: 'Strategy' },
  legal_tax: { de: 'Recht und Steuern', pl: 'Prawo i podatki', en: 'Legal and tax' },
  partner_search: { de: 'Partnersuche', pl: 'Poszukiwanie partnerów', en: 'Partner search' },
  smart_specialisation: { de: 'Intelligente Spezialisierung', pl: 'Inteligentna specjalizacja', en: 'Smart specialisation' },
  other: { de: 'Sonstiges', pl: 'Inne', en: 'Other' },
};

export const REPORT_OUTCOME_LABELS: Record<(typeof CONSULTING_OUTCOMES)[number] | 'unresolved', Labels> = {
  advice_given: { de: 'Beratung erteilt', pl: 'Udzielono porady', en: 'Advice given' },
  referred_to_funding: { de: 'An Förderung verwiesen', pl: 'Skierowano do finansowania', en: 'Referred to funding' },
  match_proposed: { de: 'Kontakt vorgeschlagen', pl: 'Zaproponowano kontakt', en: 'Match proposed' },
  referred_to_partner: { de: 'An Partner verwiesen', pl: 'Skierowano do partnera', en: 'Referred to a partner' },
  event_or_training: { de: 'Veranstaltung oder Schulung', pl: 'Wydarzenie lub szkolenie', en: 'Event or training' },
  no_action_possible: { de: 'Keine Maßnahme möglich', pl: 'Brak możliwych działań', en: 'No action possible' },
  unresolved: REPORT_LABELS.unresolved,
};
