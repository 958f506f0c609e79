import { z } from 'zod';
import {
  CountrySchema,
  I18nLongTextSchema,
  I18nTextSchema,
  IdSchema,
  pageSchema,
  PaginationQuerySchema,
  QueryBooleanSchema,
  TimestampSchema,
  distinct,
  INT32_MIN,
  int32,
  boundedArray,
  boundedText,
  ErrorCodeTextSchema,
  PersonNameTextSchema,
  IsoDateSchema,
} from './common.js';
import { LIST_SEPARATOR } from './csv.js';
import { ClusterKindSchema, ClusterStatusSchema, SlugSchema } from './clusters.js';
import {
  addOrganisationConflicts,
  CommercialRegisterSchema,
  ContactPersonSchema,
  KrsSchema,
  MembershipRoleSchema,
  NipSchema,
  OrganisationTypeSchema,
  SizeClassSchema,
} from './organisations.js';
import { PartnerCodeSchema } from './partners.js';
import { CoordinatesSchema } from './locations.js';
import { NaceCodeSchema, RegionCodeSchema, Ris3CodeSchema } from './taxonomies.js';
import { foldLetters } from './text.js';

/**
 * Bulk imports and exports over HTTP. A file (CSV or a JSON array) holds one record per row; each
 * row carries its natural key (`source`, `externalId`) and is created, updated or left unchanged.
 * The columns of each entity are described here once: the API parses and exports by them, the
 * admin app offers them when a file's columns are mapped.
 */
export const IMPORT_ERROR_CODES = ['IMPORT_NOT_FOUND', 'IDEMPOTENCY_KEY_REUSED', 'IMPORT_BODY_INVALID'] as const;

export const IMPORT_ENTITIES = ['organisations', 'clusters', 'memberships', 'contacts', 'funding-calls'] as const;
export const ImportEntitySchema = z.enum(IMPORT_ENTITIES).meta({ id: 'ImportEntity' });
export type ImportEntity = z.infer<typeof ImportEntitySchema>;

/** Entities that can be exported: those with a list page of their own. */
export const EXPORT_ENTITIES = ['organisations', 'clusters', 'funding-calls'] as const satisfies readonly ImportEntity[];
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];

export const IMPORT_MODES = ['atomic', 'partial'] as const;
export const ImportModeSchema = z.enum(IMPORT_MODES).meta({
  id: 'ImportMode',
  description: 'atomic: if any row is bad, nothing is written · partial: the good rows are written, the bad ones reported',
});
export type ImportMode = z.infer<typeof ImportModeSchema>;

export const IMPORT_STATUSES = ['queued', 'running', 'succeeded', 'partial', 'rejected', 'failed'] as const;
export const ImportStatusSchema = z.enum(IMPORT_STATUSES).meta({
  id: 'ImportStatus',
  description:
    'queued / running: a job still at work · succeeded: every row was taken (or, in a dry run, would be) · partial: the good rows were written, some were rejected · rejected: nothing was written because of bad rows or a malformed file · failed: an unexpected error; nothing was written',
});
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

/** Column names: a mapping of the file's own names to ours, e.g. `{"Firma":"name","Stadt":"city"}`. */
export const ColumnMapSchema = z.record(z.string().max(200), z.string().max(60)).describe('Column of the file → column of the import');

export const ImportQuerySchema = z.strictObject({
  dryRun: QueryBooleanSchema.optional().describe('true: write nothing, answer what would happen'),
  mode: ImportModeSchema.default('atomic'),
  map: z
    .string()
    .max(4000)
    .optional()
    .describe('JSON object naming other column names: `{"Firma":"name","Stadt":"city"}` (besides the documented aliases)'),
});
export type ImportQuery = z.infer<typeof ImportQuerySchema>;

export const ImportHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'Visible ASCII characters')
    .optional()
    .describe('A retried request with the same key answers the first result and writes nothing again; another body with it: 422'),
});

/**
 * How much of a file's faults an import reports: a header or a message may quote the file, of
 * any length, so the answer cuts them (the errors themselves: `IMPORT_ERRORS_REPORTED`).
 */
export const IMPORT_LIMITS = { field: 200, message: 1000, columnName: 200, ignoredColumns: 200 } as const;

