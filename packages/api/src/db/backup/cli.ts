import { isAbsolute, resolve } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../config.js';
import { LOG_SERIALIZERS } from '../../logging.js';
import { createFileStore } from '../../modules/files/file-store.js';
import { openDatabase, type Database } from '../client.js';
import { DataDirInUseError } from '../embedded.js';
import { BackupError } from './format.js';

/** What both commands share: the configuration as the API reads it, a logger, the file store. */
export function cliSetup() {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, serializers: LOG_SERIALIZERS });
  return { config, logger, store: createFileStore(config.files.storage) };
}

/**
 * The database the configuration names. The embedded database is opened by one process at a
 * time (its lock file in DATA_DIR): while the API runs on it, a command cannot, and says so.
 */
export async function openForCommand(config: ReturnType<typeof loadConfig>, logger: pino.Logger): Promise<Database> {
  try {
    // A large table takes longer than a request may.
    return await openDatabase(config.database, { statementTimeoutMs: 3_600_000, logger });
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      throw new BackupError(
        'DATA_DIR_IN_USE',
        `DATA_DIR ${err.dataDir} is in use by ${err.owner}: stop the API first, or use the scheduled backup of the running API (BACKUP_DIR)`,
      );
    }
    throw err;
  }
}

/** A file named on the command line, relative to where `pnpm` was started (not the package's folder). */
export function fileArgument(path: string | undefined, usage: string): string {
  if (!path || path.startsWith('-')) {
    console.error(usage);
    process.exit(2);
  }
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** A refusal is one line for the operator and exit code 1; anything else is a failure with its stack. */
export function fail(logger: pino.Logger, err: unknown): never {
  if (err instanceof BackupError) logger.fatal({ code: err.code }, err.message);
  else logger.fatal({ err }, 'failed');
  process.exit(1);
}
