import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { PublicClusterDetailSchema, PublicClusterPageSchema, languageOrder, type Locale } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import {
  assertReadModel,
  compareWithTables,
  createPortalTestApp,
  documentRows,
  movableClock,
  storedBytes,
  type PortalGet,
} from '../../test/read-model.js';
import { json, ok, TEST_NOW, TEST_TODAY, type Principal, type TestApp } from '../../test/app.js';
import { createPublicDocuments } from './public-documents.js';
import { createPublicService } from './public.service.js';
import { todayOn } from '../../clock.js';

let t: TestApp;
let admin: Principal;
let get: PortalGet;

/** The app's day can move: the brand lapses by the calendar, with no write. */
const clock = movableClock();

beforeAll(async () => ({ t, admin, get } = await createPortalTestApp(clock)));
afterAll(() => t.close());

const BASE = 'http://localhost:80';

/** A published cluster whose one member has this contact person. */
async function clusterWithContact(contact: object, orgName: string, clusterName: string) {
  const org = await ok<{ id: string }>(
    await admin.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: { name: orgName, type: 'sme', country: 'PL', published: true, contacts: [contact] },
    }),
    201,
  );
  const cluster = await ok<{ id: string; slug: string }>(
    await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { kind: 'cluster', name: { pl: clusterName }, regions: ['PL431'], partner: 'LOP', published: true },
    }),
    201,
  );
  await ok(
    await admin.inject({ method: 'PUT', url: `/api/v1/clusters/${cluster.id}/members/${org.id}`, payload: { role: 'member' } }),
    201,
  );
  return { org, cluster };
}

describe('the read model under GDPR', () => {
  it('forgets a withdrawn consent and an unpublished cluster before the write is acknowledged', async () => {
    const contact = {
      name: 'Anna Kowalska',
      email: 'anna.kowalska@example.pl',
      publicationConsent: true,
      consentDate: '2026-01-10',
      consentSource: 'signed form',
    };
    const { org, cluster } = await clusterWithContact(contact, 'Consent Sp. z o.o.', 'Klaster Zgody');

    // Read once: the documents are built and hold the e-mail.
    expect((await get(`/clusters/${cluster.slug}?lang=pl`)).body).toContain('anna.kowalska@example.pl');
    expect(await storedBytes(t.database.db, cluster.id)).toContain('anna.kowalska@example.pl');

    const withdrawn = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${org.id}`,
      headers: { 'if-match': '"v1"' },
      payload: { contacts: [{ ...contact, publicationConsent: false }] },
    });
    expect(withdrawn.statusCode).toBe(200);
    // Acknowledged: no stored byte holds the address any more, before any read rebuilt anything.
    expect(await storedBytes(t.database.db, cluster.id)).not.toContain('anna.kowalska@example.pl');
    expect((await get(`/clusters/${cluster.slug}?lang=pl`)).body).not.toContain('anna.kowalska@example.pl');

    expect(await documentRows(t.database.db, cluster.id)).toBe(3);
    const unpublished = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/clusters/${cluster.id}`,
      headers: { 'if-match': '"v1"' },
      payload: { published: false },
    });
    expect(unpublished.statusCode).toBe(200);
    expect(await documentRows(t.database.db, cluster.id)).toBe(0);
    expect((await get(`/clusters/${cluster.slug}?lang=pl`)).statusCode).toBe(404);
    expect(json<{ items: { slug: string }[] }>(await get('/clusters?lang=pl')).items.map((c) => c.slug)).not.toContain(cluster.slug);
  });

  it('keeps no answer past a change that another process committed', async () => {
    const address = 'ewa.nowak@example.pl';
    const contact = {
      name: 'Ewa Nowak',
      email: address,
      publicationConsent: true,
      consentDate: '2026-01-10',
      consentSource: 'signed form',
    };
    const { org, cluster } = await clusterWithContact(contact, 'Kept Sp. z o.o.', 'Klaster Pamięci');
    // This process reads (and keeps) the detail and the page that lists the cluster.
    const listed = async () => json<{ items: { slug: string }[] }>(await get('/clusters?lang=pl&limit=100')).items.map((c) => c.slug);
    expect((await get(`/clusters/${cluster.slug}?lang=pl`)).body).toContain(address);
    expect((await get(`/clusters/${cluster.slug}?lang=pl`)).body).toContain(address);
    expect(await listed()).toContain(cluster.slug);

    // Another process (a script, an import, a second API process) withdraws the consent and,
    // separately, unpublishes the cluster: this process learns of neither but through the database.
    await t.database.db
      .execute(sql`UPDATE organisations SET contacts = ${JSON.stringify([{ ...contact, publicationConsent: false }])}::jsonb
      WHERE id = ${org.id}`);
    expect((await get(`/clusters/${cluster.slug}?lang=pl`)).body).not.toContain(address);
    await t.database.db.execute(sql`UPDATE clusters SET published = false WHERE id = ${cluster.id}`);
    expect((await get(`/clusters/${cluster.slug}?lang=pl`)).statusCode).toBe(404);
    expect(await listed()).not.toContain(cluster.slug);
  });
});