export const ImportRowErrorSchema = z
  .object({
    row: int32().describe('The row of data, from 1 (the first row after the header; in JSON the first element)'),
    field: boundedText(IMPORT_LIMITS.field)
      .nullable()
      .describe('The column, e.g. `region` or `description.de`; null for the row as a whole'),
    code: ErrorCodeTextSchema.describe(
      'e.g. `required`, `invalid_type`, `invalid_value`, `duplicate_key`, `encoding`, `csv_malformed`, `FORBIDDEN`',
    ),
    message: boundedText(IMPORT_LIMITS.message),
  })
  .meta({ id: 'ImportRowError' });
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

export const ImportCountsSchema = z
  .object({
    total: int32().describe('Rows read'),
    created: int32(),
    updated: int32(),
    unchanged: int32(),
    rejected: int32(),
  })
  .meta({ id: 'ImportCounts', description: 'In a dry run, and when an atomic import was rejected: what would have happened' });
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

export const ImportSummarySchema = z
  .object({
    id: IdSchema,
    entity: ImportEntitySchema,
    mode: ImportModeSchema,
    dryRun: z.boolean(),
    format: z.enum(['csv', 'json']),
    status: ImportStatusSchema,
    counts: ImportCountsSchema,
    errorCount: int32().describe('All errors, also those beyond the reported ones'),
    actor: z.object({ type: z.enum(['user', 'api_key', 'system']), label: PersonNameTextSchema }),
    createdAt: TimestampSchema,
    finishedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'ImportSummary' });
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const IMPORT_ERRORS_REPORTED = 1000;

export const ImportSchema = ImportSummarySchema.extend({
  errors: boundedArray(ImportRowErrorSchema, IMPORT_ERRORS_REPORTED).describe(`The first ${IMPORT_ERRORS_REPORTED} errors`),
  ignoredColumns: boundedArray(boundedText(IMPORT_LIMITS.columnName), IMPORT_LIMITS.ignoredColumns).describe(
    `Columns of the file that name no field (the first ${IMPORT_LIMITS.ignoredColumns})`,
  ),
}).meta({ id: 'Import', description: 'An import: its result, or while a job runs its progress (`counts.total` rows read so far)' });
export type Import = z.infer<typeof ImportSchema>;

export const ImportListQuerySchema = PaginationQuerySchema.extend({
  entity: ImportEntitySchema.optional(),
  status: ImportStatusSchema.optional(),
});
export type ImportListQuery = z.infer<typeof ImportListQuerySchema>;

export const ImportPageSchema = pageSchema(ImportSummarySchema, 'ImportPage');
export type ImportPage = z.infer<typeof ImportPageSchema>;

export const ExportFormatSchema = z.enum(['csv', 'json']).default('csv').describe('csv (UTF-8, comma, header row) or json (an array)');

// --- Columns ------------------------------------------------------------------------------------

export type ImportColumnKind = 'text' | 'number' | 'integer' | 'boolean' | 'list' | 'date';

export interface ImportColumn {
  /** The column's name: a field, or `field.sub` for a part of an object (`description.de`). */
  name: string;
  kind: ImportColumnKind;
  required?: boolean;
  /**
   * Other names the column is known by in the partners' spreadsheets, compared as `foldHeader`
   * folds them: "Größe" becomes "grosse", so a German name is listed with its umlauts and as
   * spelled without them ("groesse").
   */
  aliases?: readonly string[];
}

const col = (name: string, kind: ImportColumnKind, aliases: string[] = [], required = false): ImportColumn => ({
  name,
  kind,
  aliases,
  required,
});
const i18n = (field: string, aliases: Record<'de' | 'pl' | 'en', string[]> = { de: [], pl: [], en: [] }) =>
  (['de', 'pl', 'en'] as const).map((l) => col(`${field}.${l}`, 'text', [`${field}_${l}`, ...aliases[l]]));
/** A record's own point on the map (WGS84 degrees); a decimal comma is read as in every number column. */
const coordinates = [
  col('latitude', 'number', ['lat', 'breite', 'breitengrad', 'szerokosc', 'szerokosc geograficzna']),
  col('longitude', 'number', ['lng', 'lon', 'long', 'laenge', 'länge', 'laengengrad', 'längengrad', 'dlugosc', 'dlugosc geograficzna']),
];
const key = [
  col('source', 'text', ['quelle', 'zrodlo'], true),
  col('externalId', 'text', ['external_id', 'id', 'externe id', 'identyfikator'], true),
];

