import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type pg from 'pg';
import { MIGRATIONS_FOLDER } from '../migrate.js';

/**
 * The backup file: gzip-compressed JSON Lines, read and written as a stream.
 *
 *   {"type":"header","format":"euregionet-backup","formatVersion":1,"migration":{…},"createdAt":…,"tables":[…]}
 *   {"type":"table","name":"clusters","columns":[…],"rows":2}   then exactly `rows` lines, one row each
 *   {"type":"file","key":"…/original","size":…,"sha256":…,"mediaType":…,"chunks":1}   then `chunks` lines of base64
 *   {"type":"end","tables":{"clusters":2,…},"files":1,"missingFiles":[]}
 *
 * A row is the database's own JSON of the row (`to_jsonb`), written and read back as text, never
 * parsed here: numbers, timestamps with microseconds and offsets, bytea, arrays and jsonb are
 * converted by PostgreSQL on both sides, the same on the embedded database and on a server.
 */
export const BACKUP_FORMAT = 'euregionet-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** A migration as drizzle's journal names it; `when` is what drizzle compares, the tag is for people. */
export interface MigrationRef {
  index: number;
  tag: string;
  when: number;
}

export interface BackupHeader {
  type: 'header';
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  migration: MigrationRef;
  createdAt: string;
  database: 'postgres' | 'pglite';
  tables: string[];
}

export interface TableLine {
  type: 'table';
  name: string;
  columns: string[];
  rows: number;
}

export interface FileLine {
  type: 'file';
  key: string;
  size: number;
  sha256: string;
  mediaType: string;
  chunks: number;
}

export interface EndLine {
  type: 'end';
  tables: Record<string, number>;
  files: number;
  /** Keys the files table named but the store no longer had (a file deleted while the backup ran). */
  missingFiles: string[];
}

/** Why a backup or a restore is refused: a stable code and a sentence for the operator. */
export class BackupError extends Error {
  constructor(
    readonly code:
      | 'BACKUP_NOT_A_BACKUP'
      | 'BACKUP_FORMAT_UNSUPPORTED'
      | 'BACKUP_TRUNCATED'
      | 'BACKUP_SCHEMA_NEWER'
      | 'BACKUP_SCHEMA_UNKNOWN'
      | 'BACKUP_TARGET_NOT_EMPTY'
      | 'BACKUP_TABLES_DIFFER'
      | 'BACKUP_FILE_CORRUPT'
      | 'DATABASE_SCHEMA_UNKNOWN'
      | 'DATA_DIR_IN_USE',
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** The migrations this version of the product knows, in order. */
export async function readJournal(folder = MIGRATIONS_FOLDER): Promise<JournalEntry[]> {
  const journal = JSON.parse(await readFile(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

/**
 * The last migration applied to a database, or null when none is. drizzle records each applied
 * migration with its journal time (`created_at`) and applies those of a later time; so does this.
 */
export async function appliedMigration(client: pg.ClientBase, journal: JournalEntry[]): Promise<MigrationRef | null> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS exists`);
  if (!rows[0]?.exists) return null;
  const last = await client.query<{ when: string | null }>('SELECT max(created_at)::text AS when FROM drizzle.__drizzle_migrations');
  const when = last.rows[0]?.when;
  if (when == null) return null;
  const entry = journal.find((e) => e.when === Number(when));
  if (!entry) {
    throw new BackupError(
      'DATABASE_SCHEMA_UNKNOWN',
      `The database carries a migration (of ${new Date(Number(when)).toISOString()}) that this version of EuRegioNet does not know: use the version that runs on it`,
    );
  }
  return { index: entry.idx, tag: entry.tag, when: entry.when };
}

/** The lines of a text stream, without their line ends; a stream error ends the loop with it. */
export async function* linesOf(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of stream) {
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let at: number;
    while ((at = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, at);
      rest = rest.slice(at + 1);
    }
  }
  rest += decoder.end();
  if (rest) yield rest;
}

/** Identifiers come from the catalogue; quoted anyway, as PostgreSQL's quote_ident would. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
