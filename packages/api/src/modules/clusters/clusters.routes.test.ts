import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClusterDetail, ClusterPage, Problem } from '@euregionet/shared';
import { DEMO_LOAD_TIMEOUT } from '../../demo/load.js';
import { createTestAppWithAdmin, read, withDemoDirectory, json, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => ({ t, admin } = await withDemoDirectory(createTestAppWithAdmin())), DEMO_LOAD_TIMEOUT);
afterAll(() => t.close());

const list = (query: string) => read<ClusterPage>(admin, `/api/v1/clusters?${query}`);
const slugs = (page: ClusterPage) => page.items.map((c) => c.slug);

const newCluster = (overrides: Record<string, unknown> = {}) => ({
  kind: 'network',
  name: { de: 'Wasserstoff-Netzwerk Oder', pl: 'Sieć Wodorowa Odra', en: 'Oder Hydrogen Network' },
  description: { en: 'Hydrogen pilots along the Oder.' },
  regions: ['DE403', 'PL431'],
  sectors: ['35'],
  partner: 'BIC',
  crossBorder: true,
  ...overrides,
});

describe('GET /api/v1/clusters', () => {
  it('finds Polish names without diacritics and with them', async () => {
    expect(slugs(await list('q=zielona%20gora'))).toContain('klaster-it-zielona-gora');
    expect(slugs(await list(`q=${encodeURIComponent('Zielona Góra')}`))).toContain('klaster-it-zielona-gora');
    // Named "…Żywności…" ranks above a cluster that mentions "żywności" only in its description.
    expect(slugs(await list(`q=${encodeURIComponent('żywności')}`))).toEqual([
      'lubuski-klaster-zywnosci',
      'ernaehrungswirtschaft-oderland',
    ]);
    expect(slugs(await list('q=zywnosci'))).toEqual(['lubuski-klaster-zywnosci', 'ernaehrungswirtschaft-oderland']);
  });

  it('finds German words by their stem and English words in descriptions', async () => {
    expect(slugs(await list(`q=${encodeURIComponent('Kunststoffverarbeiter')}`))).toEqual(['kunststoffe-chemie-oder-neisse']);
    expect(slugs(await list('q=photonics'))).toEqual(['photonik-oder']);
    expect((await list('q=xylophonfabrik')).items).toEqual([]);
  });

  it('filters by country, region (a NUTS-2 region includes its NUTS-3 regions), sector, kind and cross-border', async () => {
    const polish = await list('country=PL&limit=100');
    expect(polish.items.length).toBeGreaterThan(0);
    expect(polish.items.every((c) => c.countries.includes('PL'))).toBe(true);

    const lubuskie = await list('region=PL43&limit=100');
    expect(lubuskie.items.map((c) => c.slug).sort()).toEqual(polish.items.map((c) => c.slug).sort());
    expect((await list('region=DE40I&limit=100')).items.every((c) => c.regions.includes('DE40I'))).toBe(true);

    // Section C (manufacturing) includes division 24 (basic metals).
    expect(slugs(await list('sector=C&limit=100'))).toContain('lubuski-klaster-metalowy');
    expect(slugs(await list('sector=24&limit=100'))).toContain('lubuski-klaster-metalowy');
    expect(slugs(await list('sector=86&limit=100'))).toEqual(['gesundheit-grenzenlos']);

    const networks = await list('kind=network&crossBorder=true&limit=100');
    expect(networks.items.length).toBeGreaterThan(0);
    expect(networks.items.every((c) => c.kind === 'network' && c.crossBorder)).toBe(true);
  });

  it('pages through every cluster once with the cursor, in name order', async () => {
    const all = await list('limit=100&lang=pl');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ClusterPage = await list(`limit=5&lang=pl${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...slugs(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(slugs(all));
    expect(new Set(seen).size).toBe(all.items.length);
    const names = all.items.map((c) => (c.name.pl ?? '').toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'pl')));
  });

  it('pages by relevance and by update time without losing rows', async () => {
    for (const query of ['q=cluster&sort=relevance', 'sort=-updatedAt']) {
      const all = slugs(await list(`${query}&limit=100`));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: ClusterPage = await list(`${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...slugs(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    }
  });

  it('rejects unknown parameters, bad values and forged cursors with the field named', async () => {
    for (const [query, pointer] of [
      ['limit=1000', '/query/limit'],
      ['country=FR', '/query/country'],
      ['region=PL99', '/query/region'],
      ['color=red', '/query'],
      ['cursor=not-a-cursor', '/query/cursor'],
      ['sort=relevance', '/query/sort'],
    ]) {
      const res = await admin.inject({ method: 'GET', url: `/api/v1/clusters?${query}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = json<Problem>(res);
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
    }
  });
});

describe('create, read, update, delete', () => {
  it('creates a cluster with a derived slug and countries, and reads it back with an ETag', async () => {
    const created = await admin.inject({ method: 'POST', url: '/api/v1/clusters', payload: newCluster() });
    expect(created.statusCode).toBe(201);
    const cluster = json<ClusterDetail>(created);
    expect(cluster.slug).toBe('wasserstoff-netzwerk-oder');
    expect(cluster.countries).toEqual(['DE', 'PL']);
    expect(created.headers.location).toBe(`/api/v1/clusters/${cluster.id}`);

    const read = await admin.inject({ method: 'GET', url: `/api/v1/clusters/${cluster.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"v1"');
    expect(json<ClusterDetail>(read).name.pl).toBe('Sieć Wodorowa Odra');

    const again = await admin.inject({ method: 'POST', url: '/api/v1/clusters', payload: newCluster() });
    expect(json<ClusterDetail>(again).slug).toBe('wasserstoff-netzwerk-oder-2');
  });

  it('lists every invalid field of a create with its JSON pointer, and stores nothing', async () => {
    const before = (await list('limit=100')).items.length;
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: newCluster({ name: {}, regions: ['XX1'], website: 'ftp://x', kind: 'club', extra: 1 }),
    });
    expect(res.statusCode).toBe(400);
    const pointers = json<Problem>(res).errors?.map((e) => e.pointer) ?? [];
    expect(pointers).toEqual(expect.arrayContaining(['/body/name', '/body/regions/0', '/body/website', '/body/kind']));
    expect((await list('limit=100')).items.length).toBe(before);
  });

  it('answers 409 SLUG_TAKEN for a slug in use', async () => {
    const res = await admin.inject({ method: 'POST', url: '/api/v1/clusters', payload: newCluster({ slug: 'photonik-oder' }) });
    expect(res.statusCode).toBe(409);
    expect(json<Problem>(res).code).toBe('SLUG_TAKEN');
  });

  it('needs If-Match to change, refuses a stale one, and overwrites nothing', async () => {
    const [cluster] = (await list('q=photonics')).items;
    const url = `/api/v1/clusters/${cluster!.id}`;
    const etag = (await admin.inject({ method: 'GET', url })).headers.etag as string;

    const without = await admin.inject({ method: 'PATCH', url, payload: { published: true } });
    expect(without.statusCode).toBe(428);
    expect(json<Problem>(without).code).toBe('PRECONDITION_REQUIRED');

    const ok = await admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': etag },
      payload: { name: { de: 'Photonik Oder', en: 'Oder Photonics' } },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).not.toBe(etag);
    expect(json<ClusterDetail>(ok).name).toEqual({ de: 'Photonik Oder', en: 'Oder Photonics' });

    const stale = await admin.inject({ method: 'PATCH', url, headers: { 'if-match': etag }, payload: { name: { en: 'Lost update' } } });
    expect(stale.statusCode).toBe(412);
    expect(json<Problem>(stale).code).toBe('PRECONDITION_FAILED');
    const after = json<ClusterDetail>(await admin.inject({ method: 'GET', url }));
    expect(after.name.en).toBe('Oder Photonics');
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    const [cluster] = (await list('q=logistics')).items;
    const url = `/api/v1/clusters/${cluster!.id}`;
    const etag = (await admin.inject({ method: 'GET', url })).headers.etag as string;
    const results = await Promise.all(
      ['A', 'B'].map((v) =>
        admin.inject({ method: 'PATCH', url, headers: { 'if-match': etag }, payload: { website: `https://${v}.example.eu` } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
  });

  it('deletes, then answers 404 CLUSTER_NOT_FOUND as problem+json', async () => {
    const created = json<ClusterDetail>(
      await admin.inject({ method: 'POST', url: '/api/v1/clusters', payload: newCluster({ slug: 'to-be-deleted' }) }),
    );
    const url = `/api/v1/clusters/${created.id}`;
    expect((await admin.inject({ method: 'DELETE', url })).statusCode).toBe(204);
    const gone = await admin.inject({ method: 'GET', url });
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(json<Problem>(gone).code).toBe('CLUSTER_NOT_FOUND');
    expect((await admin.inject({ method: 'DELETE', url })).statusCode).toBe(404);
  });
});

describe('soft delete and restore', () => {
  it('hides a deleted cluster from lists and search at once; only administrators list and restore it', async () => {
    const [cluster] = (await list('q=windkraft')).items;
    const url = `/api/v1/clusters/${cluster!.id}`;
    const coordinator = await t.staff('coordinator', 'LOP');
    expect((await coordinator.inject({ method: 'DELETE', url })).statusCode).toBe(204);
    expect(slugs(await list('limit=100'))).not.toContain('windkraft-uckermark');
    expect((await list('q=windkraft')).items).toEqual([]);

    expect((await coordinator.inject({ method: 'GET', url: '/api/v1/clusters?deleted=true' })).statusCode).toBe(403);
    expect((await coordinator.inject({ method: 'POST', url: `${url}/restore` })).statusCode).toBe(403);
    const deleted = await list('deleted=true');
    expect(slugs(deleted)).toContain('windkraft-uckermark');
    expect(deleted.items.every((c) => c.deletedAt !== null)).toBe(true);

    const restored = await admin.inject({ method: 'POST', url: `${url}/restore` });
    expect(restored.statusCode).toBe(200);
    expect(json<ClusterDetail>(restored)).toMatchObject({ slug: 'windkraft-uckermark', deletedAt: null });
    expect(json<ClusterDetail>(restored).members.length).toBe(cluster!.memberCount);
    expect(slugs(await list('q=windkraft'))).toEqual(['windkraft-uckermark']);
    const trail = json<{ items: { action: string }[] }>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=cluster&entityId=${cluster!.id}` }),
    );
    // The demo created it through the service too, so its creation is on the trail.
    expect(trail.items.map((e) => e.action)).toEqual(['restore', 'delete', 'create']);
  });
});

describe('brand, RIS3, publication and translations', () => {
  it('filters by the joint brand, smart-specialisation areas, publication and a missing language', async () => {
    const brand = await list('brand=true&limit=100');
    expect(brand.items.length).toBeGreaterThan(3);
    expect(brand.items.every((c) => c.brand)).toBe(true);
    const green = await list('ris3=LB-GREEN,BB-PLASTICS&limit=100');
    expect(green.items.every((c) => c.ris3Areas.some((a) => ['LB-GREEN', 'BB-PLASTICS'].includes(a)))).toBe(true);
    expect(slugs(green)).toContain('kunststoffe-chemie-oder-neisse');
    expect(slugs(await list('published=false&limit=100'))).toEqual(expect.arrayContaining(['ikt-netzwerk-barnim-lausitz']));

    const created = json<ClusterDetail>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/clusters',
        payload: newCluster({ slug: 'nur-deutsch', name: { de: 'Nur Deutsch' }, description: {} }),
      }),
    );
    expect(created.missingTranslations).toEqual(['de', 'pl', 'en']);
    const lackingPolish = await list('missingTranslation=pl&limit=100');
    expect(slugs(lackingPolish)).toContain('nur-deutsch');
    expect(lackingPolish.items.every((c) => c.missingTranslations.includes('pl'))).toBe(true);
    expect(slugs(await list('missingTranslation=any&limit=100'))).toContain('nur-deutsch');
  });
});
