import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Publication, ProjectIndicators } from '@euregionet/shared';
import { createTestApp, ok, type Principal, type TestApp } from '../../test/app.js';

// The test app's clock stands at 2026-06-03 (TEST_TODAY): publishing dates a publication that day.
let t: TestApp;
let bic: Principal;

async function publication(steps: string[]): Promise<Publication> {
  let p = await ok<Publication>(
    await bic.inject({
      method: 'POST',
      url: '/api/v1/publications',
      payload: { kind: 'news', title: { pl: 'Aktualność' }, partner: 'BIC' },
    }),
    201,
  );
  for (const to of steps) {
    p = await ok<Publication>(
      await bic.inject({
        method: 'POST',
        url: `/api/v1/publications/${p.id}/transitions`,
        headers: { 'if-match': `"v${p.version}"` },
        payload: { to },
      }),
    );
  }
  return p;
}

const figure = async (query: string) =>
  (await ok<ProjectIndicators>(await bic.inject({ method: 'GET', url: `/api/v1/indicators?${query}` }))).publications;

beforeAll(async () => {
  t = await createTestApp();
  bic = await t.staff('consultant', 'BIC');
  await publication([]); // a draft: not published
  await publication(['published']); // counts
  await publication(['published', 'archived']); // archived after publication: counts
  await publication(['published', 'draft']); // withdrawn: does not count
  const deleted = await publication(['published']);
  expect((await bic.inject({ method: 'DELETE', url: `/api/v1/publications/${deleted.id}` })).statusCode).toBe(204);
});
afterAll(async () => {
  await t?.close();
});

describe('the publications figure of the indicators', () => {
  it('counts publications published in the period that are still published or archived', async () => {
    expect(await figure('from=2026-06-03&to=2026-06-03')).toBe(2);
    expect(await figure('from=2026-01-01')).toBe(2);
    expect(await figure('')).toBe(2);
  });

  it('counts none in a period that ends before their day', async () => {
    expect(await figure('from=2026-01-01&to=2026-06-02')).toBe(0);
    expect(await figure('from=2026-06-04')).toBe(0);
  });

  it('is a line of the CSV export', async () => {
    const csv = await bic.inject({ method: 'GET', url: '/api/v1/indicators/export.csv?from=2026-06-01&to=2026-06-30&lang=de' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('figure,publications,Veröffentlichte Publikationen,2,,2026-06-01,2026-06-30');
  });
});
