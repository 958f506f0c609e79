import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { type Home, type PartnerCode } from '@euregionet/shared';
import { created, createTestAppWithAdmin, ok, type Principal, type TestApp } from '../../test/app.js';
import { staffTakenRequest } from '../../test/consulting.js';
import { SYSTEM_CONTEXT } from '../auth/actor.js';
import { DEFAULT_FRAMEWORK_CODE } from '../evaluations/default-framework.js';
import { ensureDefaultFramework } from '../evaluations/frameworks.service.js';

/**
 * The home page shows each person the work the underlying lists would show them, most urgent
 * first. The test app stands on 2026-06-03.
 */

let t: TestApp;
let admin: Principal;
let coordinator: Principal;
let lop: Principal;
let bic: Principal;
let viewerBic: Principal;
let viewerLop: Principal;
/** Request ids by a name that says what the request is. */
const requests: Record<string, string> = {};
const evaluations: Record<string, string> = {};
const events: Record<string, string> = {};
let followedCluster: string;
let closingCall: string;

const home = async (who: Principal) => ok<Home>(await who.inject({ method: 'GET', url: '/api/v1/home' }));
const names = (ids: Record<string, string>, items: { id: string }[]) =>
  items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0] ?? `unknown ${i.id}`);

async function newCluster(name: string, partner: PartnerCode, extra: Record<string, unknown> = {}) {
  return (
    await created(admin, '/api/v1/clusters', {
      kind: 'cluster',
      name: { de: name },
      regions: ['DE403'],
      sectors: ['25'],
      partner,
      ...extra,
    })
  ).id;
}

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin({ rateLimitPerMinute: 100_000 }));
  coordinator = await t.staff('coordinator', 'CIT');
  lop = await t.staff('consultant', 'LOP');
  bic = await t.staff('consultant', 'BIC');
  viewerBic = await t.staff('viewer', 'BIC');
  viewerLop = await t.staff('viewer', 'LOP');
  const db = t.database.db;

  // Consulting requests: due days and states set directly, so that the expected order is plain.
  const take = async (name: string, partner: PartnerCode, set: { due: string; status?: string; assignee?: string; answered?: string }) => {
    const id = await staffTakenRequest(t, partner, name);
    requests[name] = id;
    await db.execute(sql`UPDATE consulting_requests SET first_response_due_on = ${set.due}::date WHERE id = ${id}`);
    if (set.assignee)
      await db.execute(sql`UPDATE consulting_requests SET status = 'assigned', assignee_id = ${set.assignee} WHERE id = ${id}`);
    if (set.status) await db.execute(sql`UPDATE consulting_requests SET status = ${set.status}, outcome = 'advice_given' WHERE id = ${id}`);
    if (set.answered)
      await db.execute(
        sql`UPDATE consulting_requests SET status = 'in_progress', first_responded_at = ${set.answered}::timestamptz WHERE id = ${id}`,
      );
  };
  await take('lop-overdue', 'LOP', { due: '2026-06-01', assignee: lop.id });
  await take('lop-unassigned', 'LOP', { due: '2026-06-10' });
  await take('lop-soon', 'LOP', { due: '2026-06-05', assignee: lop.id });
  await take('bic-with-lop', 'BIC', { due: '2026-06-08', assignee: lop.id });
  await take('bic-resolved', 'BIC', { due: '2026-06-02', status: 'resolved' });
  await take('bic-tomorrow', 'BIC', { due: '2026-06-04' });
  // Answered in time; its first-response day has passed since, which makes it neither overdue nor urgent.
  await take('lop-answered', 'LOP', { due: '2026-05-29', assignee: lop.id, answered: '2026-05-27T09:00:00Z' });

  // Evaluations: started through the API, moved along the workflow directly (scoring every
  // criterion of the default framework is another test's business).
  await ensureDefaultFramework(db, SYSTEM_CONTEXT);
  const frameworks = await ok<{ items: { id: string }[] }>(
    await admin.inject({ method: 'GET', url: `/api/v1/evaluation-frameworks?code=${DEFAULT_FRAMEWORK_CODE}` }),
  );
  const frameworkId = frameworks.items[0]!.id;
  const evaluate = async (name: string, as: Principal, status: string) => {
    const clusterId = await newCluster(`Cluster ${name}`, 'BIC');
    const { id } = await created(as, '/api/v1/evaluations', { clusterId, frameworkId });
    evaluations[name] = id;
    if (status !== 'draft') {
      await db.execute(
        sql`UPDATE evaluations SET status = ${status}, approved_at = ${status === 'approved' ? sql`now()` : null} WHERE id = ${id}`,
      );
    }
  };
  await evaluate('bic-draft', bic, 'draft');
  await evaluate('bic-submitted', bic, 'submitted');
  await evaluate('coordinator-submitted', coordinator, 'submitted');
  await evaluate('bic-returned', bic, 'returned');
  await evaluate('bic-approved', bic, 'approved');
  await evaluate('admin-draft', admin, 'draft');

  // Dialogue events around today.
  const event = async (name: string, date: string) => {
    events[name] = (
      await created(admin, '/api/v1/events', {
        title: { de: name },
        date,
        place: 'Gubin / Guben',
        languages: ['de', 'pl'],
        organisingPartner: 'ESNB',
        participantCount: 0,
      })
    ).id;
  };
  await event('last month', '2026-05-03');
  await event('in three weeks', '2026-06-24');
  await event('today', '2026-06-03');
  await event('next week', '2026-06-10');

  // A call closing in 10 days that fits a cluster LOP's consultant follows, and one closing in 90.
  const member = await created(admin, '/api/v1/organisations?confirmDistinct=true', {
    name: 'Metallbau Cottbus',
    type: 'sme',
    country: 'DE',
    region: 'DE402',
    city: 'Cottbus',
    sectors: ['25'],
  });
  followedCluster = await newCluster('Metall Lausitz', 'BIC');
  await ok(
    await admin.inject({ method: 'PUT', url: `/api/v1/clusters/${followedCluster}/members/${member.id}`, payload: { role: 'member' } }),
    201,
  );
  const call = async (slugWord: string, closesOn: string) =>
    (
      await created(admin, '/api/v1/funding-calls', {
        programme: 'interreg',
        programmeName: 'INTERREG VI A Brandenburg–Polska 2021–2027',
        title: { en: `Call ${slugWord}` },
        summary: { en: 'Joint projects across the Oder.' },
        regions: ['DE40', 'PL43'],
        sectors: ['25'],
        crossBorderConsortium: false,
        closesOn,
        partner: 'BIC',
        published: true,
      })
    ).id;
  closingCall = await call('soon', '2026-06-13');
  await call('later', '2026-09-01');
  expect((await lop.inject({ method: 'PUT', url: `/api/v1/followed-clusters/${followedCluster}` })).statusCode).toBe(201);
});
afterAll(() => t.close());

