import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LightMyRequestResponse } from 'fastify';
import type { ClusterPage, PublicClusterDetail, PublicClusterPage, PublicFacets, PublicTaxonomy } from '@euregionet/shared';
import { DEMO_LOAD_TIMEOUT } from '../../demo/load.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { createTestAppWithPortal, withDemoDirectory, json, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
let portal: Principal;
const PORTAL_ORIGIN = 'https://portal.gorzow.example.pl';

beforeAll(async () => {
  const start = createTestAppWithPortal(['public:read'], { rateLimitPerMinute: 100_000 }, { allowedOrigins: [PORTAL_ORIGIN] });
  ({ t, admin, portal } = await withDemoDirectory(start));
}, DEMO_LOAD_TIMEOUT);
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}, as: Principal = portal) =>
  as.inject({ method: 'GET', url: `/api/v1/public${url}`, headers });

/** Every public answer the tests saw, to check them all against the allow-list at the end. */
const seen: { url: string; res: LightMyRequestResponse }[] = [];
async function read<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await get(url, headers);
  seen.push({ url, res });
  expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
  return json<T>(res);
}

async function allPages(query: string): Promise<PublicClusterPage['items']> {
  const items: PublicClusterPage['items'] = [];
  let cursor: string | null = null;
  do {
    const page: PublicClusterPage = await read(`/clusters?limit=4&${query}${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const slugs = (items: { slug: string }[]) => items.map((c) => c.slug);
const UNPUBLISHED = ['windkraft-uckermark', 'ikt-netzwerk-barnim-lausitz', 'holzbau-netzwerk-uckermark-lubuskie'];

describe('public clusters', () => {
  it('lists published clusters only, paged, in the name order of the language asked for', async () => {
    const polish = await allPages('lang=pl');
    expect(polish.length).toBe(15);
    for (const slug of UNPUBLISHED) expect(slugs(polish)).not.toContain(slug);
    const names = polish.map((c) => c.name.text.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'pl')));
    expect(polish.every((c) => c.name.lang === 'pl')).toBe(true);
  });

  it('localises by Accept-Language or ?lang=, falls back in order, and says which language each text is in', async () => {
    const res = await get('/clusters?limit=1', { 'accept-language': 'pl-PL,pl;q=0.9,de;q=0.5' });
    seen.push({ url: 'accept-language pl', res });
    expect(res.headers['content-language']).toBe('pl');
    expect(String(res.headers.vary)).toMatch(/accept-language/i);
    const page = json<PublicClusterPage>(res);
    expect(page.lang).toBe('pl');
    expect(page.items[0]!.name.lang).toBe('pl');
    // ?lang= wins over the header.
    expect((await read<PublicClusterPage>('/clusters?limit=1&lang=en', { 'accept-language': 'pl' })).items[0]!.name.lang).toBe('en');

    // A cluster named only in German: asked in Polish, its name comes in German, and says so.
    const created = await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: {
        kind: 'network',
        name: { de: 'Netzwerk Schienenfahrzeugbau Oder' },
        description: { en: 'Rail vehicle suppliers on the Oder.' },
        regions: ['DE403'],
        partner: 'BIC',
        published: true,
      },
    });
    expect(created.statusCode).toBe(201);
    const detail = await read<PublicClusterDetail>('/clusters/netzwerk-schienenfahrzeugbau-oder', { 'accept-language': 'pl' });
    expect(detail.name).toEqual({ text: 'Netzwerk Schienenfahrzeugbau Oder', lang: 'de' });
    expect(detail.description).toEqual({ text: 'Rail vehicle suppliers on the Oder.', lang: 'en' });
    // The fallback order can be given: Polish, then English.
    const ordered = await read<PublicClusterDetail>('/clusters/netzwerk-schienenfahrzeugbau-oder?lang=pl,en');
    expect(ordered.description?.lang).toBe('en');
    expect((await read<PublicClusterDetail>('/clusters/netzwerk-schienenfahrzeugbau-oder?lang=pl')).description?.lang).toBe('en');
  });

  it('searches in three languages with filters that combine, and counts facets that match the list', async () => {
    expect(slugs(await allPages('q=zielona%20gora'))).toContain('klaster-it-zielona-gora');
    expect(slugs(await allPages(`q=${encodeURIComponent('żywności')}`))[0]).toBe('lubuski-klaster-zywnosci');
    expect(slugs(await allPages('q=Kunstoffverarbeiter'))).toEqual(['kunststoffe-chemie-oder-neisse']);

    const brandInLubuskie = await allPages('brand=true&region=PL43');
    expect(brandInLubuskie.length).toBeGreaterThan(0);
    expect(brandInLubuskie.every((c) => c.brand && c.regions.some((r) => r.startsWith('PL43')))).toBe(true);

    for (const query of ['', 'q=energy', 'country=PL', 'sector=C&brand=true']) {
      const { total, facets } = await read<PublicFacets>(`/clusters/facets${query ? `?${query}` : ''}`);
      expect((await allPages(query)).length).toBe(total);
      for (const [facet, values] of Object.entries(facets)) {
        for (const { value, count } of values) {
          const params = new URLSearchParams(query);
          params.set(facet, value);
          const listed = await allPages(params.toString());
          expect({ query, facet, value, listed: listed.length }).toEqual({ query, facet, value, listed: count });
        }
      }
    }
    const lubuskie = (await read<PublicFacets>('/clusters/facets')).facets.region.find((r) => r.value === 'PL43');
    expect(lubuskie?.count).toBeGreaterThan(5);
  });

  it('shows a cluster by its slug with its published members and only the contacts who consented', async () => {
    const detail = await read<PublicClusterDetail>('/clusters/lubuski-klaster-metalowy?lang=de');
    expect(detail.name).toEqual({ text: 'Lebuser Metallcluster', lang: 'de' });
    const gorzow = detail.members.find((m) => m.name === 'Gorzowskie Zakłady Metalowe Sp. z o.o.')!;
    expect(gorzow.contacts).toEqual([
      { name: 'Anna Kowalska', role: 'Prezes zarządu', email: 'a.kowalska@gzm.example.pl', phone: '+48 95 720 00 00' },
    ]);
    expect(gorzow.competences).toEqual({ text: 'Roboterschweißen, Laserschneiden, CNC-Bearbeitung, Stahlbau.', lang: 'de' });
    expect(detail.makeUp.total).toBe(detail.memberCount);
    // An organisation that did not agree to be published counts in the make-up, but is not named.
    const kunststoff = await read<PublicClusterDetail>('/clusters/kunststoffe-chemie-oder-neisse');
    expect(kunststoff.members.map((m) => m.name)).not.toContain('Recykling Żary Sp. z o.o.');
    expect(kunststoff.makeUp.total).toBe(kunststoff.members.length + 1);
    for (const slug of UNPUBLISHED) {
      const res = await get(`/clusters/${slug}`);
      seen.push({ url: slug, res });
      expect(res.statusCode).toBe(404);
    }
  });

  it('serves the taxonomies with labels in the language asked for', async () => {
    const nace = await read<PublicTaxonomy>('/taxonomies/nace?lang=pl');
    expect(nace.terms).toHaveLength(21 + 88);
    expect(nace.terms.find((term) => term.code === '24')).toEqual({
      code: '24',
      level: 2,
      parent: 'C',
      country: null,
      label: { text: 'Produkcja metali', lang: 'pl' },
    });
    const regions = await read<PublicTaxonomy>('/taxonomies/regions', { 'accept-language': 'de' });
    expect(regions.terms.find((r) => r.code === 'PL43')?.label.text).toBe('Lebus (Lubuskie)');
    expect((await read<PublicTaxonomy>('/taxonomies/ris3?lang=en')).terms).toHaveLength(13);
  });
});

describe('caching', () => {
  it('answers with ETag and Cache-Control, 304 while nothing changed, and a new ETag after a change', async () => {
    const first = await get('/clusters/photonik-oder?lang=en');
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');

    const again = await get('/clusters/photonik-oder?lang=en', { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');

    // Another language is another answer.
    expect((await get('/clusters/photonik-oder?lang=de', { 'if-none-match': first.headers.etag as string })).statusCode).toBe(200);

    const list = await get('/clusters?lang=en');
    expect((await get('/clusters?lang=en', { 'if-none-match': `W/${list.headers.etag as string}, "other"` })).statusCode).toBe(304);

    const page = json<ClusterPage>(await admin.inject({ method: 'GET', url: '/api/v1/clusters?q=photonics' }));
    const id = page.items[0]!.id;
    const current = await admin.inject({ method: 'GET', url: `/api/v1/clusters/${id}` });
    await admin.inject({
      method: 'PATCH',
      url: `/api/v1/clusters/${id}`,
      headers: { 'if-match': current.headers.etag as string },
      payload: { website: 'https://photonik-oder.example.de' },
    });
    const changed = await get('/clusters/photonik-oder?lang=en', { 'if-none-match': first.headers.etag as string });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect((await get('/clusters?lang=en', { 'if-none-match': list.headers.etag as string })).statusCode).toBe(200);
  });

  it('gives a new ETag whenever the bytes change: for a fallback language and for another host too', async () => {
    const cluster = json<{ id: string; slug: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/clusters',
        payload: { kind: 'cluster', name: { pl: 'Klaster Etag' }, regions: ['PL431'], partner: 'LOP', published: true },
      }),
    );
    // A member described in Polish and English only: asked in German, its description falls back
    // to Polish (de, pl, en) or to English (de, en, pl), so a change of the English text changes
    // only the first answer.
    const db = t.database.db;
    const [org] = await queryRows<{ id: string }>(
      db,
      sql`INSERT INTO organisations (name, type, country, published, description)
          VALUES ('Etag Sp. z o.o.', 'sme', 'PL', true, ${JSON.stringify({ pl: 'Opis polski', en: 'English text' })}::jsonb) RETURNING id`,
    );
    await db.execute(sql`INSERT INTO memberships (cluster_id, organisation_id, role) VALUES (${cluster.id}, ${org!.id}, 'member')`);
    const urls = [`/clusters/${cluster.slug}?lang=de,en`, `/clusters/${cluster.slug}?lang=de`];
    const before = await Promise.all(urls.map((url) => get(url)));
    expect(before.map((res) => [res.statusCode, res.body.includes('English text')])).toEqual([
      [200, true],
      [200, false],
    ]);

    await db.execute(
      sql`UPDATE organisations SET description = ${JSON.stringify({ pl: 'Opis polski', en: 'New English text' })}::jsonb WHERE id = ${org!.id}`,
    );
    const after = await get(urls[0]!, { 'if-none-match': before[0]!.headers.etag as string });
    expect([after.statusCode, after.body.includes('New English text')]).toEqual([200, true]);

    // Badge URLs name the host the portal called: another host, other bytes, another ETag.
    for (const url of ['/clusters/lubuski-klaster-metalowy?lang=pl', '/clusters?lang=pl&brand=true']) {
      const here = await get(url);
      expect(here.body).toContain('/badge.svg');
      const elsewhere = await get(url, { host: 'api.other.example', 'if-none-match': here.headers.etag as string });
      expect([url, elsewhere.statusCode, elsewhere.body.includes('http://api.other.example/')]).toEqual([url, 200, true]);
    }
  });

  it('lets shared caches keep answers that are the same for every key, per key and language', async () => {
    const varies = (res: LightMyRequestResponse) =>
      String(res.headers.vary ?? '')
        .split(',')
        .map((v) => v.trim().toLowerCase())
        .sort();
    const shared = 'public, max-age=60, stale-while-revalidate=300';
    const cases: { url: string; headers: Record<string, string>; cc: string; vary: string[] }[] = [
      // The language from the URL: the URL is the cache key already.
      { url: '/clusters?lang=pl', headers: {}, cc: shared, vary: ['authorization', 'origin'] },
      { url: '/clusters/photonik-oder?lang=en', headers: {}, cc: shared, vary: ['authorization', 'origin'] },
      // The language from the header: the answer varies with it.
      { url: '/clusters', headers: { 'accept-language': 'pl' }, cc: shared, vary: ['accept-language', 'authorization', 'origin'] },
      {
        url: '/clusters/photonik-oder',
        headers: { 'accept-language': 'pl' },
        cc: shared,
        vary: ['accept-language', 'authorization', 'origin'],
      },
      { url: '/clusters/facets', headers: {}, cc: shared, vary: ['authorization', 'origin'] },
      {
        url: '/taxonomies/nace',
        headers: {},
        cc: 'public, max-age=86400, stale-while-revalidate=300',
        vary: ['accept-language', 'authorization', 'origin'],
      },
    ];
    for (const { url, headers, cc, vary } of cases) {
      const res = await get(url, headers);
      expect({ url, status: res.statusCode, cc: res.headers['cache-control'], vary: varies(res), etag: typeof res.headers.etag }).toEqual({
        url,
        status: 200,
        cc,
        vary,
        etag: 'string',
      });
    }
  });

  it('lets no cache keep errors or staff answers', async () => {
    const answers = [
      await get('/clusters/no-such-cluster'),
      await get('/clusters?limit=1000'),
      await get('/clusters', {}, t.anonymous),
      await admin.inject({ method: 'GET', url: '/api/v1/clusters?limit=1' }),
    ];
    expect(answers.map((res) => [res.statusCode, res.headers['cache-control'], res.headers.etag])).toEqual([
      [404, 'no-store', undefined],
      [400, 'no-store', undefined],
      [401, 'no-store', undefined],
      [200, 'no-store', undefined],
    ]);
  });
});

describe('access and CORS', () => {
  it('is for keys with public:read only', async () => {
    expect((await get('/clusters', {}, t.anonymous)).statusCode).toBe(401);
    expect((await get('/clusters', {}, await t.apiKey(['read']))).statusCode).toBe(403);
    expect((await get('/clusters', {}, admin)).statusCode).toBe(403);
  });

  it("lets a browser read answers only from the key's allowed origins", async () => {
    const allowed = await get('/clusters?limit=1', { origin: PORTAL_ORIGIN });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(PORTAL_ORIGIN);
    expect(String(allowed.headers['access-control-expose-headers'])).toMatch(/etag/i);

    const other = await get('/clusters?limit=1', { origin: 'https://evil.example.com' });
    expect(other.statusCode).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    // A key without allowed origins is for servers: no browser may read its answers.
    const serverKey = await t.apiKey(['public:read']);
    const fromBrowser = await get('/clusters?limit=1', { origin: PORTAL_ORIGIN }, serverKey);
    expect(fromBrowser.headers['access-control-allow-origin']).toBeUndefined();
    expect((await get('/clusters?limit=1', {}, serverKey)).statusCode).toBe(200);

    // The preflight cannot carry the key, so it is answered; the answer itself decides.
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/public/clusters',
      headers: { origin: PORTAL_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(PORTAL_ORIGIN);
  });
});

describe('joint-brand badge', () => {
  it('is an SVG for brand clusters, without a key, localised, embeddable and cacheable', async () => {
    const res = await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/clusters/lubuski-klaster-metalowy/badge.svg?lang=pl' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(res.body).toContain('Polsko-niemiecka marka klastrów');
    expect(res.body).toContain('Lubuski Klaster Metalowy');
    expect(res.body).not.toMatch(/<script|href=/);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    const again = await t.anonymous.inject({
      method: 'GET',
      url: '/api/v1/public/clusters/lubuski-klaster-metalowy/badge.svg?lang=pl',
      headers: { 'if-none-match': res.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);

    const german = await t.anonymous.inject({
      method: 'GET',
      url: '/api/v1/public/clusters/lubuski-klaster-metalowy/badge.svg',
      headers: { 'accept-language': 'de-DE' },
    });
    expect(german.body).toContain('Deutsch-polnische Clustermarke');
    expect(german.body).toContain('Lebuser Metallcluster');
  });

  it('exists only for published clusters with the brand', async () => {
    for (const slug of ['metall-netzwerk-ostbrandenburg', 'windkraft-uckermark', 'no-such-cluster']) {
      const res = await t.anonymous.inject({ method: 'GET', url: `/api/v1/public/clusters/${slug}/badge.svg` });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(json<{ code: string }>(res).code).toBe('BADGE_NOT_FOUND');
    }
  });
});

describe('soft-deleted clusters', () => {
  it('vanish from the list, facets, detail and badge at once, and come back when restored', async () => {
    const slug = 'tourismus-seenland-lubuskie';
    const before = await read<PublicFacets>('/clusters/facets');
    const [cluster] = json<ClusterPage>(await admin.inject({ method: 'GET', url: '/api/v1/clusters?q=Seenland' })).items;
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/clusters/${cluster!.id}` })).statusCode).toBe(204);

    expect(slugs(await allPages(''))).not.toContain(slug);
    expect((await read<PublicFacets>('/clusters/facets')).total).toBe(before.total - 1);
    expect((await get(`/clusters/${slug}`)).statusCode).toBe(404);
    expect((await t.anonymous.inject({ method: 'GET', url: `/api/v1/public/clusters/${slug}/badge.svg` })).statusCode).toBe(404);

    expect((await admin.inject({ method: 'POST', url: `/api/v1/clusters/${cluster!.id}/restore` })).statusCode).toBe(200);
    expect(slugs(await allPages(''))).toContain(slug);
  });
});

