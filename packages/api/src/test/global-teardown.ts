import pg from 'pg';
import { serverUrl, TEST_DB_PREFIX } from './template.ts';

export default async function globalTeardown() {
  if (!process.env.TEST_DATABASE_URL) return;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${TEST_DB_PREFIX}%'`);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
