import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOCALES, PARTNERS, type ClusterPage } from '@euregionet/shared';
import { createTestApp, json, type Principal, type TestApp } from '../test/app.js';
import { isDirectoryEmpty, loadDemoData, resetDemoData } from './seed.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

describe('demo data', () => {
  it('fills an empty directory with at least 16 clusters on both sides, named in three languages', async () => {
    expect(await isDirectoryEmpty(t.database.db)).toBe(true);
    await loadDemoData(t.database.db);
    const page = json<ClusterPage>(await admin.inject({ method: 'GET', url: '/api/v1/clusters?limit=100' }));
    expect(page.items.length).toBeGreaterThanOrEqual(16);
    for (const cluster of page.items) {
      for (const lang of LOCALES) expect(cluster.name[lang]).toBeTruthy();
      for (const lang of LOCALES) expect(cluster.description[lang]).toBeTruthy();
      expect(cluster.memberCount).toBeGreaterThanOrEqual(2);
    }
    expect(page.items.some((c) => c.countries.includes('DE'))).toBe(true);
    expect(page.items.some((c) => c.countries.includes('PL'))).toBe(true);
    expect(new Set(page.items.map((c) => c.partner))).toEqual(new Set(PARTNERS.map((p) => p.code)));
  });

  it('reloads to the same state, replacing changes', async () => {
    const before = json<ClusterPage>(await admin.inject({ method: 'GET', url: '/api/v1/clusters?limit=100' }));
    await admin.inject({ method: 'DELETE', url: `/api/v1/clusters/${before.items[0]!.id}` });
    await resetDemoData(t.database.db);
    const after = json<ClusterPage>(await admin.inject({ method: 'GET', url: '/api/v1/clusters?limit=100' }));
    expect(after.items.map((c) => c.slug)).toEqual(before.items.map((c) => c.slug));
  });
});