/** Every key a portal may see, per answer kind; `[]` marks the elements of an array. */
const CLUSTER = [
  'slug',
  'kind',
  'status',
  'crossBorder',
  'brand',
  'name',
  'name.text',
  'name.lang',
  'description',
  'description.text',
  'description.lang',
  'regions',
  'regions[]',
  'countries',
  'countries[]',
  'sectors',
  'sectors[]',
  'ris3Areas',
  'ris3Areas[]',
  'website',
  'foundedYear',
  'memberCount',
  'badgeUrl',
  'logoUrl',
  // Where the cluster management sits, or its coordinator's town: public, as on the map.
  'location',
  'location.lat',
  'location.lng',
  'location.source',
  'updatedAt',
];
const MAKE_UP = ['total', 'byType', 'byType[]', 'byCountry', 'byCountry[]'].concat([
  'byType[].type',
  'byType[].count',
  'byType[].share',
  'byCountry[].country',
  'byCountry[].count',
  'byCountry[].share',
  'byCountry[].byType',
  'byCountry[].byType[]',
  'byCountry[].byType[].type',
  'byCountry[].byType[].count',
  'byCountry[].byType[].share',
]);
const MEMBER = [
  'logoUrl',
  'name',
  'type',
  'role',
  'since',
  'country',
  'region',
  'city',
  'website',
  'sectors',
  'sectors[]',
  'languages',
  'languages[]',
  'description',
  'description.text',
  'description.lang',
  'competences',
  'competences.text',
  'competences.lang',
  'contacts',
  'contacts[]',
  'contacts[].name',
  'contacts[].role',
  'contacts[].email',
  'contacts[].phone',
];
const FACET_VALUES = ['country', 'region', 'sector', 'ris3', 'kind', 'crossBorder', 'brand'].flatMap((f) => [
  `facets.${f}`,
  `facets.${f}[]`,
  `facets.${f}[].value`,
  `facets.${f}[].count`,
]);
const ALLOWED: Record<string, string[]> = {
  list: ['lang', 'nextCursor', 'items', 'items[]', ...CLUSTER.map((k) => `items[].${k}`)],
  detail: [...CLUSTER, 'members', 'members[]', ...MEMBER.map((k) => `members[].${k}`), 'makeUp', ...MAKE_UP.map((k) => `makeUp.${k}`)],
  facets: ['total', 'facets', ...FACET_VALUES],
  taxonomy: [
    'taxonomy',
    'source',
    'lang',
    'terms',
    'terms[]',
    ...['code', 'level', 'parent', 'country', 'label', 'label.text', 'label.lang'].map((k) => `terms[].${k}`),
  ],
  problem: [
    'type',
    'title',
    'status',
    'code',
    'detail',
    'instance',
    'requestId',
    'errors',
    'errors[]',
    'errors[].pointer',
    'errors[].code',
    'errors[].message',
  ],
};