/*
 * The property: after any sequence of writes (made in SQL, as an import or a script would make
 * them: the triggers must catch every writer), with reads in between that build documents, every
 * answer of the read model equals the answer computed from the tables by the code that served
 * portals before the read model (the service's list and detail, serialized as the API did).
 */
const CLUSTERS = 4;
const ORGS = 4;
const clusterId = (i: number) => `00000000-0000-4000-8000-00000000c00${i}`;
const orgId = (i: number) => `00000000-0000-4000-8000-00000000000${i}`;
const slugOf = (i: number) => `klaster-${i}`;

const names = fc.constantFrom(
  { de: 'Zeta Netzwerk' },
  { pl: 'Ąbecadło Klaster', en: 'Alphabet Cluster' },
  { de: 'Oder Bund', pl: 'Związek Odry' },
  { en: 'Mobility Network', de: 'Mobilität' },
  { de: 'Ärzte', pl: 'Lekarze', en: 'Doctors' },
);
const orgNames = fc.constantFrom('Łódź Tech', 'Alpha GmbH', 'zeta sp. z o.o.', 'Über AG', 'Beta');
const countries = fc.constantFrom(['DE'], ['PL'], ['DE', 'PL']);
const consent = (given: boolean) => [
  {
    name: 'Jan Nowak',
    role: null,
    email: 'jan@example.pl',
    phone: null,
    publicationConsent: given,
    consentDate: given ? '2026-01-01' : null,
  },
];

type Write =
  | { op: 'upsertCluster'; i: number; name: object; countries: readonly string[]; published: boolean }
  | { op: 'deleteCluster'; i: number; hard: boolean }
  | { op: 'restoreCluster'; i: number }
  | { op: 'renameOrg'; j: number; name: string }
  | { op: 'publishOrg'; j: number; published: boolean }
  | { op: 'consent'; j: number; given: boolean }
  | { op: 'deleteOrg'; j: number; deleted: boolean }
  | { op: 'member'; i: number; j: number; role: 'coordinator' | 'member' | 'associated' | null }
  | { op: 'award'; i: number; validUntil: string | null }
  | { op: 'placeCluster'; i: number; at: readonly [number, number] | null }
  | { op: 'moveOrg'; j: number; city: string | null }
  | { op: 'day'; now: string };