export const IMPORT_COLUMNS: Record<ImportEntity, readonly ImportColumn[]> = {
  organisations: [
    ...key,
    col('name', 'text', ['firma', 'nazwa', 'organisation', 'organisation name'], true),
    col('type', 'text', ['typ', 'art'], true),
    col('country', 'text', ['land', 'kraj'], true),
    col('region', 'text', ['nuts', 'region code']),
    col('city', 'text', ['ort', 'stadt', 'miasto', 'miejscowosc']),
    ...coordinates,
    col('sizeClass', 'text', ['size_class', 'größe', 'groesse', 'wielkosc']),
    col('employees', 'integer', ['mitarbeiter', 'beschäftigte', 'beschaeftigte', 'pracownicy', 'zatrudnienie']),
    col('foundedYear', 'integer', ['founded_year', 'gründungsjahr', 'gruendungsjahr', 'rok zalozenia']),
    col('sectors', 'list', ['nace', 'branchen', 'sektory']),
    ...i18n('description', { de: ['beschreibung'], pl: ['opis'], en: [] }),
    ...i18n('competences', { de: ['kompetenzen'], pl: ['kompetencje'], en: [] }),
    ...i18n('needs', { de: ['bedarf'], pl: ['potrzeby'], en: [] }),
    col('languages', 'list', ['sprachen', 'jezyki']),
    col('website', 'text', ['webseite', 'url', 'strona', 'www']),
    col('nip', 'text'),
    col('krs', 'text'),
    col('commercialRegister.court', 'text', ['registergericht', 'register court']),
    col('commercialRegister.number', 'text', ['handelsregister', 'hrb', 'register number']),
    col('published', 'boolean', ['veröffentlicht', 'veroeffentlicht', 'opublikowany']),
    col('notes', 'text', ['notizen', 'notatki']),
  ],
  clusters: [
    ...key,
    col('slug', 'text'),
    col('kind', 'text', ['art', 'rodzaj'], true),
    col('status', 'text'),
    col('crossBorder', 'boolean', ['cross_border', 'grenzüberschreitend', 'grenzueberschreitend', 'transgraniczny']),
    ...i18n('name', { de: ['name'], pl: ['nazwa'], en: [] }),
    ...i18n('description', { de: ['beschreibung'], pl: ['opis'], en: [] }),
    col('regions', 'list', ['nuts', 'regionen', 'regiony'], true),
    ...coordinates,
    col('sectors', 'list', ['nace', 'branchen', 'sektory']),
    col('ris3Areas', 'list', ['ris3']),
    col('website', 'text', ['webseite', 'url', 'strona', 'www']),
    col('foundedYear', 'integer', ['founded_year', 'gründungsjahr', 'gruendungsjahr', 'rok zalozenia']),
    col('partner', 'text', ['projektpartner'], true),
    col('published', 'boolean', ['veröffentlicht', 'veroeffentlicht', 'opublikowany']),
    col('notes', 'text', ['notizen', 'notatki']),
  ],
  memberships: [
    col('cluster.source', 'text', ['cluster_source']),
    col('cluster.externalId', 'text', ['cluster_external_id', 'cluster id']),
    col('cluster.name', 'text', ['cluster', 'cluster_name', 'klaster']),
    col('organisation.source', 'text', ['organisation_source']),
    col('organisation.externalId', 'text', ['organisation_external_id', 'organisation id']),
    col('organisation.name', 'text', ['organisation', 'organisation_name', 'firma', 'organizacja']),
    col('role', 'text', ['rolle', 'rola'], true),
    col('since', 'date', ['seit', 'od']),
  ],
  contacts: [
    col('organisation.source', 'text', ['organisation_source']),
    col('organisation.externalId', 'text', ['organisation_external_id', 'organisation id']),
    col('organisation.name', 'text', ['organisation', 'organisation_name', 'firma', 'organizacja']),
    col('name', 'text', ['ansprechpartner', 'kontakt', 'osoba kontaktowa'], true),
    col('role', 'text', ['funktion', 'position', 'stanowisko']),
    col('email', 'text', ['e-mail', 'mail']),
    col('phone', 'text', ['telefon', 'tel']),
    col('publicationConsent', 'boolean', ['publication_consent', 'einwilligung', 'zgoda']),
    col('consentDate', 'date', ['consent_date', 'einwilligungsdatum', 'data zgody']),
  ],
  'funding-calls': [
    ...key,
    col('slug', 'text'),
    col('programme', 'text', ['programm', 'program'], true),
    col('programmeName', 'text', ['programme_name', 'programmname', 'nazwa programu'], true),
    col('programmeCountry', 'text', ['programme_country']),
    ...i18n('title', { de: ['titel'], pl: ['tytul'], en: [] }),
    ...i18n('summary', { de: ['zusammenfassung'], pl: ['streszczenie'], en: [] }),
    col('applicantTypes', 'list', ['applicant_types']),
    col('countries', 'list'),
    col('regions', 'list'),
    col('sectors', 'list'),
    col('ris3Areas', 'list', ['ris3']),
    col('keywords', 'list', ['stichworte', 'slowa kluczowe']),
    col('fundingRatePercent', 'number', ['förderquote', 'foerderquote', 'funding_rate']),
    col('budgetMinEur', 'integer', ['budget_min']),
    col('budgetMaxEur', 'integer', ['budget_max']),
    col('opensOn', 'date', ['opens_on', 'beginn']),
    col('closesOn', 'date', ['closes_on', 'frist', 'termin']),
    col('url', 'text'),
    col('crossBorderConsortium', 'boolean', ['cross_border_consortium']),
    col('partner', 'text', ['projektpartner'], true),
    col('published', 'boolean', ['veröffentlicht', 'veroeffentlicht', 'opublikowany']),
    col('notes', 'text', ['notizen', 'notatki']),
  ],
};

