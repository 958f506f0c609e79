import { cliSetup, fail, fileArgument, openForCommand } from './cli.js';
import { restoreDatabase } from './restore.js';

// `pnpm db:restore FILE [--replace]`: into the database the configuration names, which must be
// empty unless --replace (which drops everything in it first). Stop the API meanwhile.
const args = process.argv.slice(2);
const replace = args.includes('--replace');
const file = fileArgument(
  args.find((a) => a !== '--replace'),
  'usage: pnpm db:restore FILE [--replace]   (--replace: drop everything in the target database first)',
);
const { config, logger, store } = cliSetup();
try {
  const database = await openForCommand(config, logger);
  try {
    const { header, end, migratedFrom, migratedTo } = await restoreDatabase(database, { file, store, replace });
    logger.info(
      {
        file,
        createdAt: header.createdAt,
        rows: Object.values(end.tables).reduce((a, b) => a + b, 0),
        files: end.files,
        migratedFrom,
        migratedTo,
      },
      'backup restored',
    );
  } finally {
    await database.close();
  }
} catch (err) {
  fail(logger, err);
}
