import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { csvCellValue, detectDelimiter, flattenRow, resolveHeaders, type ImportColumn } from '@euregionet/shared';
import { AppError } from '../../errors.js';

/** One row of a file: its cells by column name, or why it could not be read at all. */
export interface SourceRow {
  row: number;
  cells?: Record<string, unknown>;
  error?: { field: string | null; code: string; message: string };
  /** The file cannot be read past this row (broken quoting, a record too large to hold). */
  fatal?: boolean;
}

export interface RowSource {
  rows: AsyncIterable<SourceRow>;
  /** Columns of the file that name no field; known once the header (or, in JSON, a row) is read. */
  ignoredColumns: Set<string>;
}

/**
 * Counts and hashes a body as it passes: refuses it with 413 beyond the limit, and leaves the
 * hash that tells a retried request from another one with the same idempotency key.
 */
export class BodyMeter extends Transform {
  readonly hash: Hash = createHash('sha256');
  bytes = 0;

  constructor(
    private readonly limit: number,
    salt: string,
  ) {
    super();
    this.hash.update(salt);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      done(new AppError(413, 'PAYLOAD_TOO_LARGE', `An import may be at most ${Math.floor(this.limit / 1_048_576)} MiB`));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

const HEAD_BYTES = 64 * 1024;
const REPLACEMENT = '\uFFFD';

/**
 * The largest row of a file (CSV: bytes of the record; JSON: characters of the element). The
 * longest real row, every text in three languages at its longest, is a fraction of it; beyond
 * it the row is refused before it is held in memory.
 */
export const MAX_ROW_SIZE = 1_048_576;
/** How deep a JSON row may nest: rows are flat or `{"description":{"de":…}}`, lists one level more. */
export const MAX_ROW_DEPTH = 32;

const tooLarge = (field: string | null = null) => ({
  field,
  code: 'row_too_large',
  message: `The row is larger than ${MAX_ROW_SIZE / 1_048_576} MiB`,
});

/**
 * The rows of a CSV file, streamed: UTF-8 with or without BOM, `,` `;` or tab as delimiter,
 * quoted fields with line breaks. A cell that is not valid UTF-8 is reported with its row and
 * column; broken quoting ends the file with an error at the row where it was found.
 */
export function csvSource(body: AsyncIterable<Buffer>, columns: readonly ImportColumn[], map: Record<string, string>): RowSource {
  const ignoredColumns = new Set<string>();
  async function* rows(): AsyncGenerator<SourceRow> {
    const it = body[Symbol.asyncIterator]();
    let head = Buffer.alloc(0);
    let ended = false;
    while (head.length < HEAD_BYTES && !/[\r\n]/.test(head.toString('latin1'))) {
      const next = await it.next();
      if (next.done) {
        ended = true;
        break;
      }
      head = Buffer.concat([head, next.value]);
    }
    async function* all() {
      yield head;
      if (ended) return;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value as Buffer;
      }
    }
    const parser = parse({
      bom: true,
      delimiter: detectDelimiter(head.toString('utf8').replace(/^\uFEFF/, '')),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: MAX_ROW_SIZE,
    });
    const feeding = pipeline(Readable.from(all()), parser).catch(() => undefined);
    let targets: (string | null)[] | undefined;
    let row = 0;
    let stopped = false;
    try {
      for await (const { record } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (!targets) {
          targets = resolveHeaders(record, columns, map);
          record.forEach((h, i) => {
            if (!targets![i] && h.trim()) ignoredColumns.add(h.trim());
          });
          continue;
        }
        row++;
        const cells: Record<string, unknown> = {};
        let error: SourceRow['error'];
        record.forEach((value, i) => {
          const target = targets![i];
          if (i >= targets!.length && value.trim()) {
            error ??= { field: null, code: 'column_count', message: `More cells (${record.length}) than columns (${targets!.length})` };
          }
          if (!target) return;
          if (value.includes(REPLACEMENT)) {
            error ??= { field: target, code: 'encoding', message: 'Not UTF-8: save the file as "CSV UTF-8"' };
          }
          // A formula the export protected with an apostrophe is the value without it.
          cells[target] = csvCellValue(value);
        });
        yield error ? { row, error } : { row, cells };
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      // csv-parse counts the header among the records it has read: the next data row is at fault.
      const records = (err as { records?: number }).records;
      // The rest of the file cannot be read past a row too large to hold, as past broken quoting.
      const error =
        (err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE' ? tooLarge() : { field: null, code: 'csv_malformed', message };
      yield { row: Math.max(row + 1, records ?? 0), error, fatal: true };
      parser.destroy();
      stopped = true;
    }
    await feeding;
    // The parser reads no further, but the upload goes on: read its rest through the same
    // iterator (a second reader would wait behind this one forever), counted and hashed on the
    // way but not kept, so that the client gets its answer when it has sent everything.
    if (stopped) while (!(await it.next()).done);
  }
  return { rows: rows(), ignoredColumns };
}

/** An element the scanner did not keep: nested deeper, or larger, than a row may be. */
export interface RefusedElement {
  refused: 'row_too_deep' | 'row_too_large';
}

/**
 * The elements of a JSON array as texts, one at a time, while the body arrives: a scanner that
 * follows strings and nesting finds where each top-level element ends, so neither the body nor
 * all rows are held at once. Invalid UTF-8 becomes U+FFFD (reported per cell, as in CSV). An
 * element nested deeper than `MAX_ROW_DEPTH` or longer than `MAX_ROW_SIZE` is scanned to its end
 * but not kept: it comes out as a `RefusedElement`.
 */
export async function* jsonElements(body: AsyncIterable<Buffer>): AsyncGenerator<string | RefusedElement> {
  const decoder = new TextDecoder('utf-8');
  const invalid = (detail: string) => new AppError(400, 'IMPORT_BODY_INVALID', `The body is not a JSON array of rows: ${detail}`);
  let state: 'start' | 'before' | 'element' | 'after' | 'end' = 'start';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let current = '';
  let refused: RefusedElement['refused'] | undefined;
  let first = true;
  const keep = (part: string) => {
    if (refused) return;
    current += part;
    if (current.length > MAX_ROW_SIZE) {
      refused = 'row_too_large';
      current = '';
    }
  };
  const scan = function* (text: string): Generator<string | RefusedElement> {
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (ch === '\\') escaped = true;
          else if (ch === '"') inString = false;
          continue;
        }
        if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') {
          if (++depth > MAX_ROW_DEPTH && !refused) {
            refused = 'row_too_deep';
            current = '';
          }
        } else if (ch === '}' || ch === ']' || ch === ',') {
          if (depth > 0 && ch !== ',') {
            depth--;
            continue;
          }
          if (depth > 0) continue;
          keep(text.slice(from, i));
          yield refused ? { refused } : current;
          current = '';
          refused = undefined;
          state = ch === ',' ? 'before' : 'end';
        }
        continue;
      }
      if (/\s/.test(ch) || (first && ch === '\uFEFF')) continue;
      first = false;
      if (state === 'start') {
        if (ch !== '[') throw invalid('it does not start with [');
        state = 'before';
      } else if (state === 'before') {
        if (ch === ']') {
          state = 'end';
          continue;
        }
        state = 'element';
        from = i;
        i--;
      } else {
        throw invalid(`unexpected ${JSON.stringify(ch)} after the array`);
      }
    }
    if (state === 'element') keep(text.slice(from));
  };
  for await (const chunk of body) yield* scan(decoder.decode(chunk, { stream: true }));
  yield* scan(decoder.decode());
  if ((state as string) !== 'end') throw invalid('it ends before the array is closed');
}