const writes: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ op: fc.constant('upsertCluster' as const), i: fc.nat(CLUSTERS - 1), name: names, countries, published: fc.boolean() }),
  fc.record({ op: fc.constant('deleteCluster' as const), i: fc.nat(CLUSTERS - 1), hard: fc.boolean() }),
  fc.record({ op: fc.constant('restoreCluster' as const), i: fc.nat(CLUSTERS - 1) }),
  fc.record({ op: fc.constant('renameOrg' as const), j: fc.nat(ORGS - 1), name: orgNames }),
  fc.record({ op: fc.constant('publishOrg' as const), j: fc.nat(ORGS - 1), published: fc.boolean() }),
  fc.record({ op: fc.constant('consent' as const), j: fc.nat(ORGS - 1), given: fc.boolean() }),
  fc.record({ op: fc.constant('deleteOrg' as const), j: fc.nat(ORGS - 1), deleted: fc.boolean() }),
  fc.record({
    op: fc.constant('member' as const),
    i: fc.nat(CLUSTERS - 1),
    j: fc.nat(ORGS - 1),
    role: fc.constantFrom('coordinator' as const, 'member' as const, 'associated' as const, null),
  }),
  // The test's day is 2026-06-03: an award running out before it, on it, or later.
  fc.record({
    op: fc.constant('award' as const),
    i: fc.nat(CLUSTERS - 1),
    validUntil: fc.constantFrom('2026-06-02', '2026-06-03', '2027-01-01', null),
  }),
  // The location: a cluster's own coordinates, else its coordinator's town (known on one side of the border only, or not at all).
  fc.record({
    op: fc.constant('placeCluster' as const),
    i: fc.nat(CLUSTERS - 1),
    at: fc.constantFrom([52.34714, 14.55062] as const, [51.75, 14.33] as const, null),
  }),
  fc.record({
    op: fc.constant('moveOrg' as const),
    j: fc.nat(ORGS - 1),
    city: fc.constantFrom('Cottbus', 'Zielona Góra', 'Nirgendwo', null),
  }),
);

async function apply(w: Write) {
  const db = t.database.db;
  switch (w.op) {
    case 'day':
      clock.at = w.now;
      return;
    case 'upsertCluster':
      await db.execute(sql`INSERT INTO clusters (id, slug, kind, status, name, regions, countries, partner, published)
        VALUES (${clusterId(w.i)}, ${slugOf(w.i)}, 'cluster', 'established', ${JSON.stringify(w.name)}::jsonb, '{DE403}', ${`{${w.countries.join(',')}}`}::text[], 'BIC', ${w.published})
        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, countries = EXCLUDED.countries, published = EXCLUDED.published, updated_at = now()`);
      return;
    case 'deleteCluster':
      if (w.hard) await db.execute(sql`DELETE FROM brand_awards WHERE cluster_id = ${clusterId(w.i)}`);
      await db.execute(
        w.hard
          ? sql`DELETE FROM clusters WHERE id = ${clusterId(w.i)}`
          : sql`UPDATE clusters SET deleted_at = now() WHERE id = ${clusterId(w.i)} AND deleted_at IS NULL`,
      );
      return;
    case 'restoreCluster':
      await db.execute(sql`UPDATE clusters SET deleted_at = NULL WHERE id = ${clusterId(w.i)} AND deleted_at IS NOT NULL`);
      return;
    case 'renameOrg':
      await db.execute(sql`UPDATE organisations SET name = ${w.name} WHERE id = ${orgId(w.j)}`);
      return;
    case 'publishOrg':
      await db.execute(sql`UPDATE organisations SET published = ${w.published} WHERE id = ${orgId(w.j)}`);
      return;
    case 'consent':
      await db.execute(sql`UPDATE organisations SET contacts = ${JSON.stringify(consent(w.given))}::jsonb WHERE id = ${orgId(w.j)}`);
      return;
    case 'deleteOrg':
      await db.execute(sql`UPDATE organisations SET deleted_at = ${w.deleted ? sql`now()` : sql`NULL`} WHERE id = ${orgId(w.j)}`);
      return;
    case 'member':
      await db.execute(
        w.role === null
          ? sql`DELETE FROM memberships WHERE cluster_id = ${clusterId(w.i)} AND organisation_id = ${orgId(w.j)}`
          : sql`INSERT INTO memberships (cluster_id, organisation_id, role) SELECT ${clusterId(w.i)}, ${orgId(w.j)}, ${w.role}
                  WHERE EXISTS (SELECT 1 FROM clusters WHERE id = ${clusterId(w.i)})
                ON CONFLICT (cluster_id, organisation_id) DO UPDATE SET role = EXCLUDED.role`,
      );
      return;
    case 'placeCluster':
      await db.execute(
        sql`UPDATE clusters SET latitude = ${w.at?.[0] ?? null}, longitude = ${w.at?.[1] ?? null} WHERE id = ${clusterId(w.i)}`,
      );
      return;
    case 'moveOrg':
      await db.execute(sql`UPDATE organisations SET city = ${w.city} WHERE id = ${orgId(w.j)}`);
      return;
    case 'award':
      await db.execute(
        w.validUntil === null
          ? sql`UPDATE brand_awards SET state = 'revoked' WHERE cluster_id = ${clusterId(w.i)}`
          : sql`INSERT INTO brand_awards (certificate_number, cluster_id, valid_from, valid_until, state)
                  SELECT gen_random_uuid()::text, ${clusterId(w.i)}, '2025-01-01', ${w.validUntil}::date, 'active' WHERE EXISTS (SELECT 1 FROM clusters WHERE id = ${clusterId(w.i)})`,
      );
      return;
  }
}

