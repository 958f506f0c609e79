import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConsultingRequestDetail, Match, Problem, Profile, PublicOpportunity, PublicOpportunityPage } from '@euregionet/shared';
import {
  created,
  createTestAppWithAdmin,
  createTestAppWithPortal,
  inDays,
  json,
  ok,
  type Principal,
  type TestApp,
} from '../../test/app.js';
import { consentingContact } from '../../test/records.js';

let t: TestApp;
let admin: Principal;
let portal: Principal;
let forms: Principal;
const PORTAL_ORIGIN = 'https://portal.gubin.example.pl';

/** Organisation ids and profile ids by a short name. */
const org = {} as Record<'laser' | 'hidden' | 'visitor', string>;
const p = {} as Record<'laser' | 'software' | 'energy' | 'draft' | 'expired' | 'closed', string>;

async function organisation(name: string, body: Record<string, unknown>) {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/v1/organisations?confirmDistinct=true',
    payload: { name, type: 'sme', sectors: [], languages: [], ...body },
  });
  return (await ok<{ id: string }>(res, 201)).id;
}

async function profile(body: Record<string, unknown>): Promise<string> {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/v1/profiles',
    payload: { kind: 'offer', type: 'technology', partner: 'BIC', status: 'published', ...body },
  });
  return (await ok<Profile>(res, 201)).id;
}

const get = (url: string, headers: Record<string, string> = {}, as: Principal = portal) =>
  as.inject({ method: 'GET', url: `/api/v1/public${url}`, headers });

