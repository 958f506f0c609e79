import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { OutboxPage } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { createTestApp, json, type TestApp } from '../../test/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the migration to a generic source reference', () => {
  it('keeps what each existing message is about', async () => {
    const portal = await t.apiKey(['requests:create']);
    const res = await portal.inject({
      method: 'POST',
      url: '/api/v1/public/consulting-requests',
      payload: {
        requesterName: 'Hanna Becker',
        requesterEmail: 'hanna@example.de',
        country: 'DE',
        language: 'de',
        topic: 'internationalisation',
        message: 'Wir möchten nach Polen exportieren.',
        consent: true,
        consentTextVersion: '2026-01',
      },
    });
    expect(res.statusCode).toBe(201);
    const [request] = await queryRows<{ id: string }>(t.database.db, sql`SELECT id FROM consulting_requests`);
    expect(request).toBeDefined();

    // Back to the table as it was before the migration: the request's id in request_id.
    const db = t.database.db;
    await db.execute(sql`DROP INDEX outbox_source_idx`);
    await db.execute(
      sql`ALTER TABLE outbox_messages ADD COLUMN request_id uuid
            CONSTRAINT outbox_messages_request_id_consulting_requests_id_fk REFERENCES consulting_requests (id) ON DELETE SET NULL`,
    );
    await db.execute(sql`CREATE INDEX outbox_request_idx ON outbox_messages (request_id)`);
    await db.execute(sql`UPDATE outbox_messages SET request_id = ${request!.id}::uuid`);
    await db.execute(sql`ALTER TABLE outbox_messages DROP COLUMN source_type, DROP COLUMN source_id`);
    await db.execute(
      sql`INSERT INTO outbox_messages (kind, recipient, language, subject, body) VALUES ('other', 'x@example.pl', 'pl', 'S', 'B')`,
    );

    const migration = readFileSync(join(MIGRATIONS_FOLDER, '0017_outbox_source.sql'), 'utf8');
    for (const statement of migration.split('--> statement-breakpoint')) await db.execute(sql.raw(statement));

    expect(await queryRows(db, sql`SELECT kind, source_type, source_id::text FROM outbox_messages ORDER BY kind`)).toEqual([
      { kind: 'other', source_type: null, source_id: null },
      { kind: 'request_received', source_type: 'consulting_request', source_id: request!.id },
    ]);
    const admin = await t.admin();
    const page = json<OutboxPage>(await admin.inject({ method: 'GET', url: `/api/v1/outbox?requestId=${request!.id}` }));
    expect(page.items.map((m) => [m.kind, m.requestId])).toEqual([['request_received', request!.id]]);
  });
});
