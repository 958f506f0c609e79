import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type pg from 'pg';
import type { Database } from '../client.js';
import { migrate, MIGRATIONS_FOLDER } from '../migrate.js';
import type { FileStore } from '../../modules/files/file-store.js';
import { recordAudit } from '../../modules/audit/audit.repo.js';
import { SYSTEM_CONTEXT } from '../../modules/auth/actor.js';
import { sequencesOf, tablesInOrder } from './catalog.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  ident,
  linesOf,
  readJournal,
  type BackupHeader,
  type EndLine,
  type FileLine,
  type TableLine,
} from './format.js';

/** Rows per INSERT, and the text size after which a batch goes out earlier. */
const BATCH_ROWS = 500;
const BATCH_CHARS = 4 * 1024 * 1024;

export interface RestoreSummary {
  header: BackupHeader;
  end: EndLine;
  /** Migrations applied after the data was loaded (the backup's schema was older than the code's). */
  migratedFrom: string;
  migratedTo: string;
}

/**
 * Restores a backup into an empty database (or, with `replace`, into one whose schema is dropped
 * first). The file is read through once to check it is whole before anything changes; then the
 * schema is migrated up to the backup's migration only, the rows and files are loaded in one
 * transaction (all or nothing), and the migrations that are newer than the backup run last, on
 * the restored data, as they would have run on the original database. The restore is recorded in
 * the audit trail.
 */
export async function restoreDatabase(
  database: Database,
  options: { file: string; store?: FileStore; replace?: boolean },
): Promise<RestoreSummary> {
  const journal = await readJournal();
  const { header, end } = await checkBackup(options.file);
  const at = journal.findIndex((e) => e.when === header.migration.when);
  if (at < 0) {
    const newest = journal.at(-1)!;
    if (header.migration.when > newest.when) {
      throw new BackupError(
        'BACKUP_SCHEMA_NEWER',
        `The backup holds schema migration ${header.migration.tag}, newer than this version of EuRegioNet knows (up to ${newest.tag}): restore it with the version that made it, or a newer one`,
      );
    }
    throw new BackupError(
      'BACKUP_SCHEMA_UNKNOWN',
      `The backup holds schema migration ${header.migration.tag}, which this version of EuRegioNet does not know`,
    );
  }

  await prepareTarget(database, options.replace ?? false);
  await migrateUpTo(database, at);
  await load(database, options);
  await migrate(database);
  await recordAudit(database.db, SYSTEM_CONTEXT, {
    action: 'restore',
    entity: 'database',
    entityId: null,
    changes: {
      backup: {
        after: { file: basename(options.file), createdAt: header.createdAt, migration: header.migration.tag, from: header.database },
      },
    },
  });
  return { header, end, migratedFrom: header.migration.tag, migratedTo: journal.at(-1)!.tag };
}

/** Reads the whole file: a header of our format, every section complete, and the end line. */
export async function checkBackup(file: string): Promise<{ header: BackupHeader; end: EndLine }> {
  let header: BackupHeader | undefined;
  let end: EndLine | undefined;
  const counts: Record<string, number> = {};
  let files = 0;
  await readBackup(file, {
    header: (h) => void (header = h),
    table: async (line, rows) => {
      let n = 0;
      for await (const _ of rows) n++;
      counts[line.name] = n;
    },
    file: async (line, body) => {
      await body();
      files++;
    },
    end: (e) => void (end = e),
  });
  if (!header || !end) throw truncated();
  const expected = JSON.stringify(Object.entries(end.tables).sort());
  if (expected !== JSON.stringify(Object.entries(counts).sort()) || end.files !== files) {
    throw new BackupError('BACKUP_TRUNCATED', 'The backup file does not hold what its last line counts: it is damaged');
  }
  return { header, end };
}

const truncated = () =>
  new BackupError('BACKUP_TRUNCATED', 'The backup file ends before its last line: it is incomplete (was it copied whole?)');

interface Visitor {
  header(header: BackupHeader): void;
  /** `rows` must be read to its end before the visitor returns. */
  table(line: TableLine, rows: AsyncGenerator<string>): Promise<void>;
  file(line: FileLine, body: () => Promise<Buffer>): Promise<void>;
  end(end: EndLine): void;
}

/** Walks a backup file section by section; rows stay text. */
async function readBackup(file: string, visit: Visitor): Promise<void> {
  const gunzip = createGunzip();
  const input = createReadStream(file);
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  const lines = linesOf(gunzip)[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    let result: IteratorResult<string>;
    try {
      result = await lines.next();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || code === 'Z_ERR') throw code === 'Z_BUF_ERROR' ? truncated() : notABackup();
      throw err;
    }
    if (result.done) throw truncated();
    return result.value;
  };
  try {
    const first = parse<BackupHeader>(await next());
    if (first?.type !== 'header' || first.format !== BACKUP_FORMAT) throw notABackup();
    if (first.formatVersion !== BACKUP_FORMAT_VERSION) {
      throw new BackupError(
        'BACKUP_FORMAT_UNSUPPORTED',
        `The backup is in format version ${first.formatVersion}; this version of EuRegioNet reads version ${BACKUP_FORMAT_VERSION}`,
      );
    }
    visit.header(first);
    for (;;) {
      const line = parse<TableLine | FileLine | EndLine>(await next());
      if (line?.type === 'table') {
        const rows = async function* () {
          for (let i = 0; i < line.rows; i++) yield await next();
        };
        await visit.table(line, rows());
      } else if (line?.type === 'file') {
        await visit.file(line, async () => {
          const parts: Buffer[] = [];
          for (let i = 0; i < line.chunks; i++) parts.push(Buffer.from(await next(), 'base64'));
          const body = Buffer.concat(parts);
          if (body.length !== line.size || createHash('sha256').update(body).digest('hex') !== line.sha256) {
            throw new BackupError('BACKUP_FILE_CORRUPT', `The backup's copy of file ${line.key} is damaged`);
          }
          return body;
        });
      } else if (line?.type === 'end') {
        visit.end(line);
        return;
      } else {
        throw notABackup();
      }
    }
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

const notABackup = () => new BackupError('BACKUP_NOT_A_BACKUP', 'The file is not an EuRegioNet backup');

function parse<T>(line: string): T | undefined {
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined;
  }
}