async function allIds(query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: PublicOpportunityPage = await ok(await get(`/opportunities?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`));
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const interest = {
  requesterName: 'Katarzyna Nowak',
  requesterEmail: 'k.nowak@odlew.example.pl',
  organisationName: 'Odlewnia Nowak',
  country: 'PL',
  language: 'pl',
  message: 'Szukamy partnera do cięcia laserowego w Brandenburgii.',
  consent: true,
  consentTextVersion: '2026-01',
};

beforeAll(async () => {
  ({ t, admin, portal } = await createTestAppWithPortal(
    ['public:read'],
    { rateLimitPerMinute: 100_000 },
    { allowedOrigins: [PORTAL_ORIGIN] },
  ));
  forms = await t.apiKey(['requests:create'], { rateLimitPerMinute: 100_000 });

  org.laser = await organisation('Odra Laser Sp. z o.o.', {
    country: 'PL',
    region: 'PL431',
    city: 'Gorzów Wielkopolski',
    website: 'https://odra-laser.example.pl',
    published: true,
    contacts: [consentingContact, { name: 'Jan Wiśniewski', phone: '+48 95 123 45 67' }],
  });
  org.hidden = await organisation('Lausitzer Softwarehaus GmbH', {
    country: 'DE',
    region: 'DE40G',
    city: 'Cottbus',
    website: 'https://lausitz-software.example.de',
    published: false,
    contacts: [
      {
        name: 'Uwe Richter',
        email: 'uwe@lausitz-software.example.de',
        publicationConsent: true,
        consentDate: '2021-03-01',
        consentSource: 'E-mail of 1.3.2021',
      },
    ],
  });
  org.visitor = await organisation('Gießerei Frankfurt (Oder) GmbH', { country: 'DE', city: 'Frankfurt (Oder)' });
  const cluster = await created(admin, '/api/v1/clusters', {
    kind: 'cluster',
    name: { de: 'Energiecluster Oder', pl: 'Klaster Energii Odra' },
    regions: ['DE40'],
    partner: 'BIC',
    published: true,
  });

  // Created one after another: the list shows the latest change first.
  p.laser = await profile({
    ownerKind: 'organisation',
    ownerId: org.laser,
    title: { pl: 'Cięcie laserowe blach', en: 'Laser cutting of sheet metal' },
    description: { en: 'Fibre lasers up to 20 mm steel.' },
    sectors: ['25'],
    ris3Areas: ['LB-INDUSTRY'],
    targetCountries: ['DE'],
    partner: 'LOP',
  });
  p.software = await profile({
    ownerKind: 'organisation',
    ownerId: org.hidden,
    kind: 'request',
    type: 'business',
    title: { de: 'Vertriebspartner für ERP-Software gesucht' },
    sectors: ['62'],
  });
  p.energy = await profile({
    ownerKind: 'cluster',
    ownerId: cluster.id,
    type: 'project_partner',
    title: { de: 'Projektpartner für Wasserstoff-Speicher', en: 'Project partners for hydrogen storage' },
    ris3Areas: ['BB-ENERGY'],
  });
  p.draft = await profile({ ownerKind: 'organisation', ownerId: org.laser, title: { pl: 'Szkic' }, status: 'draft' });
  p.expired = await profile({ ownerKind: 'organisation', ownerId: org.laser, title: { pl: 'Stare' }, validUntil: inDays(-1) });
  p.closed = await profile({ ownerKind: 'organisation', ownerId: org.laser, title: { pl: 'Zamknięte' }, status: 'closed' });
});
afterAll(() => t.close());

describe('public opportunities', () => {
  it('lists published, unexpired profiles only, the latest first, across pages', async () => {
    expect(await allIds('')).toEqual([p.energy, p.software, p.laser]);
  });

  it('shows an owner only when it is published, and only the contact persons who consented', async () => {
    const res = await get(`/opportunities/${p.laser}?lang=pl`);
    const laser = await ok<PublicOpportunity>(res);
    expect(laser.title).toEqual({ text: 'Cięcie laserowe blach', lang: 'pl' });
    expect(laser.owner).toEqual({
      kind: 'organisation',
      name: 'Odra Laser Sp. z o.o.',
      organisationType: 'sme',
      clusterSlug: null,
      countries: ['PL'],
      regions: ['PL431'],
      website: 'https://odra-laser.example.pl',
      contacts: [{ name: 'Ewa Zielińska', role: 'Prezes', email: 'ewa@odra-laser.example.pl', phone: null }],
    });
    expect(res.body).not.toContain('Wiśniewski');
    expect(res.body).not.toContain('"partner"');

    // An unpublished organisation's profile is anonymous: even a consenting contact stays out.
    const software = await get(`/opportunities/${p.software}`);
    expect(json<PublicOpportunity>(software).owner).toEqual({
      kind: 'organisation',
      name: null,
      organisationType: 'sme',
      clusterSlug: null,
      countries: ['DE'],
      regions: ['DE40G'],
      website: null,
      contacts: [],
    });
    expect(software.body).not.toMatch(/Lausitzer|Richter|lausitz-software/);

    const energy = await ok<PublicOpportunity>(await get(`/opportunities/${p.energy}?lang=pl`));
    expect(energy.owner).toMatchObject({
      kind: 'cluster',
      name: 'Klaster Energii Odra',
      clusterSlug: 'energiecluster-oder',
      countries: ['DE'],
    });
  });

  it('localises with the directory’s fallback and says which language each text is in', async () => {
    const res = await get(`/opportunities/${p.laser}`, { 'accept-language': 'de-DE,de;q=0.9' });
    expect(res.headers['content-language']).toBe('de');
    expect(String(res.headers.vary)).toMatch(/accept-language/i);
    // No German title: the default order de, pl, en gives the Polish one.
    expect(json<PublicOpportunity>(res).title).toEqual({ text: 'Cięcie laserowe blach', lang: 'pl' });
    const english = await ok<PublicOpportunity>(await get(`/opportunities/${p.laser}?lang=de,en`));
    expect(english.title).toEqual({ text: 'Laser cutting of sheet metal', lang: 'en' });
    expect(english.description).toEqual({ text: 'Fibre lasers up to 20 mm steel.', lang: 'en' });
  });

  it('filters by kind, type, sector, smart-specialisation area, country, region and target country', async () => {
    expect(await allIds('kind=request')).toEqual([p.software]);
    expect(await allIds('type=technology&type=project_partner')).toEqual([p.energy, p.laser]);
    expect(await allIds('sector=C')).toEqual([p.laser]);
    expect(await allIds('sector=J')).toEqual([p.software]);
    expect(await allIds('ris3=BB-ENERGY')).toEqual([p.energy]);
    expect(await allIds('country=DE')).toEqual([p.energy, p.software]);
    expect(await allIds('region=PL43')).toEqual([p.laser]);
    // The laser offer seeks partners in Germany only; the others name no country.
    expect(await allIds('targetCountry=PL')).toEqual([p.energy, p.software]);
    expect(await allIds('targetCountry=DE&country=PL')).toEqual([p.laser]);
  });

  it('answers 404 for a draft, an expired, a closed or an unknown profile, and a bad cursor with 400', async () => {
    for (const id of [p.draft, p.expired, p.closed, '00000000-0000-4000-8000-000000000000']) {
      const res = await get(`/opportunities/${id}`);
      expect({ id, status: res.statusCode, code: json<Problem>(res).code }).toEqual({ id, status: 404, code: 'OPPORTUNITY_NOT_FOUND' });
    }
    expect((await get('/opportunities?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
    expect((await get('/opportunities?type=everything')).statusCode).toBe(400);
  });

  it('answers 304 to If-None-Match until a profile changes', async () => {
    const first = await get('/opportunities');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"/);
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    expect((await get('/opportunities', { 'if-none-match': etag })).statusCode).toBe(304);

    const current = await admin.inject({ method: 'GET', url: `/api/v1/profiles/${p.software}` });
    const changed = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/profiles/${p.software}`,
      headers: { 'if-match': String(current.headers.etag) },
      payload: { keywords: ['ERP'] },
    });
    expect(changed.statusCode).toBe(200);
    const after = await get('/opportunities', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(json<PublicOpportunityPage>(after).items[0]!.keywords).toEqual(['ERP']);
  });

  it('needs a public:read key and keeps the answer from origins the key does not allow', async () => {
    expect((await get('/opportunities', {}, t.anonymous)).statusCode).toBe(401);
    expect((await get('/opportunities', {}, forms)).statusCode).toBe(403);
    expect((await get('/opportunities', {}, admin)).statusCode).toBe(403);
    const allowed = await get('/opportunities', { origin: PORTAL_ORIGIN });
    expect(allowed.headers['access-control-allow-origin']).toBe(PORTAL_ORIGIN);
    const other = await get('/opportunities', { origin: 'https://elsewhere.example.com' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('interest in an opportunity', () => {
  const post = (id: string, payload: Record<string, unknown>, as: Principal = forms) =>
    as.inject({ method: 'POST', url: `/api/v1/public/opportunities/${id}/interest`, payload });

  let requestId: string;

  it('becomes a partner-search request linked to the profile, for the partner that maintains it', async () => {
    const res = await post(p.laser, interest);
    const receipt = await ok<{ reference: string; status: string }>(res, 201);
    expect(receipt.reference).toMatch(/^EURN-2026-\d{5}$/);
    expect(receipt.status).toBe('received');

    const page = await ok<{ items: { id: string; reference: string }[] }>(
      await admin.inject({ method: 'GET', url: `/api/v1/consulting-requests?q=${receipt.reference}` }),
    );
    requestId = page.items[0]!.id;
    const request = await ok<ConsultingRequestDetail>(
      await admin.inject({ method: 'GET', url: `/api/v1/consulting-requests/${requestId}` }),
    );
    expect(request).toMatchObject({
      reference: receipt.reference,
      source: 'portal',
      topic: 'partner_search',
      profileId: p.laser,
      partner: 'LOP',
      requesterName: 'Katarzyna Nowak',
      requesterEmail: 'k.nowak@odlew.example.pl',
      consentTextVersion: '2026-01',
      status: 'new',
    });

    // The same submission again: the first request, not a second one.
    const again = await post(p.laser, interest);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json<{ reference: string }>(again).reference).toBe(receipt.reference);
  });

  it('is refused for an unpublished profile, without consent or its version, with a body over the cap, or without the scope', async () => {
    const draft = await post(p.draft, interest);
    expect([draft.statusCode, json<Problem>(draft).code]).toEqual([404, 'OPPORTUNITY_NOT_FOUND']);
    const { consent: _c, ...withoutConsent } = interest;
    expect((await post(p.laser, withoutConsent)).statusCode).toBe(400);
    const { consentTextVersion: _v, ...withoutVersion } = interest;
    expect((await post(p.laser, withoutVersion)).statusCode).toBe(400);
    expect((await post(p.laser, { ...interest, topic: 'funding' })).statusCode).toBe(400);
    expect((await post(p.laser, { ...interest, message: 'x'.repeat(40_000) })).statusCode).toBe(413);
    expect((await post(p.laser, interest, portal)).statusCode).toBe(403);
    expect((await post(p.laser, interest, admin)).statusCode).toBe(403);
  });

  it('limits submissions per client address', async () => {
    const limited = await createTestAppWithAdmin({
      rateLimitPerMinute: 100_000,
      consulting: { ...t.config.consulting, intakePerAddressPerHour: 2 },
    });
    try {
      const key = await limited.t.apiKey(['requests:create'], { rateLimitPerMinute: 100_000 });
      const owner = await ok<{ id: string }>(
        await limited.admin.inject({
          method: 'POST',
          url: '/api/v1/organisations?confirmDistinct=true',
          payload: { name: 'Metallbau Forst GmbH', type: 'sme', country: 'DE', sectors: [], languages: [] },
        }),
        201,
      );
      const offer = await ok<Profile>(
        await limited.admin.inject({
          method: 'POST',
          url: '/api/v1/profiles',
          payload: {
            kind: 'offer',
            type: 'business',
            ownerKind: 'organisation',
            ownerId: owner.id,
            title: { de: 'Schweißen' },
            partner: 'CIT',
            status: 'published',
          },
        }),
        201,
      );
      const statuses: number[] = [];
      for (const n of [1, 2, 3]) {
        const res = await key.inject({
          method: 'POST',
          url: `/api/v1/public/opportunities/${offer.id}/interest`,
          payload: { ...interest, requesterEmail: `person${n}@example.pl` },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(json<Problem>(res).code).toBe('RATE_LIMITED');
      }
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await limited.t.close();
    }
  });

  it('becomes a proposed match with one staff action, linked to the request', async () => {
    const propose = (id: string, payload: Record<string, unknown> = {}) =>
      admin.inject({ method: 'POST', url: `/api/v1/consulting-requests/${id}/proposed-match`, payload });

    // The visitor's organisation is not known yet: staff must say which one it is.
    const unknown = await propose(requestId);
    expect([unknown.statusCode, json<Problem>(unknown).code]).toEqual([409, 'REQUEST_WITHOUT_PARTY']);

    const res = await propose(requestId, { party: { kind: 'organisation', id: org.visitor } });
    const match = await ok<Match>(res, 201);
    expect(match.stage).toBe('proposed');
    expect(match.partner).toBe('LOP');
    expect(match.crossBorder).toBe(true);
    expect(match.parties.map((party) => [party.kind, party.id])).toEqual([
      ['organisation', org.visitor],
      ['profile', p.laser],
    ]);

    const request = await ok<ConsultingRequestDetail>(
      await admin.inject({ method: 'GET', url: `/api/v1/consulting-requests/${requestId}` }),
    );
    expect(request.matchIds).toEqual([match.id]);
    expect(request.timeline.map((e) => e.kind)).toEqual(['created', 'note']);

    // A request that is about no opportunity has no profile to match.
    const plain = await ok<{ id: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/consulting-requests',
        payload: { ...interest, requesterEmail: 'other@example.pl', topic: 'partner_search', organisationId: org.visitor },
      }),
      201,
    );
    const none = await propose(plain.id);
    expect([none.statusCode, json<Problem>(none).code]).toEqual([409, 'REQUEST_WITHOUT_OPPORTUNITY']);

    const viewer = await t.staff('viewer', 'LOP');
    const refused = await viewer.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${requestId}/proposed-match`,
      payload: { party: { kind: 'organisation', id: org.visitor } },
    });
    expect(refused.statusCode).toBe(403);
  });
});
