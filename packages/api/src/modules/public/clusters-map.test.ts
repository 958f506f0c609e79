import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type {
  Cluster,
  Organisation,
  Problem,
  PublicClusterDetail,
  PublicClusterFeatureCollection,
  PublicClusterPage,
} from '@euregionet/shared';
import { createTestAppWithPortal, json, type Principal, type TestApp } from '../../test/app.js';

/**
 * Locations of clusters and organisations, and the map of published clusters portals read.
 * Expected points are written out by hand: the town centres are the GeoNames values of the
 * shipped table (Cottbus 51.75769 N 14.32888 E; Gorzów Wielkopolski 52.73679 N 15.22878 E).
 */
let t: TestApp;
let admin: Principal;
let portal: Principal;

beforeAll(async () => ({ t, admin, portal } = await createTestAppWithPortal(['public:read'], { rateLimitPerMinute: 100_000 })), 60_000);
afterAll(() => t.close());

async function organisation(payload: Record<string, unknown>): Promise<Organisation> {
  const res = await admin.inject({ method: 'POST', url: '/api/v1/organisations', payload: { type: 'sme', published: true, ...payload } });
  expect(res.statusCode).toBe(201);
  return json<Organisation>(res);
}

async function cluster(payload: Record<string, unknown>, coordinator?: Organisation): Promise<Cluster> {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/v1/clusters',
    payload: { kind: 'cluster', partner: 'BIC', published: true, ...payload },
  });
  expect(res.statusCode).toBe(201);
  const created = json<Cluster>(res);
  if (coordinator) {
    const member = await admin.inject({
      method: 'PUT',
      url: `/api/v1/clusters/${created.id}/members/${coordinator.id}`,
      payload: { role: 'coordinator' },
    });
    expect(member.statusCode).toBe(201);
  }
  return created;
}

const map = (query = '', headers: Record<string, string> = {}) =>
  portal.inject({ method: 'GET', url: `/api/v1/public/clusters.geojson${query}`, headers });

const points = (collection: PublicClusterFeatureCollection) =>
  Object.fromEntries(collection.features.map((f) => [f.id, [f.geometry.coordinates, f.properties.coordinatesSource, f.properties.city]]));