describe('GET /home: consulting requests', () => {
  it('shows a consultant the open requests assigned to them, overdue first, then by due day', async () => {
    const { consulting } = await home(lop);
    expect(consulting).toMatchObject({ scope: 'assigned', open: 4, overdue: 1 });
    expect(names(requests, consulting.items)).toEqual(['lop-overdue', 'lop-soon', 'bic-with-lop', 'lop-answered']);
    expect(consulting.items.map((r) => [r.firstResponseDueOn, r.overdue, r.firstRespondedAt, r.status])).toEqual([
      ['2026-06-01', true, null, 'assigned'],
      ['2026-06-05', false, null, 'assigned'],
      ['2026-06-08', false, null, 'assigned'],
      ['2026-05-29', false, '2026-05-27T09:00:00.000Z', 'in_progress'],
    ]);
  });

  it('shows administrators and coordinators every open request', async () => {
    for (const who of [admin, coordinator]) {
      const { consulting } = await home(who);
      expect(consulting).toMatchObject({ scope: 'all', open: 6, overdue: 1 });
      expect(names(requests, consulting.items)).toEqual([
        'lop-overdue',
        'bic-tomorrow',
        'lop-soon',
        'bic-with-lop',
        'lop-unassigned',
        'lop-answered',
      ]);
    }
  });

  it('shows a viewer only their own partner’s requests', async () => {
    const bicView = await home(viewerBic);
    expect(bicView.consulting).toMatchObject({ scope: 'partner', open: 2, overdue: 0 });
    expect(names(requests, bicView.consulting.items)).toEqual(['bic-tomorrow', 'bic-with-lop']);
    const lopView = await home(viewerLop);
    expect(names(requests, lopView.consulting.items)).toEqual(['lop-overdue', 'lop-soon', 'lop-unassigned', 'lop-answered']);
  });
});

describe('GET /home: evaluations', () => {
  it('gives a consultant their drafts and returned evaluations, and nothing to review', async () => {
    const { evaluations: e } = await home(bic);
    expect(names(evaluations, e.toReview)).toEqual([]);
    expect(names(evaluations, e.drafts)).toEqual(['bic-returned', 'bic-draft']);
  });

  it('gives a coordinator the submitted evaluations they did not write, oldest first', async () => {
    expect(names(evaluations, (await home(coordinator)).evaluations.toReview)).toEqual(['bic-submitted']);
    const forAdmin = (await home(admin)).evaluations;
    expect(names(evaluations, forAdmin.toReview)).toEqual(['bic-submitted', 'coordinator-submitted']);
    expect(names(evaluations, forAdmin.drafts)).toEqual(['admin-draft']);
  });

  it('gives a viewer neither', async () => {
    expect((await home(viewerLop)).evaluations).toEqual({ toReview: [], drafts: [] });
  });
});

describe('GET /home: calls, events and targets', () => {
  it('lists the calls closing within 30 days that fit a followed cluster, only for whoever follows it', async () => {
    const mine = await home(lop);
    expect(mine.fundingCalls.map((c) => [c.call.id, c.daysLeft, c.clusters.map((k) => k.id)])).toEqual([
      [closingCall, 10, [followedCluster]],
    ]);
    expect((await home(viewerLop)).fundingCalls).toEqual([]);
  });

  it('lists the dialogue events from today on, soonest first', async () => {
    const { events: upcoming, today } = await home(viewerBic);
    expect(today).toBe('2026-06-03');
    expect(names(events, upcoming)).toEqual(['today', 'next week', 'in three weeks']);
    expect(upcoming.map((e) => e.date)).toEqual(['2026-06-03', '2026-06-10', '2026-06-24']);
  });

  it('shows the three targeted figures against 16, 8 and 2', async () => {
    expect((await home(viewerBic)).targets).toEqual([
      { key: 'clusters_evaluated', value: 1, target: 16 },
      { key: 'clusters_internationalised', value: 0, target: 8 },
      { key: 'new_cross_border_clusters', value: 0, target: 2 },
    ]);
  });

  it('is for signed-in staff only', async () => {
    expect((await t.anonymous.inject({ method: 'GET', url: '/api/v1/home' })).statusCode).toBe(401);
    const key = await t.apiKey(['read']);
    expect((await key.inject({ method: 'GET', url: '/api/v1/home' })).statusCode).toBe(403);
  });
});
