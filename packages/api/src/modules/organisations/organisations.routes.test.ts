import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type {
  AuditPage,
  ClusterDetail,
  ClusterMember,
  ClusterPage,
  Organisation,
  OrganisationPage,
  Problem,
  SessionInfo,
} from '@euregionet/shared';
import { DEMO_LOAD_TIMEOUT } from '../../demo/load.js';
import { createTestAppWithAdmin, withDemoDirectory, json, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => ({ t, admin } = await withDemoDirectory(createTestAppWithAdmin())), DEMO_LOAD_TIMEOUT);
afterAll(() => t.close());

const list = async (query: string, as: Principal = admin) => {
  const res = await as.inject({ method: 'GET', url: `/api/v1/organisations?${query}` });
  expect(res.statusCode).toBe(200);
  return json<OrganisationPage>(res);
};
const names = (page: OrganisationPage) => page.items.map((o) => o.name);
const nameOf = async (p: Principal) => json<SessionInfo>(await p.inject({ method: 'GET', url: '/api/v1/auth/me' })).user.name;

const create = (body: Record<string, unknown>, query = '', as: Principal = admin) =>
  as.inject({ method: 'POST', url: `/api/v1/organisations${query}`, payload: body });

const newOrganisation = (overrides: Record<string, unknown> = {}) => ({
  name: 'Odra Laser Sp. z o.o.',
  type: 'sme',
  country: 'PL',
  region: 'PL431',
  city: 'Słubice',
  sizeClass: 'small',
  employees: 24,
  sectors: ['25', '28'],
  competences: { pl: 'Cięcie laserowe i spawanie', de: 'Laserschneiden und Schweißen' },
  languages: ['pl', 'de'],
  ...overrides,
});

async function clusterBySlug(slug: string): Promise<ClusterDetail> {
  const page = json<ClusterPage>(await admin.inject({ method: 'GET', url: `/api/v1/clusters?limit=100` }));
  const found = page.items.find((c) => c.slug === slug)!;
  return json<ClusterDetail>(await admin.inject({ method: 'GET', url: `/api/v1/clusters/${found.id}` }));
}

