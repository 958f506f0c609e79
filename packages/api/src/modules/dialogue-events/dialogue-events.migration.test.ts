import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { createTestApp, type TestApp } from '../../test/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the migration to events people attend', () => {
  it('makes the events recorded so far held or documented, each with a slug of its own', async () => {
    const db = t.database.db;
    const admin = await t.admin();
    const record = async (title: Record<string, string>, date: string, outcomes: Record<string, string> = {}) => {
      const res = await admin.inject({
        method: 'POST',
        url: '/api/v1/events',
        payload: { title, date, place: 'Guben', languages: ['de'], organisingPartner: 'ESNB', participantCount: 20, outcomes },
      });
      expect(res.statusCode).toBe(201);
    };
    await record({ en: 'Energy dialogue', de: 'Energiedialog' }, '2018-05-16', { de: 'Zwei Kooperationen' });
    await record({ en: 'Energy dialogue' }, '2018-11-20');
    await record({ pl: 'Spotkanie w Łodzi – żywność' }, '2019-02-01');

    // The table as it was before: no slugs, every event as the column's default leaves it.
    await db.execute(sql`DROP INDEX dialogue_events_slug_idx`);
    await db.execute(sql`ALTER TABLE dialogue_events ALTER COLUMN slug DROP NOT NULL`);
    await db.execute(sql`UPDATE dialogue_events SET slug = NULL, status = 'draft'`);

    const migration = readFileSync(join(MIGRATIONS_FOLDER, '0022_dialogue_registration.sql'), 'utf8');
    const backfill = migration.slice(migration.indexOf('-- Events recorded until now'));
    for (const statement of backfill.split('--> statement-breakpoint')) await db.execute(sql.raw(statement));

    const rows = await queryRows<{ date: string; slug: string; status: string }>(
      db,
      sql`SELECT date::text AS date, slug, status FROM dialogue_events ORDER BY date`,
    );
    expect(rows).toEqual([
      { date: '2018-05-16', slug: 'energy-dialogue-2018', status: 'documented' },
      { date: '2018-11-20', slug: 'energy-dialogue-2018-2', status: 'held' },
      { date: '2019-02-01', slug: 'spotkanie-w-lodzi-zywnosc-2019', status: 'held' },
    ]);
  });
});
