import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { createTestApp, logSink, type Principal, type TestApp } from './test/app.js';

let t: TestApp;
let admin: Principal;
const logLines: string[] = [];
beforeAll(async () => {
  const logTo = logSink(logLines);
  t = await createTestApp({}, { logTo });
  admin = await t.admin();
});
afterAll(() => t.close());

const linesOf = (requestId: string) => logLines.filter((l) => l.includes(requestId));

describe('the log', () => {
  it('records a failed query with its SQL and error, but none of the values it was to write', async () => {
    // A rule the database enforces and the API does not know: the insert fails in the database.
    await t.database.db.execute(
      sql.raw(`ALTER TABLE consulting_requests ADD CONSTRAINT log_test_refuses CHECK (requester_email <> 'ewa.nowak.logtest@example.pl')`),
    );
    try {
      const portal = await t.apiKey(['requests:create']);
      const res = await portal.inject({
        method: 'POST',
        url: '/api/v1/public/consulting-requests',
        payload: {
          requesterName: 'Ewa Nowak-Logtest',
          requesterEmail: 'ewa.nowak.logtest@example.pl',
          organisationName: 'Zakład Logtestowy Sp. z o.o.',
          country: 'PL',
          language: 'pl',
          topic: 'funding',
          message: 'Prosimy o kontakt w sprawie wspólnego projektu logtestowego.',
          consent: true,
          consentTextVersion: '2026-01',
        },
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      const lines = linesOf(res.headers['x-request-id'] as string);
      const failure = lines.find((l) => l.includes('log_test_refuses'));
      expect(failure).toBeDefined();
      const { err } = JSON.parse(failure!) as { err: { message: string } };
      expect(err.message).toContain('insert into "consulting_requests"');
      expect(err.message).toContain('violates check constraint "log_test_refuses"');
      const log = lines.join('');
      for (const value of ['ewa.nowak.logtest', 'Nowak-Logtest', 'Logtestowy', 'logtestowego']) expect(log).not.toContain(value);
    } finally {
      await t.database.db.execute(sql.raw('ALTER TABLE consulting_requests DROP CONSTRAINT log_test_refuses'));
    }
  });

  it('records the path of a request, not its query string', async () => {
    const res = await admin.inject({ method: 'GET', url: '/api/v1/organisations?q=Jadwiga%20Suchlog&limit=5' });
    expect(res.statusCode).toBe(200);
    const log = linesOf(res.headers['x-request-id'] as string).join('');
    expect(log).toContain('"url":"/api/v1/organisations?…"');
    expect(log).not.toContain('Suchlog');
  });
});
