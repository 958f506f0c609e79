import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import {
  PublicOpportunityListQuerySchema,
  PublicOpportunityPageSchema,
  PublicOpportunitySchema,
  languageOrder,
  type Locale,
} from '@euregionet/shared';
import {
  assertReadModel,
  compareWithTables,
  createPortalTestApp,
  movableClock,
  storedBytes,
  type PortalGet,
} from '../../test/read-model.js';
import { ok, TEST_NOW, type Principal, type TestApp } from '../../test/app.js';
import { consultingOptions } from '../consulting/consulting.service.js';
import { createOpportunityService } from './opportunities.service.js';

let t: TestApp;
let admin: Principal;
let get: PortalGet;

/** The app's day moves (forward and back): an opportunity expires with it, with no write. */
const clock = movableClock();

beforeAll(async () => ({ t, admin, get } = await createPortalTestApp(clock)));
afterAll(() => t.close());

const profileSql = (
  id: string,
  owner: { organisation?: string; cluster?: string },
  status = 'published',
  validUntil: string | null = null,
) =>
  sql`INSERT INTO cooperation_profiles (id, kind, type, organisation_id, cluster_id, title, valid_until, status, partner)
      VALUES (${id}, 'offer', 'research', ${owner.organisation ?? null}, ${owner.cluster ?? null}, '{"de":"Angebot","pl":"Oferta"}'::jsonb, ${validUntil}::date, ${status}, 'BIC')
      ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, valid_until = EXCLUDED.valid_until, updated_at = now()`;

describe('opportunities from the read model under GDPR', () => {
  it('forgets a withdrawn consent, an unpublished owner and a closed profile before the write is acknowledged', async () => {
    const contact = {
      name: 'Ewa Zielińska',
      email: 'ewa.zielinska@example.pl',
      publicationConsent: true,
      consentDate: '2026-01-10',
      consentSource: 'signed form',
    };
    const org = await ok<{ id: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        payload: {
          name: 'Oferta Sp. z o.o.',
          type: 'sme',
          country: 'PL',
          published: true,
          website: 'https://oferta.example.pl',
          contacts: [contact],
        },
      }),
      201,
    );
    const id = '00000000-0000-4000-8000-0000000aa001';
    await t.database.db.execute(profileSql(id, { organisation: org.id }));

    // Read once: the documents are built and hold the e-mail.
    expect((await get(`/opportunities/${id}?lang=pl`)).body).toContain('ewa.zielinska@example.pl');
    expect(await storedBytes(t.database.db, id)).toContain('ewa.zielinska@example.pl');

    const withdrawn = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${org.id}`,
      headers: { 'if-match': '"v1"' },
      payload: { contacts: [{ ...contact, publicationConsent: false }] },
    });
    expect(withdrawn.statusCode).toBe(200);
    // Acknowledged: no stored byte holds the address any more, before any read rebuilt anything.
    expect(await storedBytes(t.database.db, id)).not.toContain('ewa.zielinska@example.pl');
    expect((await get(`/opportunities/${id}?lang=pl`)).body).not.toContain('ewa.zielinska@example.pl');
    expect(await storedBytes(t.database.db, id)).toContain('Oferta Sp. z o.o.');

    const unpublished = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${org.id}`,
      headers: { 'if-match': '"v2"' },
      payload: { published: false },
    });
    expect(unpublished.statusCode).toBe(200);
    // The owner is anonymous from now on: neither its name nor its website stays stored.
    expect(await storedBytes(t.database.db, id)).not.toContain('Oferta Sp. z o.o.');
    expect((await get(`/opportunities/${id}?lang=pl`)).body).not.toContain('oferta.example.pl');

    await t.database.db.execute(sql`UPDATE cooperation_profiles SET status = 'closed' WHERE id = ${id}`);
    expect(await storedBytes(t.database.db, id)).toBe('');
    expect((await get(`/opportunities/${id}?lang=pl`)).statusCode).toBe(404);
  });
});

/*
 * The property: after any sequence of writes (made in SQL, as an import would make them) and
 * days passing, with reads in between that build documents, every public answer about
 * opportunities equals the answer computed from the tables by the service that served it before
 * the read model, serialized as the API does.
 */
const PROFILES = 3;
const profileId = (i: number) => `00000000-0000-4000-8000-0000000ab10${i}`;
const orgId = '00000000-0000-4000-8000-0000000ab201';
const clusterId = '00000000-0000-4000-8000-0000000ab301';
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
  | { op: 'profile'; i: number; owner: 'organisation' | 'cluster'; status: string; validUntil: string | null }
  | { op: 'deleteProfile'; i: number }
  | { op: 'org'; name: string; published: boolean; consent: boolean; deleted: boolean }
  | { op: 'cluster'; name: object; published: boolean }
  | { op: 'day'; now: string };

