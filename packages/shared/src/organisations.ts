import { z } from 'zod';
import {
  COUNTRIES,
  CountrySchema,
  distinct,
  I18nLongTextSchema,
  IdSchema,
  LOCALES,
  multiValue,
  pageSchema,
  PaginationQuerySchema,
  QueryBooleanSchema,
  TimestampSchema,
  versionedRecordFields,
  type Country,
  type Locale,
  INT32_MIN,
  int32,
  boundedArray,
  boundedText,
  CityTextSchema,
  CodeTextSchema,
  CodeListSchema,
  DateTextSchema,
  EmailTextSchema,
  EMBEDDED_LIST_MAX,
  LocalizedNameSchema,
  MissingTranslationsSchema,
  NameTextSchema,
  PersonNameTextSchema,
  updateSchema,
  IsoDateSchema,
} from './common.js';
import { locatedFields } from './locations.js';
import { PartnerCodeSchema } from './partners.js';
import { NaceCodeSchema, regionCountry, RegionCodeSchema } from './taxonomies.js';
import { foldText, normaliseEmail } from './text.js';

export const ORGANISATION_ERROR_CODES = [
  'ORGANISATION_NOT_FOUND',
  'ORGANISATION_DUPLICATE',
  'ORGANISATION_SIMILAR_EXISTS',
  'MEMBERSHIP_NOT_FOUND',
] as const;

/**
 * Kinds of organisation. The codes are a contract: other modules (the evaluation's indicators)
 * read them.
 */
export const ORGANISATION_TYPES = ['sme', 'large', 'research', 'chamber', 'public', 'cluster_management'] as const;
export const OrganisationTypeSchema = z.enum(ORGANISATION_TYPES).meta({
  id: 'OrganisationType',
  description:
    'sme: small or medium-sized enterprise · large: large enterprise · research: research institution or university · chamber: chamber or association · public: public body · cluster_management: cluster management organisation',
});
export type OrganisationType = z.infer<typeof OrganisationTypeSchema>;

/** Size classes of the EU SME definition (Recommendation 2003/361/EC). */
export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
/** How a list or another record shows an organisation: its name, kind and place. */
export const organisationBriefFields = {
  name: NameTextSchema,
  type: OrganisationTypeSchema,
  country: CountrySchema,
  region: CodeTextSchema.nullable(),
  city: CityTextSchema.nullable(),
};

export const SizeClassSchema = z.enum(SIZE_CLASSES).meta({ id: 'SizeClass' });
export type SizeClass = z.infer<typeof SizeClassSchema>;

/** Staff headcount below which a size class is possible: the one criterion that cannot be offset by turnover. */
export const SIZE_CLASS_HEADCOUNT_CEILING: Record<Exclude<SizeClass, 'large'>, number> = { micro: 10, small: 50, medium: 250 };

/**
 * The size class of an enterprise by the EU definition: headcount below the ceiling and either
 * turnover or balance sheet total within its limit (micro ≤ €2 m / €2 m, small ≤ €10 m / €10 m,
 * medium ≤ €50 m turnover or ≤ €43 m balance sheet). Without financial figures, by headcount alone.
 */
export function sizeClassOf(input: { employees: number; turnoverEur?: number | null; balanceSheetEur?: number | null }): SizeClass {
  const limits: [Exclude<SizeClass, 'large'>, number, number][] = [
    ['micro', 2_000_000, 2_000_000],
    ['small', 10_000_000, 10_000_000],
    ['medium', 50_000_000, 43_000_000],
  ];
  const known = input.turnoverEur != null || input.balanceSheetEur != null;
  for (const [size, turnover, balance] of limits) {
    if (input.employees >= SIZE_CLASS_HEADCOUNT_CEILING[size]) continue;
    if (!known) return size;
    if ((input.turnoverEur ?? Infinity) <= turnover || (input.balanceSheetEur ?? Infinity) <= balance) return size;
  }
  return 'large';
}

/**
 * Why a combination of type, size class and headcount cannot be true, as a validation code, or
 * undefined when it can. An SME is never `large`, a large enterprise never an SME size class,
 * and no size class below `large` holds its headcount ceiling or more.
 */
