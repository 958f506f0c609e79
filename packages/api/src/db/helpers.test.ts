import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { clustersTable } from '../modules/clusters/clusters.table.js';
import { createTestApp, inDays, json, ok, type TestApp } from '../test/app.js';
import { createTestRecords } from '../test/records.js';
import { newestFirst } from './cursor.js';
import { directoryOrder } from './search.js';
import { updateVersioned } from './versioned.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const versionOf = async (id: string) =>
  (await t.database.db.select({ version: clustersTable.version }).from(clustersTable).where(eq(clustersTable.id, id)))[0]!.version;

describe('updateVersioned', () => {
  it('changes a row only at the version read, and counts each change as a new version', async () => {
    const { id } = await (await createTestRecords(t, 'Helper')).cluster();
    const { db } = t.database;
    expect(await updateVersioned(db, clustersTable, id, 1, { crossBorder: true })).toBe(true);
    expect(await versionOf(id)).toBe(2);
    expect(await updateVersioned(db, clustersTable, id, 1, { crossBorder: false })).toBe(false);
    expect(await updateVersioned(db, clustersTable, id, null, { crossBorder: false })).toBe(true);
    expect(await versionOf(id)).toBe(3);
    const [row] = await db.select({ crossBorder: clustersTable.crossBorder }).from(clustersTable).where(eq(clustersTable.id, id));
    expect(row!.crossBorder).toBe(false);
  });
});

describe('the list orders', () => {
  const columns = { search: clustersTable.search, updatedAt: clustersTable.updatedAt, id: clustersTable.id };

  it('refuse relevance without a search text, and a cursor they did not make, with a 400', () => {
    const relevance = () =>
      directoryOrder({ sort: 'relevance', tsQuery: undefined, cursor: undefined, columns, nameKey: columns.id as never });
    expect(relevance).toThrow(AppError);
    expect(() => newestFirst(clustersTable.createdAt, clustersTable.id, 'not-a-cursor')).toThrow(AppError);
  });

  it('read back the cursor they write: the rows after it, and none without it', () => {
    const order = newestFirst(clustersTable.createdAt, clustersTable.id, undefined);
    expect(order.after).toBeUndefined();
    const cursor = order.cursorOf(1_780_000_000_000_000, '00000000-0000-4000-8000-000000000001');
    expect(newestFirst(clustersTable.createdAt, clustersTable.id, cursor).after).toBeDefined();
  });
});

describe('test helpers', () => {
  it('count days from the test apps’ today by hand', () => {
    expect([inDays(-3), inDays(0), inDays(30), inDays(212)]).toEqual(['2026-05-31', '2026-06-03', '2026-07-03', '2027-01-01']);
  });

  it('fail with the body when the status is not the expected one', async () => {
    await expect(ok({ statusCode: 404, body: '{"code":"X"}' })).rejects.toThrow('expected 200, got 404: {"code":"X"}');
    await expect(ok<{ a: number }>({ statusCode: 201, body: '{"a":1}' }, 201)).resolves.toEqual({ a: 1 });
  });

  it('make records of each kind through the services', async () => {
    const records = await createTestRecords(t, 'Helper');
    const membership = await records.membership();
    const cluster = await t.app.inject({ method: 'GET', url: `/api/v1/clusters/${membership.id}`, headers: (await t.admin()).headers });
    expect(json(cluster).members).toEqual([expect.objectContaining({ organisationId: membership.organisationId, role: 'member' })]);
    await expect(records.evaluation('submitted')).resolves.toMatch(/^[0-9a-f-]{36}$/);
  });
});
