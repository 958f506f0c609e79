import pg from 'pg';
import { dropTestDatabases, serverUrl } from './template.ts';

export default async function globalTeardown() {
  if (!process.env.TEST_DATABASE_URL) return;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await dropTestDatabases(admin);
  } finally {
    await admin.end();
  }
}