describe('locations', () => {
  let cottbus: Organisation;
  let gorzow: Organisation;

  beforeAll(async () => {
    cottbus = await organisation({ name: 'Lausitzer Metallbau GmbH', country: 'DE', city: 'Cottbus' });
    gorzow = await organisation({ name: 'Gorzowska Spółdzielnia Energetyczna', country: 'PL', city: 'Gorzów Wielkopolski' });
    const nowhere = await organisation({ name: 'Hofladen Irgendwo', country: 'DE', city: 'Irgendwo an der Spree' });
    // Own coordinates, given finer than stored: kept to 5 decimals.
    await cluster(
      {
        slug: 'oder-photonik',
        kind: 'network',
        name: { de: 'Oder-Photonik', pl: 'Fotonika Odry' },
        regions: ['DE403'],
        coordinates: { lat: 52.3471449, lng: 14.5506199 },
      },
      cottbus,
    );
    await cluster({ slug: 'lausitz-metall', name: { de: 'Metall Lausitz', en: 'Lusatia Metal' }, regions: ['DE402'] }, cottbus);
    await cluster({ slug: 'lubuska-energia', name: { pl: 'Lubuska Energia' }, regions: ['PL431'] }, gorzow);
    // Not on the map: unpublished; no coordinates and a town the table does not know; no coordinator at all.
    await cluster({
      slug: 'entwurf-cluster',
      name: { de: 'Entwurf' },
      regions: ['DE403'],
      published: false,
      coordinates: { lat: 52, lng: 14 },
    });
    await cluster({ slug: 'irgendwo-netz', name: { de: 'Irgendwo' }, regions: ['DE403'] }, nowhere);
    await cluster({ slug: 'ohne-koordinator', name: { de: 'Ohne Koordinator' }, regions: ['DE403'] });
  }, 60_000);

  it('answers a GeoJSON FeatureCollection of the published clusters it can place, longitude first', async () => {
    const res = await map('?lang=pl');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    const collection = json<PublicClusterFeatureCollection>(res);
    expect(collection.type).toBe('FeatureCollection');
    expect(points(collection)).toEqual({
      'oder-photonik': [[14.55062, 52.34714], 'own', null],
      'lausitz-metall': [[14.32888, 51.75769], 'municipality', 'Cottbus'],
      'lubuska-energia': [[15.22878, 52.73679], 'municipality', 'Gorzów Wielkopolski'],
    });
    const photonik = collection.features.find((f) => f.id === 'oder-photonik')!;
    expect(photonik).toEqual({
      type: 'Feature',
      id: 'oder-photonik',
      geometry: { type: 'Point', coordinates: [14.55062, 52.34714] },
      properties: {
        slug: 'oder-photonik',
        name: { text: 'Fotonika Odry', lang: 'pl' },
        kind: 'network',
        crossBorder: false,
        brand: false,
        city: null,
        coordinatesSource: 'own',
        link: 'http://localhost:80/api/v1/public/clusters/oder-photonik',
      },
    });
    // Localised with fallback, as the list: no Polish name, so the next in the order (German), marked so.
    expect(collection.features.find((f) => f.id === 'lausitz-metall')!.properties.name).toEqual({ text: 'Metall Lausitz', lang: 'de' });
  });

  it('takes the filters of the cluster list', async () => {
    expect(Object.keys(points(json(await map('?country=PL'))))).toEqual(['lubuska-energia']);
    expect(Object.keys(points(json(await map('?kind=network'))))).toEqual(['oder-photonik']);
    expect(Object.keys(points(json(await map('?region=DE40&lang=de'))))).toEqual(['lausitz-metall', 'oder-photonik']);
    expect(Object.keys(points(json(await map('?q=photonik'))))).toEqual(['oder-photonik']);
    const unknown = await map('?colour=red');
    expect(unknown.statusCode).toBe(400);
  });

  it('answers 304 to a portal that has the current answer, and a new ETag after a change', async () => {
    const first = await map('?lang=de');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"/);
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    expect((await map('?lang=de', { 'if-none-match': etag })).statusCode).toBe(304);

    const url = `/api/v1/clusters/${(await byslug('lausitz-metall')).id}`;
    const current = await admin.inject({ method: 'GET', url });
    const moved = await admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': current.headers.etag as string },
      payload: { coordinates: { lat: 51.76, lng: 14.33 } },
    });
    expect(moved.statusCode).toBe(200);
    expect(json<Cluster>(moved)).toMatchObject({
      coordinates: { lat: 51.76, lng: 14.33 },
      location: { lat: 51.76, lng: 14.33 },
      coordinatesSource: 'own',
    });
    const after = await map('?lang=de', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(points(json(after))['lausitz-metall']).toEqual([[14.33, 51.76], 'own', null]);
  });

  it('is for keys with public:read only', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/public/clusters.geojson' });
    expect(anonymous.statusCode).toBe(401);
    expect(json<Problem>(anonymous).code).toBeDefined();
  });

  it('gives staff the own coordinates, where the map puts the record, and why', async () => {
    const read = json<Organisation>(await admin.inject({ method: 'GET', url: `/api/v1/organisations/${gorzow.id}` }));
    expect(read).toMatchObject({ coordinates: null, location: { lat: 52.73679, lng: 15.22878 }, coordinatesSource: 'municipality' });
    const listed = json<{ items: Organisation[] }>(await admin.inject({ method: 'GET', url: '/api/v1/organisations?limit=100' }));
    const irgendwo = listed.items.find((o) => o.name === 'Hofladen Irgendwo')!;
    expect(irgendwo).toMatchObject({ coordinates: null, location: null, coordinatesSource: null });

    const url = `/api/v1/organisations/${gorzow.id}`;
    const etag = (await admin.inject({ method: 'GET', url })).headers.etag as string;
    const outside = await admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': etag },
      payload: { coordinates: { lat: 91, lng: 15 } },
    });
    expect(outside.statusCode).toBe(400);
    expect(json<Problem>(outside).code).toBe('VALIDATION_FAILED');
    const half = await admin.inject({ method: 'PATCH', url, headers: { 'if-match': etag }, payload: { coordinates: { lat: 52.7 } } });
    expect(half.statusCode).toBe(400);
    const own = await admin.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': etag },
      payload: { coordinates: { lat: 52.730001, lng: 15.240004 } },
    });
    expect(own.statusCode).toBe(200);
    expect(json<Organisation>(own)).toMatchObject({
      coordinates: { lat: 52.73, lng: 15.24 },
      location: { lat: 52.73, lng: 15.24 },
      coordinatesSource: 'own',
    });
    // Removing them brings the municipality back.
    const etag2 = own.headers.etag as string;
    const cleared = await admin.inject({ method: 'PATCH', url, headers: { 'if-match': etag2 }, payload: { coordinates: null } });
    expect(json<Organisation>(cleared)).toMatchObject({ coordinates: null, coordinatesSource: 'municipality' });
    // The change is audited with the coordinates.
    const audit = await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=organisation&entityId=${gorzow.id}` });
    expect(audit.body).toContain('52.73');
  });

  it('puts the location in the public list and detail too, and follows a move of the coordinator', async () => {
    const listed = json<PublicClusterPage>(await portal.inject({ method: 'GET', url: '/api/v1/public/clusters?limit=100' }));
    expect(Object.fromEntries(listed.items.map((c) => [c.slug, c.location]))).toEqual({
      'oder-photonik': { lat: 52.34714, lng: 14.55062, source: 'own' },
      // Set by staff in the test before.
      'lausitz-metall': { lat: 51.76, lng: 14.33, source: 'own' },
      'lubuska-energia': { lat: 52.73679, lng: 15.22878, source: 'municipality' },
      'irgendwo-netz': null,
      'ohne-koordinator': null,
    });
    const detail = (slug: string) => portal.inject({ method: 'GET', url: `/api/v1/public/clusters/${slug}` });
    const before = await detail('lubuska-energia');
    expect(json<PublicClusterDetail>(before).location).toEqual({ lat: 52.73679, lng: 15.22878, source: 'municipality' });

    // The coordinating member moves to Zielona Góra (51.93548 N 15.50643 E): the stored answer is built again.
    const url = `/api/v1/organisations/${gorzow.id}`;
    const etag = (await admin.inject({ method: 'GET', url })).headers.etag as string;
    const moved = await admin.inject({ method: 'PATCH', url, headers: { 'if-match': etag }, payload: { city: 'Zielona Góra' } });
    expect(moved.statusCode).toBe(200);
    const after = await detail('lubuska-energia');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(json<PublicClusterDetail>(after).location).toEqual({ lat: 51.93548, lng: 15.50643, source: 'municipality' });
  });
});

async function byslug(slug: string): Promise<Cluster> {
  const page = json<{ items: Cluster[] }>(await admin.inject({ method: 'GET', url: '/api/v1/clusters?limit=100' }));
  return page.items.find((c) => c.slug === slug)!;
}