export function sizeClassConflict(o: {
  type: OrganisationType;
  sizeClass: SizeClass | null | undefined;
  employees: number | null | undefined;
}): 'size_class_headcount' | 'sme_not_large' | 'large_not_sme' | 'sme_headcount' | undefined {
  const { type, sizeClass, employees } = o;
  if (type === 'sme' && sizeClass === 'large') return 'sme_not_large';
  if (type === 'large' && sizeClass && sizeClass !== 'large') return 'large_not_sme';
  if (sizeClass && sizeClass !== 'large' && employees != null && employees >= SIZE_CLASS_HEADCOUNT_CEILING[sizeClass]) {
    return 'size_class_headcount';
  }
  if (type === 'sme' && employees != null && employees >= SIZE_CLASS_HEADCOUNT_CEILING.medium) return 'sme_headcount';
  return undefined;
}

// --- National register numbers -------------------------------------------------------------

/** A Polish NIP without separators and country prefix: ten digits. */
export function normaliseNip(value: string): string {
  return value
    .trim()
    .replace(/^PL/i, '')
    .replace(/[\s.-]/g, '');
}

/** Whether a NIP (normalised) carries a valid check digit (weights 6 5 7 2 3 4 5 6 7, modulo 11). */
export function isValidNip(nip: string): boolean {
  if (!/^\d{10}$/.test(nip)) return false;
  const weights = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  const sum = weights.reduce((s, w, i) => s + w * Number(nip[i]), 0);
  const check = sum % 11;
  return check !== 10 && check === Number(nip[9]);
}

/** A KRS number (Polish National Court Register) as ten digits with leading zeros. */
export function normaliseKrs(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length > 0 && digits.length <= 10 ? digits.padStart(10, '0') : digits;
}

const HR_NUMBER = /^(HRA|HRB|GNR|PR|VR|GSR)\s*(\d{1,6})(?:\s*([A-Z]{1,2}))?$/i;

/** A Handelsregister number as "HRB 12345" (with an optional court suffix letter, "HRB 1234 B"). */
export function normaliseRegisterNumber(value: string): string {
  const match = HR_NUMBER.exec(value.trim());
  if (!match) return value.trim();
  const kind = match[1]!.toUpperCase() === 'GNR' ? 'GnR' : match[1]!.toUpperCase() === 'GSR' ? 'GsR' : match[1]!.toUpperCase();
  return [kind, match[2], match[3]?.toUpperCase()].filter(Boolean).join(' ');
}

/**
 * The identity of an entry in the German commercial register: the register number at its
 * local court ("Amtsgericht Frankfurt (Oder)" and "Frankfurt/Oder" are the same court).
 */
export function commercialRegisterKey(court: string, number: string): string {
  return `${foldText(normaliseRegisterNumber(number))}@${foldText(court.replace(/^\s*amtsgericht\s+/i, ''))}`;
}

export const NipSchema = z
  .string()
  .max(20)
  .transform(normaliseNip)
  .refine(isValidNip, { message: 'Not a valid NIP (ten digits with a check digit)', params: { code: 'invalid_nip' } })
  .meta({ id: 'Nip', description: 'Polish tax identification number (NIP); separators and a PL prefix are removed' });

export const KrsSchema = z
  .string()
  .max(20)
  .transform(normaliseKrs)
  .refine((v) => /^\d{10}$/.test(v), { message: 'Not a valid KRS number (up to ten digits)', params: { code: 'invalid_krs' } })
  .meta({ id: 'Krs', description: 'Polish National Court Register number (KRS), ten digits' });

export const CommercialRegisterSchema = z
  .strictObject({
    court: z.string().trim().min(2).max(120).describe('Local court keeping the register, e.g. "Frankfurt (Oder)"'),
    number: z
      .string()
      .trim()
      .max(20)
      .refine((v) => HR_NUMBER.test(v), { message: 'e.g. HRB 12345', params: { code: 'invalid_register_number' } })
      .transform(normaliseRegisterNumber),
  })
  .meta({ id: 'CommercialRegister', description: 'Entry in the German commercial register (Handelsregister)' });
export type CommercialRegister = z.infer<typeof CommercialRegisterSchema>;

// --- Contact persons (personal data) ---------------------------------------------------------

