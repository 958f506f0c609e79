import { describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { z } from 'zod';
import type { Db } from './db/client.js';
import { kindDocuments, sameItemAndDetail } from './kind-documents.js';
import type { PublicDocumentKindSpec } from './modules/public/document-kinds.js';

type Row = { id: string; n: number };

const spec: PublicDocumentKindSpec<Row> = {
  kind: 'publication',
  visible: sql`SELECT id, slug FROM things`,
  rows: () => Promise.resolve([]),
  ...sameItemAndDetail<Row>(z.object({ n: z.number() }), (row) => ({ n: row.n })),
  validity: () => ({ from: null, until: null }),
};

/** A read replica's pool that records the statements and answers with the rows given. */
function replica(rows: object[]) {
  const statements: { text: string; values: unknown[] }[] = [];
  const pool = {
    query: ({ text, values }: { text: string; values: unknown[] }) => {
      statements.push({ text: text.replace(/\s+/g, ' '), values });
      return Promise.resolve({ rows });
    },
  } as unknown as pg.Pool;
  return { statements, pool };
}

const things = (db: Db, pool: pg.Pool) =>
  kindDocuments(db, { db, pool }, spec, {
    from: sql`things`,
    recordId: sql`things.id`,
    where: (_query: { updatedSince?: string; cursor?: string; limit: number }, today) => [sql`things.shown_from <= ${today}`],
    after: (cursor) => sql`things.n > ${Number(cursor)}`,
    key: sql`things.n`,
    orderBy: sql`things.n`,
    cursorOf: (last: { n: number }) => String(last.n),
  });

const doc = (n: number) => ({ documentId: `id-${n}`, body: `{"n":${n}}`, etag: `e${n}`, pending: false, n });

describe('kindDocuments', () => {
  it('selects a page with the list’s conditions, the cursor’s, its key and order, one row more than the limit', async () => {
    const { statements, pool } = replica([doc(3), doc(4), doc(5)]);
    const answer = await things({} as Db, pool).list({ cursor: '2', limit: 2 }, ['de', 'pl', 'en'], 'https://x.test', '2026-05-04');
    expect(statements).toHaveLength(1);
    const { text, values } = statements[0]!;
    expect(text).toMatch(/^SELECT d\.record_id AS "documentId", .* AS pending, things\.n FROM things LEFT JOIN public_documents d ON /);
    expect(text).toMatch(/ WHERE things\.shown_from <= \$\d+ AND things\.n > \$\d+ ORDER BY things\.n LIMIT \$\d+$/);
    expect(values).toEqual(expect.arrayContaining(['2026-05-04', 2, 3]));
    expect(answer?.body).toBe('{"lang":"de","items":[{"n":3},{"n":4}],"nextCursor":"4"}');
  });

  it('leaves a list asked for changes since a time to the tables, without reading', async () => {
    const { statements, pool } = replica([doc(1)]);
    const answer = await things({} as Db, pool).list(
      { updatedSince: '2026-05-01T00:00:00Z', limit: 2 },
      ['de', 'pl', 'en'],
      'https://x.test',
      '2026-05-04',
    );
    expect(answer).toBeUndefined();
    expect(statements).toEqual([]);
  });

  it('answers the last page without a cursor', async () => {
    const { pool } = replica([doc(7)]);
    const answer = await things({} as Db, pool).list({ limit: 2 }, ['en', 'de', 'pl'], 'https://x.test', '2026-05-04');
    expect(answer?.body).toBe('{"lang":"en","items":[{"n":7}],"nextCursor":null}');
  });
});