const ORDERS: Locale[][] = [['pl'], ['pl', 'en'], ['de'], ['en', 'pl']];

// The list, filtered or not, and searched: by name, with diacritics left out, with a typo.
const FILTERS: Record<string, string>[] = [{}, { country: 'PL' }, { q: 'klaster' }, { country: 'PL', q: 'zwiazek' }, { q: 'Netzwrk' }];

/**
 * Every answer against the tables'; an ETag made from the stored ETags (not from the bytes sent)
 * must still never name two different bodies of one URL, or a portal would get 304 for an answer
 * that changed.
 */
const compare = compareWithTables((url) => get(url));

/** Every answer of the read model against the tables' answer, as bytes. */
async function compareAll() {
  const oracle = createPublicService(t.database.db, { clock: t.clock });
  for (const order of ORDERS) {
    const lang = order.join(',');
    const full = languageOrder(order);
    for (const filter of FILTERS) {
      const list = ({ lang: _lang, limit, ...query }: Record<string, string>) =>
        oracle.list({ ...query, limit: Number(limit) }, full, BASE);
      await compare.pages('/clusters', { lang, ...filter }, list, PublicClusterPageSchema);
    }
    for (let i = 0; i < CLUSTERS; i++) {
      const detail = () => oracle.detail(slugOf(i), full, BASE);
      await compare.detail(`/clusters/${slugOf(i)}?lang=${lang}`, detail, PublicClusterDetailSchema);
    }
  }
}

/** Each run starts from published clusters with members (org j in clusters j and j+1), so that most writes change a document. */
async function reset() {
  const db = t.database.db;
  clock.at = TEST_NOW;
  for (const table of ['brand_awards', 'memberships', 'clusters', 'organisations']) await db.execute(sql.raw(`DELETE FROM ${table}`));
  for (let j = 0; j < ORGS; j++) {
    await db.execute(sql`INSERT INTO organisations (id, name, type, country, published, contacts)
      VALUES (${orgId(j)}, ${`Org ${j}`}, 'sme', ${j % 2 ? 'PL' : 'DE'}, true, ${JSON.stringify(consent(true))}::jsonb)`);
  }
  for (let i = 0; i < CLUSTERS; i++) {
    await apply({
      op: 'upsertCluster',
      i,
      name: { de: `Netz ${i}`, en: `Network ${i}` },
      countries: i % 2 ? ['PL'] : ['DE', 'PL'],
      published: true,
    });
    await apply({ op: 'member', i, j: i, role: 'coordinator' });
    await apply({ op: 'member', i, j: (i + 1) % ORGS, role: 'member' });
  }
}