export const ContactPersonSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    role: z.string().trim().max(120).nullable().default(null),
    email: z.email().max(254).transform(normaliseEmail).nullable().default(null),
    phone: z
      .string()
      .trim()
      .max(30)
      .regex(/^\+?[0-9][0-9 ()/.-]{3,28}$/, 'Digits, spaces and + ( ) / . -')
      .nullable()
      .default(null),
    publicationConsent: z.boolean().default(false).describe('The person agreed that portals may show these details'),
    consentDate: IsoDateSchema.nullable().default(null).describe('When the consent was given; required with the consent'),
    consentSource: z
      .string()
      .trim()
      .max(200)
      .nullable()
      .default(null)
      .transform((s) => s || null)
      .describe('How the consent was given (e.g. "signed form, cluster day 2019-06-13"); required when a consent is recorded'),
    consentRecordedBy: PersonNameTextSchema.nullable()
      .optional()
      .describe('Read-only: set by the server when staff record a consent; ignored'),
    consentRecordedAt: boundedText(40).nullable().optional().describe('Read-only: set by the server when staff record a consent; ignored'),
  })
  .refine((c) => !c.publicationConsent || c.consentDate !== null, {
    message: 'A consent needs its date',
    path: ['consentDate'],
    params: { code: 'consent_date_required' },
  })
  .meta({
    id: 'ContactPerson',
    description:
      'Personal data: shown to portals only with the consent. A consent is a recorded fact: only staff record it (never imports), with its date and source; the server adds who recorded it and when',
  });
export type ContactPerson = z.output<typeof ContactPersonSchema>;

/** A contact person as stored and answered: with who recorded the consent, and when. */
export type StoredContactPerson = Omit<ContactPerson, 'consentRecordedBy' | 'consentRecordedAt'> & {
  consentRecordedBy: string | null;
  consentRecordedAt: string | null;
};

// --- Organisations -----------------------------------------------------------------------------

const LanguageCodeSchema = z
  .string()
  .max(2)
  .regex(/^[a-z]{2}$/, 'ISO 639-1 code, e.g. de, pl, en')
  .meta({ id: 'LanguageCode', description: 'ISO 639-1 language code' });

const organisationFields = {
  name: z.string().trim().min(2).max(200).describe('Legal or usual name, in its own language'),
  type: OrganisationTypeSchema,
  country: CountrySchema,
  region: RegionCodeSchema.nullable().describe('NUTS code; must lie in the country'),
  city: z.string().trim().min(1).max(120).nullable(),
  sizeClass: SizeClassSchema.nullable().describe('EU SME definition; for enterprises'),
  employees: int32(INT32_MIN).min(0).max(1_000_000).nullable(),
  foundedYear: int32(INT32_MIN).min(1800).max(2100).nullable(),
  sectors: distinct(NaceCodeSchema, 30).describe('NACE Rev. 2 sections or divisions'),
  description: I18nLongTextSchema,
  competences: I18nLongTextSchema.describe('What the organisation offers'),
  needs: I18nLongTextSchema.describe('What the organisation looks for'),
  languages: distinct(LanguageCodeSchema, 12).describe('Working languages'),
  website: z
    .url({ protocol: /^https?$/ })
    .max(300)
    .nullable(),
  nip: NipSchema.nullable(),
  krs: KrsSchema.nullable(),
  commercialRegister: CommercialRegisterSchema.nullable(),
  contacts: boundedArray(ContactPersonSchema, 20),
  published: z.boolean().describe('May be shown to regional portals as a member of published clusters'),
  notes: z.string().trim().max(5000).nullable().describe('Internal notes of the partners; never shown to portals'),
  coordinates: locatedFields.coordinates,
};

const regionInCountry = (o: { region?: string | null; country?: Country }) =>
  !o.region || !o.country || regionCountry(o.region) === o.country;

/** A rule across an organisation's fields that the record breaks: the field to correct, and why. */
export interface OrganisationConflict {
  field: 'region' | 'sizeClass';
  code: string;
  message: string;
}

/**
 * The rules that span an organisation's fields, on the record as it is or would be: its region
 * lies in its country, and type, size class and headcount agree (`sizeClassConflict`).
 */
export function organisationConflicts(o: { region?: string | null; country?: Country } & Parameters<typeof sizeClassConflict>[0]) {
  const conflicts: OrganisationConflict[] = [];
  if (!regionInCountry(o)) conflicts.push({ field: 'region', code: 'region_country', message: 'The region lies in another country' });
  const size = sizeClassConflict(o);
  if (size) conflicts.push({ field: 'sizeClass', code: size, message: 'Type, size class and headcount disagree' });
  return conflicts;
}

/** The same rules as field errors of a schema (the create body, an import row). */
export function addOrganisationConflicts(o: Parameters<typeof organisationConflicts>[0], ctx: z.RefinementCtx) {
  for (const c of organisationConflicts(o)) ctx.addIssue({ code: 'custom', path: [c.field], message: c.message, params: { code: c.code } });
}

