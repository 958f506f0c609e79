// Runs jest for `pnpm test` (arguments are passed on). Without TEST_DATABASE_URL it looks for a
// PostgreSQL server at the default address and, when one answers, runs the API suite on it too:
// a fresh machine with a local server then tests both databases without being told. The reporter
// in scripts/database-summary-reporter.mjs says at the end which databases were used and which
// tests did not run, and why.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

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
