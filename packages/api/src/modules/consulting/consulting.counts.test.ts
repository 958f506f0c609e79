import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { type ConsultingCounts, type ConsultingRequestPage, type PartnerCode } from '@euregionet/shared';
import { createTestApp, json, type Principal, type TestApp } from '../../test/app.js';
import { staffTakenRequest } from '../../test/consulting.js';

/**
 * The figures of the inbox are scoped like the inbox: a consultant counts their partner's
 * requests and those assigned to them; administrators and coordinators count all.
 */

let t: TestApp;
let admin: Principal;
let coordinator: Principal;
let lop: Principal;
let bic: Principal;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  coordinator = await t.staff('coordinator', 'CIT');
  lop = await t.staff('consultant', 'LOP');
  bic = await t.staff('consultant', 'BIC');

  const take = (partner: PartnerCode, n: number) => staffTakenRequest(t, partner, `${partner.toLowerCase()}.${n}`);
  const lop1 = await take('LOP', 1);
  await take('LOP', 2);
  await take('BIC', 3);
  const bicAssigned = await take('BIC', 4);
  const bicResolved = await take('BIC', 5);
  await take('CIT', 6);
  const db = t.database.db;
  // One of LOP's is past its due day; one of BIC's is with LOP's consultant (who took it over
  // before moving to LOP); one of BIC's is resolved.
  await db.execute(sql`UPDATE consulting_requests SET first_response_due_on = '2026-06-01' WHERE id = ${lop1}`);
  await db.execute(sql`UPDATE consulting_requests SET status = 'assigned', assignee_id = ${lop.id} WHERE id = ${bicAssigned}`);
  await db.execute(sql`UPDATE consulting_requests SET status = 'resolved', outcome = 'advice_given' WHERE id = ${bicResolved}`);
});
afterAll(() => t.close());

const counts = async (who: Principal) => {
  const res = await who.inject({ method: 'GET', url: '/api/v1/consulting-requests/counts' });
  expect(res.statusCode).toBe(200);
  return json<ConsultingCounts>(res);
};
const listed = async (who: Principal) =>
  json<ConsultingRequestPage>(await who.inject({ method: 'GET', url: '/api/v1/consulting-requests?limit=100' })).items.length;

describe('GET /consulting-requests/counts', () => {
  it('counts for a consultant only their partner’s requests and those assigned to them', async () => {
    expect(await counts(lop)).toEqual({ open: 3, overdue: 1, byStatus: { new: 2, assigned: 1 } });
    expect(await listed(lop)).toBe(3);
    expect(await counts(bic)).toEqual({ open: 2, overdue: 0, byStatus: { new: 1, assigned: 1, resolved: 1 } });
    expect(await listed(bic)).toBe(3);
  });

  it('counts every request for administrators and coordinators', async () => {
    const all = { open: 5, overdue: 1, byStatus: { new: 4, assigned: 1, resolved: 1 } };
    expect(await counts(admin)).toEqual(all);
    expect(await counts(coordinator)).toEqual(all);
  });
});
