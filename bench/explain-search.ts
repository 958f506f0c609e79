import pg from 'pg';
import { languageOrder, PublicClusterListQuerySchema, type Locale } from '@euregionet/shared';
import { fromPool } from '../packages/api/src/db/client.ts';
import { createPublicDocuments } from '../packages/api/src/modules/public/public-documents.ts';
import { createPublicService } from '../packages/api/src/modules/public/public.service.ts';
import { DATABASE_URL, recordStatements, SEARCH } from './support.ts';

/**
 * Where a search's time goes in the database: for each benchmarked search URL, the statements
 * that the search from the tables (`public.service.ts`) and the search from the public documents
 * (`public-documents.ts`) run, recorded from the product's code, each under
 * `EXPLAIN (ANALYZE, BUFFERS)`, with a custom plan and with the generic plan a prepared statement
 * falls back to. Prints planning and execution time and shared buffers per statement; with
 * `--plans`, the plans too. `pnpm bench:explain-search [--plans]` on the bench database.
 */
const showPlans = process.argv.includes('--plans');
const day = new Date().toISOString().slice(0, 10);

interface Explained {
  planning: number;
  execution: number;
  buffers: string;
  plan: string;
}

/** A parameter as a literal of EXECUTE (pg sends arrays as array literals too). */
const literal = (value: unknown): string =>
  value === null || value === undefined
    ? 'NULL'
    : `'${(Array.isArray(value) ? `{${value.map((v) => `"${String(v).replaceAll('"', '\\"')}"`).join(',')}}` : String(value)).replaceAll("'", "''")}'`;

/**
 * EXPLAIN ANALYZE of a statement prepared as the API prepares it, with PostgreSQL's choice of
 * plan or forced to the generic plan it may switch to after five executions; the second of two
 * runs (the first fills the caches of the connection: catalog, PL/pgSQL).
 */
async function explain(client: pg.PoolClient, text: string, values: unknown[], generic: boolean): Promise<Explained> {
  await client.query(`SET plan_cache_mode = ${generic ? 'force_generic_plan' : 'force_custom_plan'}`);
  await client.query('DEALLOCATE ALL');
  await client.query(`PREPARE explained AS ${text}`);
  const execute = `EXECUTE explained${values.length ? `(${values.map(literal).join(', ')})` : ''}`;
  type Json = [{ Plan: Record<string, number>; 'Planning Time': number; 'Execution Time': number }];
  const run = () => client.query<{ 'QUERY PLAN': Json }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${execute}`);
  await run();
  const [result] = (await run()).rows[0]!['QUERY PLAN'];
  const plan = showPlans
    ? (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${execute}`)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n')
    : '';
  return {
    planning: result['Planning Time'],
    execution: result['Execution Time'],
    buffers: `hit ${result.Plan['Shared Hit Blocks']}, read ${result.Plan['Shared Read Blocks']}`,
    plan,
  };
}

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
const client = await pool.connect();
try {
  for (const path of SEARCH) {
    const parsed = PublicClusterListQuerySchema.parse(Object.fromEntries(new URL(path, 'http://x').searchParams));
    const order = languageOrder((parsed.lang?.split(',') ?? []) as Locale[]);
    const paths = {
      tables: await recordStatements((p) => createPublicService(fromPool(p).db).list(parsed, order, 'http://127.0.0.1')),
      documents: await recordStatements((p) =>
        createPublicDocuments(fromPool(p).db, () => day, { db: fromPool(p).db, pool: p }).list(parsed, order, 'http://127.0.0.1'),
      ),
    };
    process.stdout.write(`\n${path}\n`);
    for (const [name, statements] of Object.entries(paths)) {
      for (const [i, { text, values }] of statements.entries()) {
        for (const generic of [false, true]) {
          const e = await explain(client, text, values, generic);
          process.stdout.write(
            `  ${name} #${i + 1} ${generic ? 'generic' : 'custom '}: planning ${e.planning.toFixed(2)} ms, execution ${e.execution.toFixed(2)} ms, buffers ${e.buffers}\n`,
          );
          if (e.plan && !generic) process.stdout.write(`${e.plan.replace(/^/gm, '      ')}\n`);
        }
      }
    }
  }
} finally {
  client.release();
  await pool.end();
}
