import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { languageOrder } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestAppWithPortal, ok, TEST_TODAY, type Principal, type TestApp } from '../../test/app.js';
import { createKindDocuments } from '../public/document-kinds.js';
import { BASE } from '../public/public-documents.js';
import { opportunityDocuments } from './opportunities.documents.js';

let t: TestApp;
let admin: Principal;
let portal: Principal;

beforeAll(async () => ({ t, admin, portal } = await createTestAppWithPortal(['public:read'])));
afterAll(() => t.close());

/*
 * A profile that expired (its `validUntil` lies before today) is still published, so its
 * documents stay, waiting to be built for today; but it is no longer public, so no build can
 * make them. One read must see that at once and leave the answer to the tables (404), rather
 * than build again and again.
 */
describe('an expired opportunity', () => {
  const id = '00000000-0000-4000-8000-0000000ee001';

  beforeAll(async () => {
    const org = await ok<{ id: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        payload: { name: 'Abgelaufen GmbH', type: 'sme', country: 'DE', published: true },
      }),
      201,
    );
    await t.database.db.execute(
      sql`INSERT INTO cooperation_profiles (id, kind, type, organisation_id, title, valid_until, status, partner)
          VALUES (${id}, 'offer', 'research', ${org.id}, '{"de":"Altes Angebot"}'::jsonb, '2026-06-02'::date, 'published', 'BIC')`,
    );
  });

  it('keeps its documents, which no read can build', async () => {
    const docs = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM public_documents WHERE record_id = ${id}`,
    );
    expect(docs[0]!.n).toBe(3);
  });

  it('is one attempt to build for one detail read, which answers nothing from the documents', async () => {
    let builds = 0;
    const documents = createKindDocuments(t.database.db, {
      ...opportunityDocuments,
      rows: (db, ids, today) => {
        builds++;
        return opportunityDocuments.rows(db, ids, today);
      },
    });
    expect(await documents.detail(id, languageOrder(['de']), BASE, TEST_TODAY)).toBeUndefined();
    expect(builds).toBe(1);
  });

  it('answers 404 to a portal', async () => {
    const res = await portal.inject({ method: 'GET', url: `/api/v1/public/opportunities/${id}?lang=de` });
    expect(res.statusCode).toBe(404);
  });
});
