import pino from 'pino';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../config.js';
import { LOG_SERIALIZERS } from '../../logging.js';
import { openDatabase } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import { systemClock, todayOn } from '../../clock.js';
import { createPublicDocuments } from './public-documents.js';
import { createKindDocuments } from './document-kinds.js';
import { PUBLIC_DOCUMENT_KINDS } from './public-document-kinds.js';

// `pnpm db:rebuild-public`: recreates every public document from the tables (after a restore, or
// to rule the read model out when an answer looks wrong). The API may keep running: a read meets
// rows without bytes, and builds what it needs.
const config = loadConfig();
const logger = pino({ level: config.logLevel, serializers: LOG_SERIALIZERS });
const database = await openDatabase(config.database, { statementTimeoutMs: 600_000, logger });
try {
  await migrate(database);
  const started = Date.now();
  // In one transaction: a list read meanwhile sees every row (built or not), never a gap.
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM public_documents`);
    await tx.execute(sql`INSERT INTO public_documents (kind, record_id, lang, slug)
    SELECT 'cluster', c.id, l, c.slug FROM clusters c, unnest(ARRAY['de', 'pl', 'en']) l WHERE c.published AND c.deleted_at IS NULL`);
    for (const kind of PUBLIC_DOCUMENT_KINDS)
      await tx.execute(sql`INSERT INTO public_documents (kind, record_id, lang, slug)
      SELECT ${kind.kind}, v.id, l, v.slug FROM (${kind.visible}) v, unnest(ARRAY['de', 'pl', 'en']) l`);
  });
  const today = todayOn(systemClock);
  const built = { cluster: await createPublicDocuments(database.db, today).build() } as Record<string, number>;
  for (const kind of PUBLIC_DOCUMENT_KINDS) built[kind.kind] = await createKindDocuments(database.db, kind).build(today());
  logger.info({ built, ms: Date.now() - started }, 'public documents rebuilt');
} finally {
  await database.close();
}
