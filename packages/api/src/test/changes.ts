import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';

/**
 * Waits until every change in the log can be read. The feed hands out a change only once no
 * transaction older than it is still running (`readChanges`), so that a mirror never skips one
 * that commits late; transaction ids are server-wide, so on a PostgreSQL server another
 * database's open transaction (another test file's, in CI) holds the feed back for a moment.
 */
export async function changesSettled(db: Db, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await queryRows<{ waiting: boolean }>(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM public_changes WHERE tx >= pg_snapshot_xmin(pg_current_snapshot())) AS waiting`,
    );
    if (!row!.waiting) return;
    if (Date.now() > until) throw new Error(`changes still held back by open transactions after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
