import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';
import type { Locale } from '@euregionet/shared';
import { cursorCodec, key } from '../packages/api/src/db/cursor.ts';
import { toPublicCluster } from '../packages/api/src/modules/public/public.service.ts';
import type { PublicClusterRow } from '../packages/api/src/modules/public/public.repo.ts';

/**
 * The replay floor of search: a bare Fastify route and a pg pool that run, for each benchmarked
 * URL, the statements of the search on the tables (recorded by run.ts from the product's code:
 * the search query and the lookup of logos; our API keeps verified keys in memory), and build the
 * same JSON — no validation, hooks, rate limiting, ETag or CORS. Our API answers search from the
 * public documents and falls back to these statements: against this floor, search's figures say
 * what the documents save over the bare old SQL; against the stored-bytes floor
 * (floor-server.ts), what is left.
 */
interface Recorded {
  statements: { text: string; values: unknown[] }[];
  order: Locale[];
  limit: number;
  relevance: boolean;
}
const { port, databaseUrl, recordings } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as {
  port: number;
  databaseUrl: string;
  recordings: Record<string, Recorded>;
};

/** The cursors of the public cluster list: (rank, slug) when searching, (name, slug) otherwise. */
const rankCursor = cursorCodec(key.number, key.text);
const nameCursor = cursorCodec(key.text, key.text);

const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, idleTimeoutMillis: 0, application_name: 'euregionet-bench-minimal' });
const app = Fastify({ logger: false });

app.get('/*', async (request, reply) => {
  const recorded = recordings[request.url];
  if (!recorded) return reply.code(404).send({ error: 'not recorded' });
  let rows: (PublicClusterRow & { sortValue: string | number })[] = [];
  // The search query comes first, then the clusters' logos (none in the generated directory, so
  // every logoUrl is null: the byte-for-byte check in run.ts would tell if that changed).
  for (const [i, statement] of recorded.statements.entries()) {
    const result = await pool.query(statement.text, statement.values);
    if (i === 0) rows = result.rows;
  }
  const page = rows.slice(0, recorded.limit);
  const last = page.at(-1);
  const base = `${request.protocol}://${request.host}`;
  return {
    lang: recorded.order[0],
    items: page.map((r) => toPublicCluster(r, recorded.order, base, null)),
    nextCursor:
      rows.length > recorded.limit && last
        ? recorded.relevance
          ? rankCursor.encode([Number(last.sortValue), last.slug])
          : nameCursor.encode([String(last.sortValue), last.slug])
        : null,
  };
});

await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`minimal listening on ${port}\n`);
process.on('SIGTERM', () => void app.close().then(() => pool.end()));