describe('the read model', () => {
  it('sends the stored bytes as they are: validated when built, not again on every read', async () => {
    const cluster = await ok<{ id: string; slug: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/clusters',
        payload: { kind: 'cluster', name: { pl: 'Klaster Bajtów' }, regions: ['PL431'], partner: 'LOP', published: true },
      }),
      201,
    );
    expect((await get(`/clusters/${cluster.slug}?lang=pl`)).statusCode).toBe(200);
    // Bytes the response schema would refuse (no name, no slug): only a read that skips the serializer sends them.
    await t.database.db.execute(
      sql`UPDATE public_documents SET detail = ARRAY['{"stored":"', '"}'] WHERE record_id = ${cluster.id} AND lang = 'pl'`,
    );
    const res = await get(`/clusters/${cluster.slug}?lang=pl`);
    expect([res.statusCode, res.headers['content-type'], res.body]).toEqual([
      200,
      'application/json; charset=utf-8',
      `{"stored":"${BASE}"}`,
    ]);
  });

  it('answers what the tables answer after any sequence of writes', async () => {
    expect(todayOn(t.clock)()).toBe(TEST_TODAY);
    await assertReadModel({
      writes,
      reset,
      apply,
      compareAll,
      maxLength: 14,
      // Sequences that random runs reach rarely: a brand that lapses overnight, a withdrawn consent after a read.
      examples: [
        [
          [
            [{ op: 'award', i: 0, validUntil: '2026-06-03' }, true],
            [{ op: 'day', now: '2026-06-04T08:00:00Z' }, true],
          ],
        ],
        [
          [
            [{ op: 'consent', j: 1, given: false }, true],
            [{ op: 'renameOrg', j: 1, name: 'Über AG' }, true],
          ],
        ],
      ],
    });
  }, 600_000);
});

describe('building all documents', () => {
  it('builds every waiting document of a directory larger than a batch, and those whose brand fell due by the calendar', async () => {
    // 250 published clusters written in SQL (as an import would): 750 documents wait, more than one batch.
    await queryRows(
      t.database.db,
      sql`INSERT INTO clusters (slug, kind, status, name, regions, countries, partner, published)
          SELECT 'stapel-' || n, 'cluster', 'established', jsonb_build_object('de', 'Stapel ' || n), '{DE403}', '{DE}', 'BIC', true
            FROM generate_series(1, 250) AS n`,
    );
    const documents = createPublicDocuments(t.database.db, todayOn(clock));
    const waiting = sql`SELECT count(*)::int AS n FROM public_documents d JOIN clusters c ON c.id = d.record_id
                          WHERE c.slug LIKE 'stapel-%' AND d.item IS NULL`;
    expect((await queryRows<{ n: number }>(t.database.db, waiting))[0]!.n).toBe(750);

    expect(await documents.build()).toBeGreaterThanOrEqual(750);
    expect((await queryRows<{ n: number }>(t.database.db, waiting))[0]!.n).toBe(0);

    // A built document whose stored brand no longer holds on today's date waits again, with no write.
    await queryRows(
      t.database.db,
      sql`UPDATE public_documents SET brand = true, brand_until = '2026-01-31'
            WHERE record_id = (SELECT id FROM clusters WHERE slug = 'stapel-7')`,
    );
    expect(await documents.build()).toBe(3);
    const stored = await queryRows<{ brand: boolean; brandUntil: string | null }>(
      t.database.db,
      sql`SELECT DISTINCT brand, brand_until::text AS "brandUntil" FROM public_documents
            WHERE record_id = (SELECT id FROM clusters WHERE slug = 'stapel-7')`,
    );
    expect(stored).toEqual([{ brand: false, brandUntil: null }]);
  });
});