const DELIMITERS = [',', ';', '\t'] as const;

/** The delimiter of a CSV file: the candidate found most often outside quotes in its first line. */
export function detectDelimiter(head: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/**
 * The first rows of a CSV text (header first), for a preview before the upload: quoted fields,
 * doubled quotes and line breaks in quotes; an unfinished last row is left out.
 */
export function previewCsv(text: string, maxRows: number): string[][] {
  const source = text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(source);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < source.length && rows.length < maxRows; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  return rows;
}

/** A header's name as compared with column names and aliases: no case, accents, spaces or punctuation. */
export function foldHeader(name: string): string {
  return foldLetters(name).replace(/[^a-z0-9.]+/g, '');
}

/**
 * Which column each header of a file fills: the caller's own mapping first, then a column's
 * name, then its aliases. Answers, per header position, the column name or null (ignored).
 */
export function resolveHeaders(
  headers: readonly string[],
  columns: readonly ImportColumn[],
  map: Record<string, string> = {},
): (string | null)[] {
  const byName = new Map<string, string>();
  for (const c of columns) for (const alias of c.aliases ?? []) byName.set(foldHeader(alias), c.name);
  for (const c of columns) byName.set(foldHeader(c.name), c.name);
  const known = new Set(columns.map((c) => c.name));
  const explicit = new Map(Object.entries(map).map(([from, to]) => [foldHeader(from), to]));
  const taken = new Set<string>();
  return headers.map((h) => {
    const folded = foldHeader(h);
    const target = explicit.get(folded) ?? byName.get(folded);
    if (!target || !known.has(target) || taken.has(target)) return null;
    taken.add(target);
    return target;
  });
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'ja', 'j', 'tak', 't', 'x', 'wahr']);
const FALSE = new Set(['false', '0', 'no', 'n', 'nein', 'nie', 'falsch']);

/**
 * A number as spreadsheets write it: `12,5` and `12.5`, `1.234,5` and `1,234.5`, spaces as
 * thousands separators. Answers NaN for anything else.
 */
