import pino from 'pino';
import { loadConfig } from '../config.js';
import { LOG_SERIALIZERS } from '../logging.js';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { resetDemoData } from './load.js';

// `pnpm db:reset-demo`: replaces the directory and its workflows with the demo data (stop the
// API first when it runs on the embedded database: only one process can open its data folder).
const config = loadConfig();
const logger = pino({ level: config.logLevel, serializers: LOG_SERIALIZERS });
const database = await openDatabase(config.database, { statementTimeoutMs: 60_000, logger });
try {
  await migrate(database);
  const counts = await resetDemoData(database.db, { config });
  logger.info(counts, 'demo data reloaded');
} finally {
  await database.close();
}
