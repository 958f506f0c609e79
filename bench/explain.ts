import pg from 'pg';
import { languageOrder, PublicClusterListQuerySchema, type Locale } from '@euregionet/shared';
import { systemClock, todayOn } from '../packages/api/src/clock.ts';
import { fromPool } from '../packages/api/src/db/client.ts';
import { createPublicDocuments } from '../packages/api/src/modules/public/public-documents.ts';
import { createPublicService } from '../packages/api/src/modules/public/public.service.ts';
import { DATABASE_URL, log } from './support.ts';

/**
 * The plans of what the public benchmark measures: every statement the API runs for a list URL
 * (read model), a detail URL (read model) and a search URL (tables), run again under
 * `EXPLAIN (ANALYZE, BUFFERS)`. Usage: `tsx explain.ts [list|detail|search] <path>`, with
 * BENCH_DATABASE_URL naming the database. To compare the plans of two directory sizes.
 */
const [which = 'list', path = '/api/v1/public/clusters?lang=pl&limit=25'] = process.argv.slice(2);

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
const statements: { text: string; values: unknown[] }[] = [];
const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
/**
 * A list over documents that wait to be built would build them all first: only its first
 * statement (the page) is run and explained, the rest refused.
 */
const stop = new Error('only the first statement');
(pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
  if (which === 'list' && statements.length) return Promise.reject(stop);
  const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
  statements.push(
    typeof first === 'string' ? { text: first, values: second ?? [] } : { text: first.text, values: first.values ?? second ?? [] },
  );
  return query(...args);
};
const database = fromPool(pool);
const url = new URL(path, 'http://127.0.0.1');
const params = Object.fromEntries(url.searchParams);
const order = languageOrder((params.lang?.split(',') ?? []) as Locale[]);
if (which === 'search') {
  await createPublicService(database.db).list(PublicClusterListQuerySchema.parse(params), order, 'http://127.0.0.1');
} else {
  const documents = createPublicDocuments(database.db, todayOn(systemClock), { db: database.db, pool });
  const answer = await (
    which === 'detail'
      ? documents.detail(decodeURIComponent(url.pathname.split('/').at(-1)!), order, 'http://127.0.0.1')
      : documents.list(PublicClusterListQuerySchema.parse(params), order, 'http://127.0.0.1')
  ).catch((err: unknown) => {
    if (err !== stop) throw err;
    log('documents wait to be built: only the page statement was run');
    return undefined;
  });
  if (!answer) log('the read model did not answer from its documents');
}
const recorded = [...statements];
for (const { text, values } of recorded) {
  const { rows } = (await query({ text: `EXPLAIN (ANALYZE, BUFFERS, SETTINGS) ${text}`, values })) as { rows: { 'QUERY PLAN': string }[] };
  process.stdout.write(`-- ${text.replace(/\s+/g, ' ').slice(0, 400)}\n-- ${JSON.stringify(values).slice(0, 300)}\n`);
  process.stdout.write(`${(rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n')}\n\n`);
}
await pool.end();
