import type { Locale } from '@euregionet/shared';

/**
 * The conversions between what a form field holds (always text, so that a half-typed value is
 * kept as typed) and the API's shape. Every record form uses these, so a list or a number is read
 * the same way wherever it is typed.
 */

/** A de/pl/en text as the form holds it: every language present, empty when not written. */
export type TextGroup = Record<Locale, string>;

export function textGroup(value?: Partial<Record<Locale, string>> | null): TextGroup {
  return { de: value?.de ?? '', pl: value?.pl ?? '', en: value?.en ?? '' };
}

/** The languages that have text; a blank language is left out, as the API expects. */
export function filledTexts<T extends Partial<Record<Locale, string>>>(group: TextGroup): T {
  return Object.fromEntries(Object.entries(group).filter(([, v]) => v.trim() !== '')) as T;
}

/**
 * How a list typed into one field splits into items.
 * - `codes` (NACE sectors, language codes): a code never holds a space, so commas, semicolons,
 *   line breaks and spaces all separate ("C 25, 62" is three codes).
 * - `phrases` (keywords): an item may be several words ("hydrogen storage"), so only commas,
 *   semicolons and line breaks separate.
 */
export type ListKind = 'codes' | 'phrases';

const SEPARATORS: Record<ListKind, RegExp> = { codes: /[,;\s]+/, phrases: /[,;\r\n]+/ };

export function splitList(text: string, kind: ListKind, letterCase?: 'upper' | 'lower'): string[] {
  return text
    .split(SEPARATORS[kind])
    .map((item) => item.trim().replace(/\s+/g, ' '))
    .map((item) => (letterCase === 'upper' ? item.toUpperCase() : letterCase === 'lower' ? item.toLowerCase() : item))
    .filter(Boolean);
}

export function joinList(items: readonly string[]): string {
  return items.join(', ');
}

/**
 * A number as typed: empty is null; a decimal comma (German, Polish) counts as a point and
 * spaces between digit groups ("1 500 000") are ignored. Anything else becomes NaN, which the
 * shared schema then reports under the field rather than the form sending a guess.
 */
export function parseNumber(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]+/g, '');
  if (compact === '') return null;
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(compact)) return Number.NaN;
  return Number(compact.replace(',', '.'));
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * The slug as typed, spread into a create or update body: left out when blank, so that the API
 * derives it from the name or title (and keeps a record's slug on an update).
 */
export function typedSlug(text: string): { slug?: string } {
  const slug = text.trim();
  return slug ? { slug } : {};
}

/** Optional text: blank becomes null. */
export function textOrNull(text: string): string | null {
  return text.trim() || null;
}

/**
 * Coordinates from two number fields: none when both are empty; one empty gives NaN there, so
 * that the shared schema names the missing half under its field.
 */
export function coordinatesOrNull(lat: number | null, lng: number | null): { lat: number; lng: number } | null {
  if (lat === null && lng === null) return null;
  return { lat: lat ?? Number.NaN, lng: lng ?? Number.NaN };
}