/** The rows of a JSON array, streamed; each element may be flat (`"description.de"`) or nested (`{"description":{"de":…}}`). */
export function jsonSource(body: AsyncIterable<Buffer>, columns: readonly ImportColumn[], map: Record<string, string>): RowSource {
  const ignoredColumns = new Set<string>();
  async function* rows(): AsyncGenerator<SourceRow> {
    const mappings = new Map<string, (string | null)[]>();
    let row = 0;
    for await (const text of jsonElements(body)) {
      row++;
      if (typeof text !== 'string') {
        yield {
          row,
          error:
            text.refused === 'row_too_deep'
              ? { field: null, code: 'row_too_deep', message: `The row is nested deeper than ${MAX_ROW_DEPTH} levels` }
              : tooLarge(),
        };
        continue;
      }
      let element: unknown;
      try {
        element = JSON.parse(text);
      } catch {
        yield { row, error: { field: null, code: 'json_malformed', message: 'Not valid JSON' } };
        continue;
      }
      if (element === null || typeof element !== 'object' || Array.isArray(element)) {
        yield { row, error: { field: null, code: 'invalid_type', message: 'A row must be an object' } };
        continue;
      }
      const flat = flattenRow(element as Record<string, unknown>);
      const names = Object.keys(flat);
      const signature = names.join('\u0000');
      let targets = mappings.get(signature);
      if (!targets) {
        targets = resolveHeaders(names, columns, map);
        names.forEach((n, j) => targets![j] ?? ignoredColumns.add(n));
        mappings.set(signature, targets);
      }
      const cells: Record<string, unknown> = {};
      let error: SourceRow['error'];
      names.forEach((n, j) => {
        const target = targets![j];
        if (!target) return;
        const value = flat[n];
        if (typeof value === 'string' && value.includes(REPLACEMENT)) {
          error ??= { field: target, code: 'encoding', message: 'Not UTF-8' };
        }
        cells[target] = value;
      });
      yield error ? { row, error } : { row, cells };
    }
  }
  return { rows: rows(), ignoredColumns };
}
