import { backupDatabase } from './backup.js';
import { cliSetup, fail, fileArgument, openForCommand } from './cli.js';

// `pnpm db:backup FILE`: a backup of the database the configuration names (DATABASE_URL or
// DATA_DIR) and of the file store. On a server the API keeps running; the embedded database must
// be stopped first (or backed up by the API itself, BACKUP_DIR).
const file = fileArgument(process.argv[2], 'usage: pnpm db:backup FILE   (a .jsonl.gz file)');
const { config, logger, store } = cliSetup();
try {
  const database = await openForCommand(config, logger);
  try {
    const { header, end } = await backupDatabase(database, { file, store });
    logger.info({ file, migration: header.migration.tag, tables: Object.keys(end.tables).length, files: end.files }, 'backup written');
    if (end.missingFiles.length) logger.warn({ keys: end.missingFiles }, 'files deleted while the backup ran are not in it');
  } finally {
    await database.close();
  }
} catch (err) {
  fail(logger, err);
}