export const OrganisationMembershipSchema = z
  .object({
    clusterId: IdSchema,
    slug: boundedText(80),
    name: LocalizedNameSchema,
    partner: PartnerCodeSchema.describe('Partner supporting the cluster: whose staff may change its members'),
    role: z.enum(['coordinator', 'member', 'associated']),
    since: IsoDateSchema.nullable(),
  })
  .meta({ id: 'OrganisationMembership' });
export type OrganisationMembership = z.infer<typeof OrganisationMembershipSchema>;

export const OrganisationSchema = z
  .object({
    id: IdSchema,
    ...organisationFields,
    nip: boundedText(20).nullable(),
    krs: boundedText(20).nullable(),
    commercialRegister: z.object({ court: boundedText(120), number: boundedText(20) }).nullable(),
    contacts: boundedArray(
      z.object({
        name: boundedText(120),
        role: boundedText(120).nullable(),
        email: EmailTextSchema.nullable(),
        phone: boundedText(30).nullable(),
        publicationConsent: z.boolean(),
        consentDate: DateTextSchema.nullable(),
        consentSource: boundedText(200).nullable().describe('How the consent was given'),
        consentRecordedBy: PersonNameTextSchema.nullable().describe('The staff member who recorded the consent (or its withdrawal)'),
        consentRecordedAt: TimestampSchema.nullable().describe('When they recorded it'),
      }),
      20,
    ),
    location: locatedFields.location,
    coordinatesSource: locatedFields.coordinatesSource,
    memberships: boundedArray(OrganisationMembershipSchema, EMBEDDED_LIST_MAX).describe('Clusters the organisation belongs to'),
    missingTranslations: MissingTranslationsSchema.describe('Languages in which description or competences are missing'),
    ...versionedRecordFields,
  })
  .meta({ id: 'Organisation' });
export type Organisation = z.infer<typeof OrganisationSchema>;

/** A row of the organisation list: what a table shows, without personal data. */
export const OrganisationSummarySchema = z
  .object({
    id: IdSchema,
    ...organisationBriefFields,
    sizeClass: SizeClassSchema.nullable(),
    employees: int32(INT32_MIN).nullable(),
    sectors: CodeListSchema,
    published: z.boolean(),
    clusterCount: int32(INT32_MIN),
    ...locatedFields,
    missingTranslations: MissingTranslationsSchema,
    deletedAt: TimestampSchema.nullable(),
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'OrganisationSummary' });
export type OrganisationSummary = z.infer<typeof OrganisationSummarySchema>;

export const OrganisationCreateSchema = z
  .strictObject({
    ...organisationFields,
    region: organisationFields.region.default(null),
    city: organisationFields.city.default(null),
    coordinates: organisationFields.coordinates.default(null),
    sizeClass: organisationFields.sizeClass.default(null),
    employees: organisationFields.employees.default(null),
    foundedYear: organisationFields.foundedYear.default(null),
    sectors: organisationFields.sectors.default([]),
    description: I18nLongTextSchema.default({}),
    competences: I18nLongTextSchema.default({}),
    needs: I18nLongTextSchema.default({}),
    languages: organisationFields.languages.default([]),
    website: organisationFields.website.default(null),
    nip: organisationFields.nip.default(null),
    krs: organisationFields.krs.default(null),
    commercialRegister: organisationFields.commercialRegister.default(null),
    contacts: organisationFields.contacts.default([]),
    published: z.boolean().default(false),
    notes: organisationFields.notes.default(null),
  })
  .superRefine(addOrganisationConflicts)
  .meta({ id: 'OrganisationCreate' });
export type OrganisationCreate = z.input<typeof OrganisationCreateSchema>;
export type OrganisationCreateData = z.output<typeof OrganisationCreateSchema>;

export const OrganisationUpdateSchema = updateSchema(organisationFields, 'OrganisationUpdate', '`contacts` replaces the whole list');
export type OrganisationUpdate = z.output<typeof OrganisationUpdateSchema>;

export const OrganisationCreateQuerySchema = z.strictObject({
  confirmDistinct: QueryBooleanSchema.optional().describe(
    'Create even though an organisation with a very similar name exists in the same city (never overrides a register number)',
  ),
});

export const MISSING_TRANSLATION_FILTERS = [...LOCALES, 'any'] as const;
export const MissingTranslationFilterSchema = z
  .enum(MISSING_TRANSLATION_FILTERS)
  .describe('Only records whose texts lack this language (`any`: lack at least one)');

