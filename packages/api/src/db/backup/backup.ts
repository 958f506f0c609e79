import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import type { Database } from '../client.js';
import type { FileStore } from '../../modules/files/file-store.js';
import { tablesInOrder } from './catalog.js';
import {
  appliedMigration,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  ident,
  readJournal,
  type BackupHeader,
  type EndLine,
  type FileLine,
  type TableLine,
} from './format.js';

/** Rows fetched from the cursor at a time: the backup never holds a whole table in memory. */
const FETCH_ROWS = 500;
/** Raw bytes per base64 line of a file (a multiple of 3, so that each line is whole base64). */
const FILE_CHUNK_BYTES = 48 * 1024;

export interface BackupSummary {
  file: string;
  header: BackupHeader;
  end: EndLine;
}

/**
 * Writes a backup of everything: every table of the schema, the audit trail included, and the
 * files of the file store that the files table names.
 *
 * One REPEATABLE READ READ ONLY transaction reads it all: on a server the API keeps serving
 * meanwhile, and the backup holds exactly what was committed when it began (every write
 * acknowledged before it started, none half-done). The embedded database has one connection: the
 * transaction holds it, so the API's requests (when the backup runs inside the API) wait until it
 * is done. The file is written under a temporary name and renamed at the end, so that a backup
 * that fails leaves no file that looks complete.
 */
export async function backupDatabase(
  database: Database,
  options: { file: string; store?: FileStore; clock?: () => Date },
): Promise<BackupSummary> {
  const journal = await readJournal();
  const client = await database.pool.connect();
  const partial = `${options.file}.partial`;
  let summary: Omit<BackupSummary, 'file'> | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Statement timeouts are for requests; a large table may take longer to read.
    await client.query('SET LOCAL statement_timeout = 0');
    const migration = await appliedMigration(client, journal);
    if (!migration) throw new BackupError('DATABASE_SCHEMA_UNKNOWN', 'The database has no migrations applied: there is nothing to back up');
    const tables = await tablesInOrder(client);
    const header: BackupHeader = {
      type: 'header',
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      migration,
      createdAt: (options.clock?.() ?? new Date()).toISOString(),
      database: database.kind,
      tables: tables.map((t) => t.name),
    };
    const end: EndLine = { type: 'end', tables: {}, files: 0, missingFiles: [] };

    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const table of tables) {
        const count = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${ident(table.name)}`);
        const rows = Number(count.rows[0]!.n);
        const line: TableLine = { type: 'table', name: table.name, columns: table.columns, rows };
        yield `${JSON.stringify(line)}\n`;
        let written = 0;
        for await (const row of cursorRows(client, selectRows(table.name, table.generated))) {
          written++;
          yield `${row}\n`;
        }
        // Within one snapshot the count and the rows agree; a difference is a bug, not a race.
        if (written !== rows) throw new Error(`${table.name}: counted ${rows} rows but read ${written}`);
        end.tables[table.name] = rows;
      }
      if (options.store && tables.some((t) => t.name === 'files')) yield* fileLines(client, options.store, end);
      yield `${JSON.stringify(end)}\n`;
    }

    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial));
    await client.query('COMMIT');
    summary = { header, end };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    await rm(partial, { force: true });
    throw err;
  } finally {
    client.release();
  }
  await rename(partial, options.file);
  return { file: options.file, ...summary };
}

/** Each row as the database's own JSON text, without the columns it computes itself. */
function selectRows(table: string, generated: string[]): string {
  const drop = generated.length ? ` - ARRAY[${generated.map((c) => `'${c.replaceAll("'", "''")}'`).join(', ')}]::text[]` : '';
  return `SELECT (to_jsonb(t)${drop})::text AS row FROM ${ident(table)} t`;
}

/** Rows of a query, a few hundred at a time, through a cursor of the open transaction. */
async function* cursorRows(client: pg.ClientBase, query: string): AsyncGenerator<string> {
  await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR ${query}`);
  try {
    for (;;) {
      const { rows } = await client.query<{ row: string }>(`FETCH ${FETCH_ROWS} FROM backup_rows`);
      for (const { row } of rows) yield row;
      if (rows.length < FETCH_ROWS) return;
    }
  } finally {
    await client.query('CLOSE backup_rows');
  }
}

/**
 * The bytes of every file and thumbnail the files table names, as of the backup's snapshot. The
 * store is not transactional: a file deleted after the backup began is gone from it, and is listed
 * in the end line instead of failing the backup.
 */
async function* fileLines(client: pg.ClientBase, store: FileStore, end: EndLine): AsyncGenerator<string> {
  const keys: { key: string; mediaType: string }[] = [];
  const query = `SELECT json_build_object('key', storage_key, 'mediaType', media_type, 'thumbnail', thumbnail_key)::text AS row FROM files ORDER BY storage_key`;
  for await (const row of cursorRows(client, query)) {
    const file = JSON.parse(row) as { key: string; mediaType: string; thumbnail: string | null };
    keys.push({ key: file.key, mediaType: file.mediaType });
    // Thumbnails are written as WebP by the files service.
    if (file.thumbnail) keys.push({ key: file.thumbnail, mediaType: 'image/webp' });
  }
  for (const { key, mediaType } of keys) {
    const body = await store.get(key);
    if (!body) {
      end.missingFiles.push(key);
      continue;
    }
    const chunks = Math.ceil(body.length / FILE_CHUNK_BYTES);
    const line: FileLine = {
      type: 'file',
      key,
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      mediaType,
      chunks,
    };
    yield `${JSON.stringify(line)}\n`;
    for (let at = 0; at < body.length; at += FILE_CHUNK_BYTES) {
      yield `${body.subarray(at, at + FILE_CHUNK_BYTES).toString('base64')}\n`;
    }
    end.files++;
  }
}
