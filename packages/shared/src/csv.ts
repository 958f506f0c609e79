/**
 * CSV cells as the product writes them, in every file it writes (exports, indicator reports):
 * one rule, so that no file protects less than another.
 */

/** Separates the values of a list column in CSV: `C|J62`. */
export const LIST_SEPARATOR = '|';

/**
 * A cell that starts with one of these is run as a formula by spreadsheet programs (`=`, `+`, `-`,
 * `@`, their full-width forms, and tab or carriage return, after which some programs look again).
 * Leading apostrophes are counted in, so that a text that itself starts with `'=` survives the
 * round trip: the export adds one apostrophe, the import removes exactly one.
 */
const FORMULA_START = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Cells with one of these, or with spaces at either end, are quoted (whichever delimiter the file uses). */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/**
 * One cell of a CSV file: empty for null, lists joined with `|`, quoted where needed. Any text,
 * joined lists included, that a spreadsheet would run as a formula gets a leading apostrophe,
 * which spreadsheets show as a text marker and `csvCellValue` removes again. Numbers and booleans
 * are written as they are: `-5` is a number, not a formula.
 */
export function csvCell(value: unknown, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const scalar = typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint';
  let text = Array.isArray(value) ? value.map((v) => (v === null || v === undefined ? '' : String(v))).join(LIST_SEPARATOR) : String(value);
  if (!scalar && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) || text.includes(delimiter) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The value of a cell that `csvCell` wrote: without the apostrophe that protected a formula. */
export function csvCellValue(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
