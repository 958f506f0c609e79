import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { detectDelimiter, flattenRow, resolveHeaders, type ImportColumn } from '@euregionet/shared';
import { AppError } from '../../errors.js';

/** One row of a file: its cells by column name, or why it could not be read at all. */
export interface SourceRow {
  row: number;
  cells?: Record<string, unknown>;
  error?: { field: string | null; code: string; message: string };
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
    });
    const feeding = pipeline(Readable.from(all()), parser).catch(() => undefined);
    let targets: (string | null)[] | undefined;
    let row = 0;
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
          cells[target] = value;
        });
        yield error ? { row, error } : { row, cells };
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      // csv-parse counts the header among the records it has read: the next data row is at fault.
      const records = (err as { records?: number }).records;
      yield { row: Math.max(row + 1, records ?? 0), error: { field: null, code: 'csv_malformed', message } };
      parser.destroy();
    }
    await feeding;
  }
  return { rows: rows(), ignoredColumns };
}

/**
 * The rows of a JSON array. The body is read whole (up to its own, lower limit) before the rows
 * are processed; each element may be flat (`"description.de"`) or nested (`{"description":{"de":…}}`).
 */
export function jsonSource(
  body: AsyncIterable<Buffer>,
  columns: readonly ImportColumn[],
  map: Record<string, string>,
  limit: number,
): RowSource {
  const ignoredColumns = new Set<string>();
  async function* rows(): AsyncGenerator<SourceRow> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > limit) {
        throw new AppError(
          413,
          'PAYLOAD_TOO_LARGE',
          `A JSON import may be at most ${Math.floor(limit / 1_048_576)} MiB; send larger files as CSV`,
        );
      }
      chunks.push(chunk);
    }
    let data: unknown;
    try {
      data = JSON.parse(
        Buffer.concat(chunks)
          .toString('utf8')
          .replace(/^\uFEFF/, ''),
      );
    } catch {
      throw new AppError(400, 'IMPORT_BODY_INVALID', 'The body is not valid JSON');
    }
    chunks.length = 0;
    if (!Array.isArray(data)) throw new AppError(400, 'IMPORT_BODY_INVALID', 'The body must be a JSON array of rows');
    const mappings = new Map<string, (string | null)[]>();
    for (let i = 0; i < data.length; i++) {
      const element: unknown = data[i];
      if (element === null || typeof element !== 'object' || Array.isArray(element)) {
        yield { row: i + 1, error: { field: null, code: 'invalid_type', message: 'A row must be an object' } };
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
      names.forEach((n, j) => {
        if (targets![j]) cells[targets![j]!] = flat[n];
      });
      yield { row: i + 1, cells };
    }
  }
  return { rows: rows(), ignoredColumns };
}
