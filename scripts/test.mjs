// Runs jest for `pnpm test` (arguments are passed on). Without TEST_DATABASE_URL it looks for a
// PostgreSQL server at the default address and, when one answers, runs the API suite on it too:
// a fresh machine with a local server then tests both databases without being told. Redis is
// looked for the same way (TEST_REDIS_URL, else the default address); without one, the tests that
// need it are reported as not run instead of failing. The reporter
// in scripts/database-summary-reporter.mjs says at the end which databases were used and which
// tests did not run, and why.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Why the server cannot hold the test databases, or null when it can. */
async function probe(url) {
  // pg is a dependency of the API package, not of the workspace root.
  const pg = createRequire(new URL('../packages/api/package.json', import.meta.url))('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    // Each test file gets a database copied from a template: the user must be allowed to create them.
    const { rows } = await client.query('SELECT rolcreatedb OR rolsuper AS may FROM pg_roles WHERE rolname = current_user');
    return rows[0]?.may ? null : 'its user may not create databases';
  } catch (err) {
    return err.message || err.code || String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why no Redis answers PING at the address, or null when one does. A raw RESP exchange keeps the
 * workspace root free of a Redis client. */
function probeRedis(url) {
  return new Promise((resolve) => {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      resolve(`not an address: ${url}`);
      return;
    }
    const socket = connect({ host: parsed.hostname, port: Number(parsed.port || 6379) });
    const done = (reason) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(2000, () => done('no answer within 2 s'));
    socket.on('error', (err) => done(err.code || err.message));
    socket.on('connect', () => {
      const auth = parsed.password
        ? ['AUTH', ...(parsed.username ? [decodeURIComponent(parsed.username)] : []), decodeURIComponent(parsed.password)]
        : null;
      const command = (words) => `*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`;
      socket.write((auth ? command(auth) : '') + command(['PING']));
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('+PONG')) done(null);
      else if (answer.startsWith('-')) done(answer.split('\r\n')[0].slice(1));
    });
  });
}

const env = { ...process.env };
if (env.TEST_DATABASE_URL) {
  env.TEST_DATABASE_FROM = 'set by TEST_DATABASE_URL';
} else {
  const reason = await probe(DEFAULT_TEST_DATABASE_URL);
  if (reason === null) {
    env.TEST_DATABASE_URL = DEFAULT_TEST_DATABASE_URL;
    env.TEST_DATABASE_FROM = 'found at the default address';
    console.log(`A PostgreSQL server answers at ${DEFAULT_TEST_DATABASE_URL}: the API tests run on it too (api-postgres).`);
  } else {
    env.TEST_DATABASE_MISSING = `no usable PostgreSQL server at ${DEFAULT_TEST_DATABASE_URL} (${reason})`;
    console.log(`The API tests run on the embedded database only: ${env.TEST_DATABASE_MISSING}.`);
  }
}
{
  const url = env.TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
  const reason = await probeRedis(url);
  if (reason === null) env.TEST_REDIS_URL = url;
  else {
    delete env.TEST_REDIS_URL;
    env.TEST_REDIS_MISSING = `no Redis answers at ${url} (${reason})`;
    console.log(`The tests of rate limits counted in Redis do not run: ${env.TEST_REDIS_MISSING}.`);
  }
}
// PGlite loads its WebAssembly with a dynamic import(), which jest's VM allows only with this flag.
env.NODE_OPTIONS = [env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' ');

env.TEST_SUMMARY_FILE = join(tmpdir(), `euregionet-test-summary-${process.pid}.txt`);

const jest = createRequire(import.meta.url).resolve('jest/bin/jest');
const child = spawn(process.execPath, [jest, ...process.argv.slice(2)], { stdio: 'inherit', env });
child.on('exit', (code, signal) => {
  if (existsSync(env.TEST_SUMMARY_FILE)) {
    process.stderr.write(`\n${readFileSync(env.TEST_SUMMARY_FILE, 'utf8')}`);
    rmSync(env.TEST_SUMMARY_FILE, { force: true });
  }
  process.exit(code ?? (signal ? 1 : 0));
});
