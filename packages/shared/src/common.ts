import { z } from 'zod';

/** Languages of the platform, in the default fallback order for content. */
export const LOCALES = ['de', 'pl', 'en'] as const;
export const LocaleSchema = z.enum(LOCALES).meta({ id: 'Locale' });
export type Locale = z.infer<typeof LocaleSchema>;

/** The programme area spans two countries; ISO 3166-1 alpha-2. */
export const COUNTRIES = ['DE', 'PL'] as const;
export const CountrySchema = z.enum(COUNTRIES).meta({ id: 'Country' });
export type Country = z.infer<typeof CountrySchema>;

export const IdSchema = z.uuid().max(36).meta({ id: 'Id', description: 'Record id (UUID)' });
export type Id = z.infer<typeof IdSchema>;

export const IdParamsSchema = z.strictObject({ id: IdSchema });

export const TimestampSchema = z.iso.datetime({ offset: true }).max(40);
/** A calendar day as the wire carries it: YYYY-MM-DD. */
export const IsoDateSchema = z.iso.date().max(10);

/** What every versioned record carries: the version its ETag is made of, and when it was created and last changed. */
export const versionedRecordFields = {
  version: z.number().int().min(1).max(2_147_483_647).meta({ format: 'int32' }),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
};

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Content that portals show is stored per language. At least one language must be present;
 * readers fall back in the order of `LOCALES` (see `pickLocalized`).
 */
export const I18nTextSchema = z
  .strictObject({ de: text(200).optional(), pl: text(200).optional(), en: text(200).optional() })
  .refine((v) => LOCALES.some((l) => v[l] !== undefined), {
    message: 'At least one language is required',
    params: { code: 'I18N_TEXT_EMPTY' },
  })
  .meta({ id: 'I18nText', description: 'A short text in one or more of de, pl, en' });
export type I18nText = z.infer<typeof I18nTextSchema>;

/** Long multilingual text (descriptions); every language optional. */
export const I18nLongTextSchema = z
  .strictObject({ de: text(5000).optional(), pl: text(5000).optional(), en: text(5000).optional() })
  .meta({ id: 'I18nLongText', description: 'A long text in any of de, pl, en' });
export type I18nLongText = z.infer<typeof I18nLongTextSchema>;

/**
 * The text in the wanted language, else in the first language of the fallback order that has
 * one, together with the language it came in.
 */
export function pickLocalized(
  value: Partial<Record<Locale, string>> | null | undefined,
  wanted: Locale,
  order: readonly Locale[] = LOCALES,
): { text: string; lang: Locale } | undefined {
  if (!value) return undefined;
  for (const lang of [wanted, ...order.filter((l) => l !== wanted)]) {
    const text = value[lang];
    if (text) return { text, lang };
  }
  return undefined;
}

/** Languages in which a multilingual text is missing. */
export function missingLocales(value: Partial<Record<Locale, string>> | null | undefined): Locale[] {
  return LOCALES.filter((l) => !value?.[l]);
}

export const PAGE_LIMIT_DEFAULT = 25;
export const PAGE_LIMIT_MAX = 100;

/** An ISO date-time for `updatedSince` / `since`. */
export const SinceSchema = TimestampSchema;

export const UpdatedSinceQuery = {
  updatedSince: SinceSchema.optional().describe(
    'Only documents whose public version changed at or after this instant, oldest change first (the cursor then follows update time; the other filters still apply). Deletions and unpublished documents are in `/public/changes`.',
  ),
};

export const PaginationQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).meta({ format: 'int32' }).default(PAGE_LIMIT_DEFAULT),
  cursor: z
    .string()
    .max(500)
    .optional()
    .describe(
      'Opaque cursor from `nextCursor` of the previous page of the same query. Any other value is answered with 400 `VALIDATION_FAILED` and the field error `invalid_cursor` at `/query/cursor`.',
    ),
});

/** A page of a cursor-paginated list. */
export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item).max(PAGE_LIMIT_MAX),
      nextCursor: z.string().max(500).nullable().describe('Pass as `cursor` to get the next page; null on the last page'),
    })
    .meta({ id });
}

/** The body of a change (PATCH): the record's fields, each optional; `note` tells what else holds. */
export function updateSchema<S extends z.ZodRawShape>(fields: S, id: string, note?: string) {
  const description = note === undefined ? 'Only the fields present are changed' : `Only the fields present are changed; ${note}`;
  return z.strictObject(fields).partial().meta({ id, description });
}

/** A query parameter that may be repeated (`?sector=C&sector=J`) or comma-separated. */
export function multiValue<T extends z.ZodType>(item: T, max = 20) {
  return z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(max)).optional();
}

/** A list of at most `max` values, none twice. */
export const distinct = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((a) => new Set(a).size === a.length, { message: 'Duplicate value', params: { code: 'duplicate_value' } });

/** Booleans in a query string arrive as text. */
export const QueryBooleanSchema = z.enum(['true', 'false']).transform((v) => v === 'true');