export function parseDecimal(text: string): number {
  let t = text.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^[+-]?[\d.,]+$/.test(t) || !/\d/.test(t)) return NaN;
  const lastComma = t.lastIndexOf(',');
  const lastDot = t.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    t = t.replaceAll(decimal === ',' ? '.' : ',', '').replace(',', '.');
  } else if (lastComma >= 0) {
    // 1,234,567 is thousands; 12,5 is a decimal comma.
    t = /^[+-]?\d{1,3}(,\d{3}){2,}$/.test(t) ? t.replaceAll(',', '') : t.replace(',', '.');
  } else if (/^[+-]?\d{1,3}(\.\d{3}){2,}$/.test(t)) {
    t = t.replaceAll('.', '');
  }
  return (t.match(/[.,]/g) ?? []).length > 1 ? NaN : Number(t);
}

/** A cell of a file as the value of its column's kind; a text that does not fit stays text, for the schema to report. */
export function coerceCell(kind: ImportColumnKind, value: unknown): unknown {
  if (typeof value !== 'string') {
    if (kind === 'list' && value != null && !Array.isArray(value)) return [value];
    return value;
  }
  const t = value.trim();
  if (t === '') return undefined;
  switch (kind) {
    case 'number': {
      const n = parseDecimal(t);
      return Number.isNaN(n) ? t : n;
    }
    case 'integer': {
      // In a whole-number column, 1.234 (German) and 1 234 (Polish) are thousands.
      const grouped = /^[+-]?\d{1,3}([.\s\u00a0\u202f]\d{3})+$/.test(t) ? t.replace(/[.\s\u00a0\u202f]/g, '') : t;
      const n = parseDecimal(grouped);
      return Number.isNaN(n) ? t : n;
    }
    case 'boolean': {
      const l = t.toLowerCase();
      return TRUE.has(l) ? true : FALSE.has(l) ? false : t;
    }
    case 'list':
      return t
        .split(LIST_SEPARATOR)
        .map((v) => v.trim())
        .filter(Boolean);
    case 'date': {
      const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
      return german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : t;
    }
    default:
      return t;
  }
}

/**
 * The record of one row: each column's cell coerced to its kind, `a.b` columns nested into
 * objects, empty cells left out (so the schema's defaults apply).
 */
export function recordOfRow(columns: readonly ImportColumn[], cells: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    if (!(c.name in cells)) continue;
    const value = coerceCell(c.kind, cells[c.name]);
    if (value === undefined) continue;
    const path = c.name.split('.');
    let target = out;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[path.at(-1)!] = value;
  }
  return out;
}

/** A JSON row with nested objects as flat `a.b` cells, so that JSON and CSV rows are read alike. */
export function flattenRow(value: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flattenRow(v as Record<string, unknown>, name, out);
    else out[name] = v;
  }
  return out;
}

// --- Row schemas ----------------------------------------------------------------------------------

export const ImportSourceSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'Lower-case letters, digits, . _ -')
  .describe('Where the record comes from, e.g. `bic-crm`; with externalId its natural key');
export const ExternalIdSchema = z.string().trim().min(1).max(200).describe('The record’s id at its source');

/**
 * A record's own coordinates in a row: both or none. None (both cells empty or the columns
 * missing) keeps what is stored, so a file from a system that knows no coordinates never wipes
 * the ones staff set.
 */
const coordinateFields = {
  latitude: CoordinatesSchema.shape.lat.optional().describe('Latitude in WGS84 degrees (with longitude; none: keep the stored point)'),
  longitude: CoordinatesSchema.shape.lng.optional().describe('Longitude in WGS84 degrees (with latitude; none: keep the stored point)'),
};
function coordinatesPair(o: { latitude?: number | undefined; longitude?: number | undefined }, ctx: z.RefinementCtx) {
  if ((o.latitude === undefined) !== (o.longitude === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [o.latitude === undefined ? 'latitude' : 'longitude'],
      message: 'Give latitude and longitude together, or neither',
      params: { code: 'coordinates_pair' },
    });
  }
}

