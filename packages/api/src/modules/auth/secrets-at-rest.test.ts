import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { ApiKeyCreated } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestApp, logSink, json, type TestApp } from '../../test/app.js';

let t: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  const logTo = logSink(logLines);
  t = await createTestApp({}, { logTo });
});
afterAll(() => t.close());

describe('the database', () => {
  it('holds no password, API key or session id in clear, anywhere, and logs none', async () => {
    const admin = await t.admin();
    const password = 'Ein sehr geheimes Passwort 4711';
    await admin.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'secret@example.eu', name: 'Secret', partner: 'CIT', role: 'viewer', password },
    });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'secret@example.eu', password } });
    const sessionId = login.cookies.find((c) => c.name === 'eurn_session')!.value;
    const { secret } = json<ApiKeyCreated>(
      await admin.inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'k', partner: 'CIT', scopes: ['read'] } }),
    );
    await t.app.inject({ method: 'GET', url: '/api/v1/clusters', headers: { authorization: `Bearer ${secret}` } });

    // Every text-like column of every table, as text.
    const columns = await queryRows<{ table_name: string; column_name: string }>(
      t.database.db,
      sql`SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'character varying', 'ARRAY')`,
    );
    expect(columns.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const rows = await queryRows<{ v: string | null }>(
        t.database.db,
        sql`SELECT ${sql.identifier(column_name)}::text AS v FROM ${sql.identifier(table_name)}`,
      );
      for (const { v } of rows) {
        for (const [what, value] of [
          ['password', password],
          ['session id', sessionId],
          ['API key', secret],
        ] as const) {
          if (v?.includes(value)) found.push(`${what} in ${table_name}.${column_name}`);
        }
      }
    }
    expect(found).toEqual([]);
    // Nor do the logs, at their most detailed level.
    expect(logLines.length).toBeGreaterThan(5);
    const log = logLines.join('');
    expect(log).toContain('/api/v1/auth/login');
    for (const value of [password, sessionId, secret]) expect(log).not.toContain(value);
    const hash = await queryRows<{ password_hash: string }>(
      t.database.db,
      sql`SELECT password_hash FROM users WHERE email = 'secret@example.eu'`,
    );
    expect(hash[0]!.password_hash).toMatch(/^\$argon2id\$/);
  });
});