/**
 * A target is empty when its schema has no tables (a new data folder, a new server database). A
 * database the API has started on is not: it holds its first administrator at least.
 */
async function prepareTarget(database: Database, replace: boolean): Promise<void> {
  const client = await database.pool.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE (n.nspname = 'public' AND c.relkind IN ('r', 'p')) OR (n.nspname = 'drizzle' AND c.relname = '__drizzle_migrations')`,
    );
    if (!rows[0]!.n) return;
    if (!replace) {
      throw new BackupError(
        'BACKUP_TARGET_NOT_EMPTY',
        'The target database is not empty: restore into a new database, or replace everything in this one with --replace',
      );
    }
    // Everything the migrations made lives in these two schemas (extensions included).
    await client.query('BEGIN');
    await client.query('DROP SCHEMA IF EXISTS drizzle CASCADE');
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** drizzle's migrator applies what its journal lists: give it the journal cut after `index`. */
async function migrateUpTo(database: Database, index: number): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'euregionet-migrations-'));
  try {
    await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
    const parsed = JSON.parse(await readFile(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    parsed.entries = parsed.entries.slice(0, index + 1);
    await writeFile(join(folder, 'meta', '_journal.json'), JSON.stringify(parsed));
    await migrate(database, folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function load(database: Database, options: { file: string; store?: FileStore }): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL statement_timeout = 0');
    const tables = await tablesInOrder(client);
    const known = new Map(tables.map((t) => [t.name, t]));
    // Rows the migrations wrote (default settings) are in the backup as the original had them.
    await client.query(`TRUNCATE ${tables.map((t) => ident(t.name)).join(', ')}`);
    // The backup's rows were checked by the triggers when they were first written; run now, the
    // triggers would add rows of their own (search words) or refuse nothing. Foreign keys and
    // other constraints stay on. Re-enabled before the commit, so they hold afterwards.
    for (const t of tables) await client.query(`ALTER TABLE ${ident(t.name)} DISABLE TRIGGER USER`);

    const loaded = new Set<string>();
    await readBackup(options.file, {
      header(header) {
        const missing = tables.filter((t) => !header.tables.includes(t.name)).map((t) => t.name);
        const extra = header.tables.filter((name) => !known.has(name));
        if (missing.length || extra.length) throw tablesDiffer([...missing, ...extra]);
      },
      async table(line, rows) {
        const table = known.get(line.name);
        const columns = table?.columns ?? [];
        if (!table || [...columns].sort().join() !== [...line.columns].sort().join()) throw tablesDiffer([line.name]);
        await insertRows(client, line, rows);
        loaded.add(line.name);
      },
      async file(line, body) {
        const bytes = await body();
        await options.store?.put(line.key, bytes, line.mediaType);
      },
      end() {},
    });
    for (const t of tables) {
      for (const { column, sequence } of await sequencesOf(client, t.name)) {
        await client.query(
          `SELECT setval($1, coalesce((SELECT max(${ident(column)}) FROM ${ident(t.name)}), 1), (SELECT count(*) > 0 FROM ${ident(t.name)}))`,
          [sequence],
        );
      }
      await client.query(`ALTER TABLE ${ident(t.name)} ENABLE TRIGGER USER`);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

const tablesDiffer = (names: string[]) =>
  new BackupError(
    'BACKUP_TABLES_DIFFER',
    `The backup's tables do not match the schema of its own migration (${names.join(', ')}): the file was not made by EuRegioNet`,
  );

/** The database turns the JSON back into rows, so types convert the same way on either kind. */
async function insertRows(client: pg.ClientBase, line: TableLine, rows: AsyncGenerator<string>): Promise<void> {
  const columns = line.columns.map(ident).join(', ');
  // OVERRIDING SYSTEM VALUE: identity columns (GENERATED ALWAYS) keep the numbers of the backup.
  const statement = `INSERT INTO ${ident(line.name)} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM jsonb_populate_recordset(NULL::${ident(line.name)}, $1::jsonb)`;
  let batch: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (!batch.length) return;
    await client.query(statement, [`[${batch.join(',')}]`]);
    batch = [];
    chars = 0;
  };
  for await (const row of rows) {
    batch.push(row);
    chars += row.length;
    if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
  }
  await flush();
}