describe('organisations', () => {
  it('creates an organisation with all its fields and reads it back with an ETag', async () => {
    const res = await create(
      newOrganisation({
        nip: 'PL 441-672-11-04',
        krs: '4711',
        website: 'https://odra-laser.example.pl',
        foundedYear: 2011,
        description: { pl: 'Zakład obróbki blach', en: 'Sheet metal works' },
        needs: { pl: 'Odbiorcy w Brandenburgii' },
        contacts: [
          {
            name: 'Ewa Zielińska',
            role: 'Prezes',
            email: 'Ewa@Odra-Laser.example.pl',
            publicationConsent: true,
            consentDate: '2020-01-15',
            consentSource: 'Signed form, Gubin cluster day',
          },
          { name: 'Jan Wiśniewski', phone: '+48 95 123 45 67' },
        ],
        notes: 'Met at the Gubin cluster day',
      }),
    );
    expect(res.statusCode).toBe(201);
    const created = json<Organisation>(res);
    expect(created).toMatchObject({
      name: 'Odra Laser Sp. z o.o.',
      nip: '4416721104',
      krs: '0000004711',
      sizeClass: 'small',
      memberships: [],
      missingTranslations: ['de', 'en'],
    });
    expect(created.contacts[0]).toEqual({
      name: 'Ewa Zielińska',
      role: 'Prezes',
      email: 'ewa@odra-laser.example.pl',
      phone: null,
      publicationConsent: true,
      consentDate: '2020-01-15',
      consentSource: 'Signed form, Gubin cluster day',
      consentRecordedBy: await nameOf(admin),
      // Stamped by the app's clock, which tests fix at TEST_NOW (2026-06-03T08:00:00Z).
      consentRecordedAt: expect.stringMatching(/^2026-06-03T08:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(res.headers.location).toBe(`/api/v1/organisations/${created.id}`);
    const read = await admin.inject({ method: 'GET', url: `/api/v1/organisations/${created.id}` });
    expect(read.headers.etag).toBe('"v1"');
    expect(json<Organisation>(read).contacts).toHaveLength(2);
  });

  it('refuses a duplicate NIP, KRS or commercial register entry with a 409 that names the existing record', async () => {
    const gorzow = (await list('q=Gorzowskie')).items[0]!;
    for (const [body, reason] of [
      [{ nip: '599-123-45-68' }, 'nip'],
      [{ krs: '123456' }, 'krs'],
    ] as const) {
      const res = await create(newOrganisation({ name: `Another firm ${reason}`, ...body }));
      expect(res.statusCode).toBe(409);
      const problem = json<Problem>(res);
      expect(problem.code).toBe('ORGANISATION_DUPLICATE');
      expect(problem.existing).toEqual([
        { id: gorzow.id, name: 'Gorzowskie Zakłady Metalowe Sp. z o.o.', reason, href: `/api/v1/organisations/${gorzow.id}` },
      ]);
      expect(problem.detail).toContain('Gorzowskie Zakłady Metalowe Sp. z o.o.');
    }
    // The same court written differently is the same register entry.
    const schulz = await create(
      newOrganisation({
        name: 'Schulz Stahlbau',
        country: 'DE',
        region: 'DE409',
        city: 'Seelow',
        commercialRegister: { court: 'Amtsgericht Frankfurt/Oder', number: 'HRB4711' },
      }),
    );
    expect(schulz.statusCode).toBe(409);
    expect(json<Problem>(schulz).existing?.map((e) => [e.name, e.reason])).toEqual([['Metallbau Schulz GmbH', 'commercialRegister']]);
  });

  it('refuses a very similar name in the same city unless the caller confirms it is another organisation', async () => {
    const similar = await create(
      newOrganisation({ name: 'Metalbau Schulz', country: 'DE', region: 'DE409', city: 'Seelow', sizeClass: null, employees: null }),
    );
    expect(similar.statusCode).toBe(409);
    const problem = json<Problem>(similar);
    expect(problem.code).toBe('ORGANISATION_SIMILAR_EXISTS');
    expect(problem.existing?.map((e) => [e.name, e.reason])).toEqual([['Metallbau Schulz GmbH', 'similarName']]);

    // Elsewhere, the same name is a different firm.
    const elsewhere = await create(newOrganisation({ name: 'Metallbau Schulz GmbH', country: 'DE', region: 'DE40I', city: 'Prenzlau' }));
    expect(elsewhere.statusCode).toBe(201);
    // A different name in the same city is not a duplicate either.
    expect(
      (await create(newOrganisation({ name: 'Seelower Landtechnik GmbH', country: 'DE', region: 'DE409', city: 'Seelow' }))).statusCode,
    ).toBe(201);

    const confirmed = await create(
      newOrganisation({ name: 'Metalbau Schulz', country: 'DE', region: 'DE409', city: 'Seelow', sizeClass: null, employees: null }),
      '?confirmDistinct=true',
    );
    expect(confirmed.statusCode).toBe(201);
  });

  it('names every invalid field, including rules across fields, and stores nothing', async () => {
    const before = (await list('limit=100&q=Invalid')).items.length;
    const res = await create(
      newOrganisation({
        name: 'Invalid Org',
        type: 'large',
        sizeClass: 'small',
        nip: '5991234563',
        region: 'DE403',
        languages: ['german'],
      }),
    );
    expect(res.statusCode).toBe(400);
    const pointers = json<Problem>(res).errors?.map((e) => e.pointer) ?? [];
    expect(pointers).toEqual(expect.arrayContaining(['/body/nip', '/body/languages/0', '/body/region', '/body/sizeClass']));
    expect((await list('limit=100&q=Invalid')).items.length).toBe(before);
  });

  it('changes with If-Match, checks rules against the whole record, and refuses a register number in use', async () => {
    const id = json<Organisation>(await create(newOrganisation({ name: 'Warta Frez Sp. z o.o.', city: 'Gorzów Wielkopolski' }))).id;
    const url = `/api/v1/organisations/${id}`;
    expect((await admin.inject({ method: 'PATCH', url, payload: { employees: 30 } })).statusCode).toBe(428);

    const headcount = await admin.inject({ method: 'PATCH', url, headers: { 'if-match': '"v1"' }, payload: { employees: 80 } });
    expect(headcount.statusCode).toBe(400);
    expect(json<Problem>(headcount).errors).toEqual([
      expect.objectContaining({ pointer: '/body/sizeClass', code: 'size_class_headcount' }),
    ]);

    const taken = await admin.inject({ method: 'PATCH', url, headers: { 'if-match': '"v1"' }, payload: { nip: '5991234568' } });
    expect(taken.statusCode).toBe(409);
    expect(json<Problem>(taken).code).toBe('ORGANISATION_DUPLICATE');

    const ok = await admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"v1"' },
      payload: { employees: 80, sizeClass: 'medium' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"v2"');
    const stale = await admin.inject({ method: 'PATCH', url, headers: { 'if-match': '"v1"' }, payload: { employees: 81 } });
    expect(stale.statusCode).toBe(412);
  });

  it('lists with filters that combine, pages with the cursor, and marks missing translations', async () => {
    const smes = await list('type=sme&country=PL&limit=100');
    expect(smes.items.length).toBeGreaterThan(3);
    expect(smes.items.every((o) => o.type === 'sme' && o.country === 'PL')).toBe(true);
    const lubuskieMetal = await list('region=PL43&sector=C&limit=100');
    expect(names(lubuskieMetal)).toContain('Gorzowskie Zakłady Metalowe Sp. z o.o.');
    expect(lubuskieMetal.items.every((o) => o.region?.startsWith('PL43'))).toBe(true);

    const all = await list('limit=100');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: OrganisationPage = await list(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((o) => o.id));

    const lackingGerman = await list('missingTranslation=de&limit=100');
    expect(lackingGerman.items.every((o) => o.missingTranslations.includes('de'))).toBe(true);
    expect(names(lackingGerman)).toContain('Stal-Kostrzyn S.A.');
    expect(names(lackingGerman)).not.toContain('Uniwersytet Zielonogórski');
    expect((await list('q=Spawanie')).items.map((o) => o.name)).toContain('Gorzowskie Zakłady Metalowe Sp. z o.o.');
  });

  it('soft-deletes: gone from lists, member lists and counts at once; an administrator restores it', async () => {
    const cluster = await clusterBySlug('lubuski-klaster-metalowy');
    const stal = cluster.members.find((m) => m.name === 'Stal-Kostrzyn S.A.')!;
    const url = `/api/v1/organisations/${stal.organisationId}`;

    const viewer = await t.staff('viewer', 'LOP');
    const consultant = await t.staff('consultant', 'LOP');
    expect((await consultant.inject({ method: 'DELETE', url })).statusCode).toBe(403);
    expect((await admin.inject({ method: 'DELETE', url })).statusCode).toBe(204);

    expect((await admin.inject({ method: 'GET', url })).statusCode).toBe(404);
    expect(names(await list('q=Kostrzyn&limit=100'))).not.toContain('Stal-Kostrzyn S.A.');
    const after = await clusterBySlug('lubuski-klaster-metalowy');
    expect(after.members.map((m) => m.name)).not.toContain('Stal-Kostrzyn S.A.');
    expect(after.memberCount).toBe(cluster.memberCount - 1);
    expect(after.makeUp.total).toBe(cluster.makeUp.total - 1);

    // Deleted records are for administrators to find and restore.
    expect((await viewer.inject({ method: 'GET', url: '/api/v1/organisations?deleted=true' })).statusCode).toBe(403);
    expect(names(await list('deleted=true'))).toContain('Stal-Kostrzyn S.A.');
    expect((await consultant.inject({ method: 'POST', url: `${url}/restore` })).statusCode).toBe(403);
    const restored = await admin.inject({ method: 'POST', url: `${url}/restore` });
    expect(restored.statusCode).toBe(200);
    expect(json<Organisation>(restored).memberships.map((m) => m.slug)).toContain('lubuski-klaster-metalowy');
    expect((await clusterBySlug('lubuski-klaster-metalowy')).memberCount).toBe(cluster.memberCount);
  });

  it('refuses to restore an organisation whose register number another one took meanwhile', async () => {
    const first = json<Organisation>(
      await create(newOrganisation({ name: 'Lubuska Stal Nierdzewna', city: 'Sulęcin', nip: '6103499310' })),
    );
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/organisations/${first.id}` })).statusCode).toBe(204);
    const second = json<Organisation>(await create(newOrganisation({ name: 'Nierdzewka Sulęcin', city: 'Sulęcin', nip: '6103499310' })));
    const res = await admin.inject({ method: 'POST', url: `/api/v1/organisations/${first.id}/restore` });
    expect(res.statusCode).toBe(409);
    expect(json<Problem>(res).existing?.map((e) => e.id)).toEqual([second.id]);
  });
});

describe('publication consent of contact persons', () => {
  const gorzow = async () => {
    const id = (await list('q=Gorzowskie')).items[0]!.id;
    const res = await admin.inject({ method: 'GET', url: `/api/v1/organisations/${id}` });
    return { org: json<Organisation>(res), etag: res.headers.etag as string };
  };
  /** The contacts as the admin form sends them back: without who recorded a consent. */
  const sent = (o: Organisation) => o.contacts.map(({ consentRecordedBy: _by, consentRecordedAt: _at, ...c }) => c);
  const patch = (as: Principal, o: Organisation, etag: string, contacts: unknown[]) =>
    as.inject({ method: 'PATCH', url: `/api/v1/organisations/${o.id}`, headers: { 'if-match': etag }, payload: { contacts } });

  it('is recorded with its date and source, and stamped with who recorded it and when', async () => {
    const { org, etag } = await gorzow();
    expect(org.contacts.map((c) => [c.name, c.publicationConsent, c.consentSource, c.consentRecordedBy])).toEqual([
      // The demo's consent was recorded by the demo loader.
      ['Anna Kowalska', true, 'Formularz zgody podpisany na Dniu Klastra w Gubinie', 'system'],
      ['Piotr Nowak', false, null, null],
    ]);
    const [anna, piotr] = sent(org);
    const noSource = await patch(admin, org, etag, [anna, { ...piotr, publicationConsent: true, consentDate: '2026-02-10' }]);
    expect(noSource.statusCode).toBe(400);
    expect(json<Problem>(noSource).errors).toEqual([
      expect.objectContaining({ pointer: '/body/contacts/1/consentSource', code: 'consent_source_required' }),
    ]);

    const lop = await t.staff('consultant', 'LOP');
    const res = await patch(lop, org, etag, [
      anna,
      {
        ...piotr,
        publicationConsent: true,
        consentDate: '2026-02-10',
        consentSource: 'E-mail of 10 Feb 2026',
        consentRecordedBy: 'Somebody else',
      },
    ]);
    expect(res.statusCode).toBe(200);
    const after = json<Organisation>(res);
    expect(after.contacts[1]).toMatchObject({
      publicationConsent: true,
      consentDate: '2026-02-10',
      consentSource: 'E-mail of 10 Feb 2026',
      consentRecordedBy: await nameOf(lop),
    });
    expect(after.contacts[1]!.consentRecordedAt).toMatch(/^2026-06-03T08:\d\d:\d\d\.\d{3}Z$/);
    // Anna's consent was not touched: it keeps its record.
    expect(after.contacts[0]).toMatchObject({
      consentSource: 'Formularz zgody podpisany na Dniu Klastra w Gubinie',
      consentRecordedBy: 'system',
    });

    // Another change of the contacts keeps the record as it was.
    const coordinator = await t.staff('coordinator', 'BIC');
    const again = await patch(
      coordinator,
      after,
      res.headers.etag as string,
      sent(after).map((c) => ({ ...c, role: `${c.role ?? ''}!` })),
    );
    expect(json<Organisation>(again).contacts[1]).toMatchObject({
      consentRecordedBy: await nameOf(lop),
      consentRecordedAt: after.contacts[1]!.consentRecordedAt,
    });

    // The audit trail shows the consent without naming the person.
    const audit = json<AuditPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=organisation&entityId=${org.id}&actorId=${lop.id}` }),
    );
    expect(audit.items[0]!.changes).toMatchObject({ consents: { before: ['2019-03-12', null], after: ['2019-03-12', '2026-02-10'] } });
    expect(JSON.stringify(audit.items[0]!.changes)).not.toContain('Piotr');
  });

  it('is recorded only by coordinators, administrators and consultants of a partner that looks after the organisation', async () => {
    const { org, etag } = await gorzow();
    const [anna, piotr] = sent(org);
    const withdrawnPiotr = { ...piotr!, publicationConsent: false, consentDate: null, consentSource: null };
    const granted = { ...withdrawnPiotr, publicationConsent: true, consentDate: '2026-03-01', consentSource: 'Signed form' };
    // Gorzowskie Zakłady Metalowe belongs to clusters of LOP: a consultant of BIC may not publish its people.
    const bic = await t.staff('consultant', 'BIC');
    const refused = await patch(bic, org, etag, [anna, { ...granted, consentDate: '2026-03-02' }]);
    expect(refused.statusCode).toBe(403);
    expect(json<Problem>(refused).code).toBe('FORBIDDEN');
    expect((await gorzow()).org.contacts[1]).toMatchObject({ consentDate: org.contacts[1]!.consentDate });
    // Withdrawing makes nothing public: any editor may record it, and it is stamped too.
    const withdrawnAnna = { ...anna!, publicationConsent: false, consentDate: null, consentSource: null };
    const withdrawn = await patch(bic, org, etag, [withdrawnAnna, withdrawnPiotr]);
    expect(withdrawn.statusCode).toBe(200);
    expect(json<Organisation>(withdrawn).contacts[0]).toMatchObject({ publicationConsent: false, consentRecordedBy: await nameOf(bic) });
  });
});

describe('memberships', () => {
  it('are managed from the cluster side and show on both sides, with the make-up computed from them', async () => {
    const cluster = await clusterBySlug('odra-solar-netzwerk');
    const laser = json<Organisation>(
      await create(newOrganisation({ name: 'Słubicka Fotowoltaika', city: 'Słubice', sizeClass: 'micro', employees: 5 })),
    );
    const url = `/api/v1/clusters/${cluster.id}/members/${laser.id}`;

    const added = await admin.inject({ method: 'PUT', url, payload: { role: 'member', since: '2019-05-01' } });
    expect(added.statusCode).toBe(201);
    expect(json<ClusterMember>(added)).toMatchObject({
      name: 'Słubicka Fotowoltaika',
      type: 'sme',
      country: 'PL',
      role: 'member',
      since: '2019-05-01',
    });

    const changed = await admin.inject({ method: 'PUT', url, payload: { role: 'associated' } });
    expect(changed.statusCode).toBe(200);
    expect(json<ClusterMember>(changed)).toMatchObject({ role: 'associated', since: null });

    const org = json<Organisation>(await admin.inject({ method: 'GET', url: `/api/v1/organisations/${laser.id}` }));
    expect(org.memberships).toEqual([
      { clusterId: cluster.id, slug: 'odra-solar-netzwerk', name: cluster.name, partner: 'BIC', role: 'associated', since: null },
    ]);

    const after = await clusterBySlug('odra-solar-netzwerk');
    expect(after.memberCount).toBe(cluster.memberCount + 1);
    const makeUp = after.makeUp;
    expect(makeUp.total).toBe(after.members.length);
    const smes = after.members.filter((m) => m.type === 'sme').length;
    expect(makeUp.byType.find((b) => b.type === 'sme')).toEqual({
      type: 'sme',
      count: smes,
      share: Math.round((smes / after.members.length) * 1000) / 1000,
    });
    const polish = after.members.filter((m) => m.country === 'PL').length;
    expect(makeUp.byCountry.find((b) => b.country === 'PL')?.count).toBe(polish);
    expect(makeUp.byCountry.reduce((n, b) => n + b.count, 0)).toBe(after.members.length);

    expect((await admin.inject({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await admin.inject({ method: 'DELETE', url })).statusCode).toBe(404);
    expect((await clusterBySlug('odra-solar-netzwerk')).memberCount).toBe(cluster.memberCount);
  });

  it('may be changed by those who may change the cluster, and need existing records', async () => {
    const cluster = await clusterBySlug('odra-solar-netzwerk'); // supported by BIC
    const org = (await list('q=Viadrina')).items[0]!;
    const url = `/api/v1/clusters/${cluster.id}/members/${org.id}`;
    const otherPartner = await t.staff('consultant', 'LOP');
    const ownPartner = await t.staff('consultant', 'BIC');
    expect((await otherPartner.inject({ method: 'PUT', url, payload: { role: 'member' } })).statusCode).toBe(403);
    expect((await ownPartner.inject({ method: 'PUT', url, payload: { role: 'member' } })).statusCode).toBe(200);

    const unknown = await admin.inject({
      method: 'PUT',
      url: `/api/v1/clusters/${cluster.id}/members/00000000-0000-4000-8000-000000000000`,
      payload: { role: 'member' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(json<Problem>(unknown).code).toBe('ORGANISATION_NOT_FOUND');
    const badRole = await admin.inject({ method: 'PUT', url, payload: { role: 'owner' } });
    expect(badRole.statusCode).toBe(400);
  });
});