function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v) => keyPaths(v, `${prefix}[]`))].filter(Boolean);
  if (value && typeof value === 'object') {
    return [...(prefix ? [prefix] : []), ...Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k))];
  }
  return prefix ? [prefix] : [];
}

const kindOf = (url: string, status: number) =>
  status >= 400
    ? 'problem'
    : url.includes('/facets')
      ? 'facets'
      : url.includes('/taxonomies/')
        ? 'taxonomy'
        : /\/clusters\/[a-z0-9-]+/.test(url)
          ? 'detail'
          : 'list';

describe('what portals never see', () => {
  it('every public answer of these tests holds only allow-listed keys, and nothing internal', async () => {
    // Every published cluster's detail, in every language, besides the answers above.
    for (const c of await allPages('')) {
      for (const lang of ['de', 'pl', 'en']) await read(`/clusters/${c.slug}?lang=${lang}`);
    }
    expect(seen.length).toBeGreaterThan(100);
    const internal = [
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, // record ids
      /Piotr Nowak/, // a contact person without consent
      /Interested in the 2020 internationalisation workshop/, // notes
      /5991234568|0000123456|HRB 4711/, // register numbers
      /Recykling Żary|Barnimer Softwarehaus/, // organisations that are not published
      /"partner"|"published"|"notes"|"version"|"deletedAt"|"nip"|"krs"|"contacts":\[\{[^\]]*"publicationConsent"/,
      ...UNPUBLISHED.map((slug) => new RegExp(`"slug":"${slug}"`)),
    ];
    for (const { url, res } of seen) {
      if (res.statusCode === 304) continue;
      const kind = kindOf(url, res.statusCode);
      const unexpected = keyPaths(json(res)).filter((path) => !ALLOWED[kind]!.includes(path));
      expect({ url, kind, unexpected }).toEqual({ url, kind, unexpected: [] });
      // Problems carry the request's id (a UUID of the log, not of a record).
      for (const pattern of res.statusCode >= 400 ? internal.slice(1) : internal)
        expect({ url, leaks: pattern.test(res.body) ? String(pattern) : null }).toEqual({ url, leaks: null });
    }
  });
});