const writes: fc.Arbitrary<Write> = fc.oneof(
  fc.record({
    op: fc.constant('profile' as const),
    i: fc.nat(PROFILES - 1),
    owner: fc.constantFrom('organisation' as const, 'cluster' as const),
    status: fc.constantFrom('draft', 'published', 'closed'),
    validUntil: fc.constantFrom(null, '2026-06-02', '2026-06-03', '2026-07-01'),
  }),
  fc.record({ op: fc.constant('deleteProfile' as const), i: fc.nat(PROFILES - 1) }),
  fc.record({
    op: fc.constant('org' as const),
    name: fc.constantFrom('Łódź Tech', 'Alpha GmbH'),
    published: fc.boolean(),
    consent: fc.boolean(),
    deleted: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('cluster' as const),
    name: fc.constantFrom({ de: 'Oder Bund' }, { pl: 'Klaster Odry', en: 'Oder Cluster' }),
    published: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('day' as const),
    now: fc.constantFrom('2026-06-02T08:00:00Z', '2026-06-03T08:00:00Z', '2026-06-04T08:00:00Z'),
  }),
);

async function apply(w: Write) {
  const db = t.database.db;
  switch (w.op) {
    case 'day':
      clock.at = w.now;
      return;
    case 'profile':
      await db.execute(
        sql`DELETE FROM cooperation_profiles WHERE id = ${profileId(w.i)} AND (organisation_id IS NULL) = ${w.owner === 'organisation'}`,
      );
      await db.execute(
        profileSql(profileId(w.i), w.owner === 'organisation' ? { organisation: orgId } : { cluster: clusterId }, w.status, w.validUntil),
      );
      return;
    case 'deleteProfile':
      await db.execute(sql`DELETE FROM cooperation_profiles WHERE id = ${profileId(w.i)}`);
      return;
    case 'org':
      await db.execute(sql`UPDATE organisations SET name = ${w.name}, published = ${w.published}, contacts = ${JSON.stringify(consent(w.consent))}::jsonb,
        deleted_at = ${w.deleted ? sql`now()` : sql`NULL`} WHERE id = ${orgId}`);
      return;
    case 'cluster':
      await db.execute(
        sql`UPDATE clusters SET name = ${JSON.stringify(w.name)}::jsonb, published = ${w.published} WHERE id = ${clusterId}`,
      );
      return;
  }
}

const ORDERS: Locale[][] = [['pl'], ['de'], ['en', 'pl']];
const FILTERS: Record<string, string>[] = [{}, { country: 'PL' }];

const compare = compareWithTables((url) => get(url));

/** Every answer of the read model against the tables' answer, as bytes. */
async function compareAll() {
  const oracle = createOpportunityService(t.database.db, { clock, consulting: consultingOptions(t.config, clock) });
  const now = { now: clock.at };
  for (const order of ORDERS) {
    const lang = order.join(',');
    const full = languageOrder(order);
    for (const filter of FILTERS) {
      const list = (params: Record<string, string>) => oracle.list(PublicOpportunityListQuerySchema.parse(params), full);
      await compare.pages('/opportunities', { lang, ...filter }, list, PublicOpportunityPageSchema, now);
    }
    for (let i = 0; i < PROFILES; i++) {
      const detail = () => oracle.detail(profileId(i), full);
      await compare.detail(`/opportunities/${profileId(i)}?lang=${lang}`, detail, PublicOpportunitySchema, now);
    }
  }
}

/** Each run starts from published profiles of one organisation and one cluster. */
async function reset() {
  const db = t.database.db;
  clock.at = TEST_NOW;
  await db.execute(sql`DELETE FROM cooperation_profiles`);
  await db.execute(sql`DELETE FROM organisations WHERE id = ${orgId}`);
  await db.execute(sql`DELETE FROM clusters WHERE id = ${clusterId}`);
  await db.execute(sql`INSERT INTO organisations (id, name, type, country, website, published, contacts)
    VALUES (${orgId}, 'Org', 'sme', 'PL', 'https://org.example.pl', true, ${JSON.stringify(consent(true))}::jsonb)`);
  await db.execute(sql`INSERT INTO clusters (id, slug, kind, status, name, regions, countries, partner, published)
    VALUES (${clusterId}, 'opportunity-cluster', 'cluster', 'established', '{"de":"Netz"}'::jsonb, '{DE403}', '{DE}', 'BIC', true)`);
  for (let i = 0; i < PROFILES; i++)
    await apply({
      op: 'profile',
      i,
      owner: i % 2 ? 'cluster' : 'organisation',
      status: 'published',
      validUntil: i === 2 ? '2026-06-03' : null,
    });
}

describe('the opportunities read model', () => {
  it('answers what the tables answer after any sequence of writes and days', async () => {
    await assertReadModel({
      writes,
      reset,
      apply,
      compareAll,
      // After a read: the cluster renamed, the organisation's consent withdrawn, a profile expired overnight.
      examples: [
        [
          [
            [{ op: 'day', now: '2026-06-03T08:00:00Z' }, true],
            [{ op: 'cluster', name: { pl: 'Klaster Odry', en: 'Oder Cluster' }, published: true }, true],
            [{ op: 'org', name: 'Org', published: true, consent: false, deleted: false }, true],
            [{ op: 'day', now: '2026-06-04T08:00:00Z' }, true],
          ],
        ],
      ],
    });
  }, 600_000);
});