export const OrganisationImportRowSchema = z
  .strictObject({
    source: ImportSourceSchema,
    externalId: ExternalIdSchema,
    name: z.string().trim().min(2).max(200),
    type: OrganisationTypeSchema,
    country: CountrySchema,
    region: RegionCodeSchema.nullable().default(null),
    city: z.string().trim().min(1).max(120).nullable().default(null),
    ...coordinateFields,
    sizeClass: SizeClassSchema.nullable().default(null),
    employees: int32(INT32_MIN).min(0).max(1_000_000).nullable().default(null),
    foundedYear: int32(INT32_MIN).min(1800).max(2100).nullable().default(null),
    sectors: distinct(NaceCodeSchema, 30).default([]),
    description: I18nLongTextSchema.default({}),
    competences: I18nLongTextSchema.default({}),
    needs: I18nLongTextSchema.default({}),
    languages: distinct(
      z
        .string()
        .max(2)
        .regex(/^[a-z]{2}$/, 'ISO 639-1 code, e.g. de, pl, en'),
      12,
    ).default([]),
    website: z
      .url({ protocol: /^https?$/ })
      .max(300)
      .nullable()
      .default(null),
    nip: NipSchema.nullable().default(null),
    krs: KrsSchema.nullable().default(null),
    commercialRegister: CommercialRegisterSchema.nullable().default(null),
    published: z.boolean().default(false),
    notes: z.string().trim().max(5000).nullable().default(null),
  })
  .superRefine((o, ctx) => {
    addOrganisationConflicts(o, ctx);
    coordinatesPair(o, ctx);
  })
  .meta({ id: 'OrganisationImportRow', description: 'A row of an organisation import; contact persons are not imported' });
export type OrganisationImportRow = z.output<typeof OrganisationImportRowSchema>;

export const ClusterImportRowSchema = z
  .strictObject({
    source: ImportSourceSchema,
    externalId: ExternalIdSchema,
    slug: SlugSchema.optional().describe('Derived from the name for a new cluster; an update keeps the stored slug unless one is given'),
    kind: ClusterKindSchema,
    status: ClusterStatusSchema.default('established'),
    crossBorder: z.boolean().default(false),
    name: I18nTextSchema,
    description: I18nLongTextSchema.default({}),
    regions: distinct(RegionCodeSchema, 20).min(1),
    ...coordinateFields,
    sectors: distinct(NaceCodeSchema, 30).default([]),
    ris3Areas: distinct(Ris3CodeSchema, 13).default([]),
    website: z
      .url({ protocol: /^https?$/ })
      .max(300)
      .nullable()
      .default(null),
    foundedYear: int32(INT32_MIN).min(1950).max(2100).nullable().default(null),
    partner: PartnerCodeSchema,
    published: z.boolean().default(false),
    notes: z.string().trim().max(5000).nullable().default(null),
  })
  .superRefine(coordinatesPair)
  .meta({ id: 'ClusterImportRow' });
export type ClusterImportRow = z.output<typeof ClusterImportRowSchema>;

/** A record named in a row: by its natural key, or by its name (or a cluster's slug). */
const ReferenceSchema = z
  .strictObject({
    source: ImportSourceSchema.optional(),
    externalId: ExternalIdSchema.optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .refine((r) => (r.source && r.externalId) || r.name, {
    message: 'Name the record by source and externalId, or by name',
    params: { code: 'reference_required' },
  });
export type ImportReference = z.output<typeof ReferenceSchema>;

export const MembershipImportRowSchema = z
  .strictObject({
    cluster: ReferenceSchema,
    organisation: ReferenceSchema,
    role: MembershipRoleSchema,
    since: IsoDateSchema.nullable().default(null),
  })
  .meta({
    id: 'MembershipImportRow',
    description: 'A membership, keyed by cluster and organisation; each named by source and externalId or by name (a cluster also by slug)',
  });
export type MembershipImportRow = z.output<typeof MembershipImportRowSchema>;

// Who recorded a consent is the server's to say, never an import's.
const { consentRecordedBy: _by, consentRecordedAt: _at, ...importedContactFields } = ContactPersonSchema.shape;

export const ContactImportRowSchema = z
  .strictObject({
    organisation: ReferenceSchema,
    ...importedContactFields,
  })
  .refine((c) => !c.publicationConsent || c.consentDate !== null, {
    message: 'A consent needs its date',
    path: ['consentDate'],
    params: { code: 'consent_date_required' },
  })
  .meta({
    id: 'ContactImportRow',
    description:
      'A contact person of an organisation (personal data), keyed by the organisation and the e-mail address (without one, the name). Imports never record or withdraw a publication consent: staff record it in the admin app, with its source',
  });
export type ContactImportRow = z.output<typeof ContactImportRowSchema>;
