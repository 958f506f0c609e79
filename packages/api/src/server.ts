import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp, LOG_REDACT } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { isDirectoryEmpty, loadDemoData } from './db/seed.js';

// The process: configuration, logger, database, listen, and a clean shutdown. The app itself
// is built in app.ts.
const config = loadConfig();
const logger = pino({ level: config.logLevel, redact: LOG_REDACT });

const database = await openDatabase(config.database, { statementTimeoutMs: config.statementTimeoutMs, logger });
logger.info({ database: config.database.kind }, 'database opened');
await migrate(database);
if (config.demoData && (await isDirectoryEmpty(database.db))) {
  logger.info(await loadDemoData(database.db), 'demo data loaded into the empty database');
}

const app = await buildApp({ config, database, logger });

// SIGTERM: stop accepting, let in-flight requests finish, close the database, exit 0.
closeWithGrace({ delay: 10_000, logger }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  else logger.info({ signal }, 'shutting down');
  await app.close();
});

await app.listen({ host: config.host, port: config.port });