export const ORGANISATION_SORTS = ['name', '-name', 'updatedAt', '-updatedAt', 'relevance'] as const;

export const OrganisationListQuerySchema = PaginationQuerySchema.extend({
  q: z.string().trim().min(1).max(200).optional().describe('Full-text search in name, city, description, competences and needs'),
  type: multiValue(OrganisationTypeSchema),
  country: CountrySchema.optional(),
  region: RegionCodeSchema.optional().describe('NUTS code; a NUTS-2 code includes its NUTS-3 regions'),
  sector: multiValue(NaceCodeSchema).describe('NACE codes; a section includes its divisions'),
  sizeClass: multiValue(SizeClassSchema),
  clusterId: IdSchema.optional().describe('Only members of this cluster'),
  published: QueryBooleanSchema.optional(),
  missingTranslation: MissingTranslationFilterSchema.optional(),
  deleted: QueryBooleanSchema.optional().describe('true: only deleted organisations, for restoring (administrators)'),
  sort: z.enum(ORGANISATION_SORTS).optional().describe('Default: `relevance` with `q`, else `name`'),
});
export type OrganisationListQuery = z.infer<typeof OrganisationListQuerySchema>;

export const OrganisationPageSchema = pageSchema(OrganisationSummarySchema, 'OrganisationPage');
export type OrganisationPage = z.infer<typeof OrganisationPageSchema>;

/** The multilingual texts whose languages count for "translation missing". */
export function organisationMissingTranslations(o: {
  description: Partial<Record<Locale, string>>;
  competences: Partial<Record<Locale, string>>;
}): Locale[] {
  return LOCALES.filter((l) => !o.description[l] || !o.competences[l]);
}

// --- Memberships ------------------------------------------------------------------------------

export const MEMBERSHIP_ROLES = ['coordinator', 'member', 'associated'] as const;
export const MembershipRoleSchema = z.enum(MEMBERSHIP_ROLES).meta({
  id: 'MembershipRole',
  description: 'coordinator: the cluster management · member · associated: associated partner',
});
export type MembershipRole = z.infer<typeof MembershipRoleSchema>;

export const MembershipUpsertSchema = z
  .strictObject({
    role: MembershipRoleSchema,
    since: IsoDateSchema.nullable().default(null).describe('Member since (date)'),
  })
  .meta({ id: 'MembershipUpsert' });
export type MembershipUpsert = z.input<typeof MembershipUpsertSchema>;

export const MembershipParamsSchema = z.strictObject({ id: IdSchema, organisationId: IdSchema });

// --- Member make-up ---------------------------------------------------------------------------

const ShareSchema = z.number().min(0).max(1).describe('Share of the members, 0–1, rounded to three decimals');

export const MakeUpByTypeSchema = z.object({ type: OrganisationTypeSchema, count: int32(INT32_MIN), share: ShareSchema });

export const ClusterMakeUpSchema = z
  .object({
    total: int32(INT32_MIN),
    byType: boundedArray(MakeUpByTypeSchema, ORGANISATION_TYPES.length).describe('Every type, also those with no member'),
    byCountry: boundedArray(
      z.object({
        country: CountrySchema,
        count: int32(INT32_MIN),
        share: ShareSchema,
        byType: boundedArray(MakeUpByTypeSchema, ORGANISATION_TYPES.length).describe('Shares within the country'),
      }),
      COUNTRIES.length,
    ),
  })
  .meta({ id: 'ClusterMakeUp', description: 'Members by type and by country, computed from the memberships' });
export type ClusterMakeUp = z.infer<typeof ClusterMakeUpSchema>;

const share = (count: number, total: number) => (total === 0 ? 0 : Math.round((count / total) * 1000) / 1000);

function byType(members: readonly { type: OrganisationType }[]) {
  return ORGANISATION_TYPES.map((type) => {
    const count = members.filter((m) => m.type === type).length;
    return { type, count, share: share(count, members.length) };
  });
}

/** The member make-up of a cluster: counts and shares per organisation type and per country. */
export function memberMakeUp(members: readonly { type: OrganisationType; country: Country }[]): ClusterMakeUp {
  const countries = (['DE', 'PL'] as const).map((country) => {
    const here = members.filter((m) => m.country === country);
    return { country, count: here.length, share: share(here.length, members.length), byType: byType(here) };
  });
  return { total: members.length, byType: byType(members), byCountry: countries };
}
