import Fastify from 'fastify';
import pg from 'pg';

/**
 * The physical floor of the public API (issue 22): the least work any server can do to give a
 * portal the answer it asked for. run.ts stores, before measuring, the exact bytes our API
 * answered for every benchmarked URL in a table of their own (`bench_floor`, primary key on the
 * URL); this server answers each request with one indexed lookup of those bytes and sends them
 * with the content type and ETag our API sent. No key check, hooks, validation, rate limit or
 * security headers: what is left is Fastify, one round trip to PostgreSQL and the bytes.
 *
 * The statement is prepared (named), so PostgreSQL parses and plans it once per connection:
 * the floor should be lower than anything a product can reach, not merely as low.
 */
const [port, databaseUrl] = [Number(process.argv[2]), process.argv[3]!];

const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, idleTimeoutMillis: 0, application_name: 'euregionet-bench-floor' });
const app = Fastify({ logger: false });

app.get('/*', async (request, reply) => {
  const { rows } = await pool.query<{ body: string; content_type: string; etag: string | null }>({
    name: 'bench-floor',
    text: 'SELECT body, content_type, etag FROM bench_floor WHERE url = $1',
    values: [request.url],
  });
  const answer = rows[0];
  if (!answer) return reply.code(404).send({ error: 'not stored' });
  if (answer.etag) void reply.header('etag', answer.etag);
  return reply.type(answer.content_type).send(answer.body);
});

await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`floor listening on ${port}\n`);
process.on('SIGTERM', () => void app.close().then(() => pool.end()));