/*
 * Bounded primitives. Every value the API documents carries its limits (a string its maxLength,
 * a list its maxItems, an integer its format and range), and the API enforces them, since the
 * same schema validates: the OpenAPI lint (`openapi.lint.test.ts`) names each value without.
 */

/** Text of at most `max` characters (as stored: the create schemas set the same limit). */
export const boundedText = (max: number) => z.string().max(max);

/** The smallest int32: the lower end of whole numbers with no natural lower bound (differences, offsets). */
export const INT32_MIN = -2_147_483_648;

/** A whole number between `min` and `max`, documented as int32. */
export const int32 = (min = 0, max = 2_147_483_647) => z.number().int().min(min).max(max).meta({ format: 'int32' });

/** The same in a query string, where numbers arrive as text. */
export const queryInt32 = (min = 0, max = 2_147_483_647) => z.coerce.number().int().min(min).max(max).meta({ format: 'int32' });

/** A whole number beyond int32 (euro amounts, bytes), up to what JSON numbers hold exactly. */
export const int64 = (min = 0, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max).meta({ format: 'int64' });

/** A list of at most `max` items. */
export const boundedArray = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);

/** An answer that holds a whole list, without pages: its `items`, at most `max`; `description` says their order or scope. */
export function listSchema<T extends z.ZodType>(item: T, max: number, id: string, description?: string) {
  return z.object({ items: boundedArray(item, max) }).meta(description === undefined ? { id } : { id, description });
}

/** Codes of reference data (NACE, NUTS, smart-specialisation areas, languages). */
export const CodeTextSchema = boundedText(20);
/** A page's `nextCursor`, as the list's `cursor` parameter takes it back. */
export const CursorTextSchema = boundedText(500);
/** An address on the web as stored (organisation and cluster web sites, links). */
export const UrlTextSchema = boundedText(2000);
/** The longest text a record holds (Markdown bodies, notes). */
export const LONG_TEXT_MAX = 100_000;

/*
 * Values that many answers repeat, bounded once. The limits are those of the inputs that store
 * the value (organisation names 200, multilingual names 200 a language, contact names 120, e-mail
 * addresses 254 by RFC 5321), with room above where an answer derives the value (a user's name
 * or an API key's label standing for whoever acted).
 */

/** The name of a record (organisation, cluster, file, event) as a list or another record shows it. */
export const NameTextSchema = boundedText(300);
/** A person's name, or the label of whoever acted (a user's name or e-mail address, an API key's name). */
export const PersonNameTextSchema = boundedText(254);
/** An e-mail address (RFC 5321 allows 254 characters). */
export const EmailTextSchema = boundedText(254);
/** A town's name, as organisations store it. */
export const CityTextSchema = boundedText(120);
/** A reason or a short note given with a step (a decline, a return, a refusal). */
export const ReasonTextSchema = boundedText(2000);
/** Free text of some paragraphs: messages, notes, descriptions of one language. */
export const NoteTextSchema = boundedText(5000);
/** A date as ISO 8601 `YYYY-MM-DD`. */
export const DateTextSchema = boundedText(10);

/**
 * A calendar date that PostgreSQL and people both accept: `YYYY-MM-DD` in the years `firstYear`
 * to `lastYear`; a date outside is the field error `date_range`.
 */
export const calendarDate = (firstYear: number, lastYear = 2199) =>
  z.iso
    .date()
    .max(10)
    .refine((d) => d >= `${firstYear}-01-01` && d <= `${lastYear}-12-31`, {
      message: `A date between ${firstYear} and ${lastYear}`,
      params: { code: 'date_range' },
    })
    .describe('A calendar date, YYYY-MM-DD');
/** A time of day as `HH:MM` (or `HH:MM:SS`). */
export const TimeOfDayTextSchema = boundedText(8);
/** A key of an enumeration that an answer names as text (a dimension, an outcome, a level). */
export const KeyTextSchema = boundedText(60);
/** A machine-readable code of an error or a field error. */
export const ErrorCodeTextSchema = boundedText(100);

/** The languages in which a record's texts are missing. */
export const MissingTranslationsSchema = boundedArray(LocaleSchema, LOCALES.length);
/** Countries of a record (its regions', its members'). */
export const CountryListSchema = boundedArray(CountrySchema, COUNTRIES.length);
/** Codes of reference data (NACE sectors, NUTS regions, smart-specialisation areas) a record carries. */
export const CodeListSchema = boundedArray(CodeTextSchema, 50);

/** A multilingual name as answers carry it (any language may be missing). */
export const LocalizedNameSchema = z.object({
  de: boundedText(200).optional(),
  pl: boundedText(200).optional(),
  en: boundedText(200).optional(),
});

/**
 * How many items an answer that is no page lists at most: members of a cluster, clusters of an
 * organisation, entries of a timeline. Far above what a record has, it stops an answer growing
 * without end.
 */
export const EMBEDDED_LIST_MAX = 1000;
/** Entries of a small fixed overview (facets, figures, breakdowns by a key). */
export const SUMMARY_LIST_MAX = 200;
