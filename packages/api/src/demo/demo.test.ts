import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  LOCALES,
  PARTNERS,
  type ClusterPage,
  type ConsultingCounts,
  type ConsultingRequestDetail,
  type ConsultingRequestPage,
  type DialogueEventPage,
  type EvaluationPage,
  type EvaluationProgress,
  type MatchCounts,
  type OutboxPage,
  type ProfilePage,
  type UserPage,
} from '@euregionet/shared';
import { createTestApp, json, type Principal, type TestApp } from '../test/app.js';
import { DEMO_LOAD_TIMEOUT, isDirectoryEmpty, loadDemoData, resetDemoData, type DemoDataOptions } from './load.js';

const ADMIN_EMAIL = 'first.admin@example.eu';

let t: TestApp;
let admin: Principal;
let options: DemoDataOptions;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.staff('admin', 'BIC', ADMIN_EMAIL);
  options = { clock: t.clock, config: { ...t.config, admin: { email: ADMIN_EMAIL, password: undefined } } };
});
afterAll(() => t.close());

const get = async <T>(url: string): Promise<T> => {
  const response = await admin.inject({ method: 'GET', url });
  expect(response.statusCode).toBe(200);
  return json<T>(response);
};

/** What the demo holds, counted through the API, to compare before and after a reload. */
async function census() {
  const evaluations = async (status: string) => (await get<EvaluationPage>(`/api/v1/evaluations?status=${status}&limit=100`)).items;
  const received = (await get<OutboxPage>('/api/v1/outbox?limit=100')).items.filter((m) => m.kind === 'request_received');
  const profiles = (await get<ProfilePage>('/api/v1/profiles?limit=100')).items;
  return {
    consulting: await get<ConsultingCounts>('/api/v1/consulting-requests/counts'),
    approved: (await evaluations('approved')).map((e) => e.clusterName.en).sort(),
    submitted: (await evaluations('submitted')).length,
    returned: (await evaluations('returned')).length,
    drafts: (await evaluations('draft')).map((e) => e.evaluatorId),
    evaluatedClusters: (await get<EvaluationProgress>('/api/v1/evaluations/progress')).evaluatedClusters,
    matchStages: (await get<MatchCounts>('/api/v1/matches/counts')).byStage,
    profiles: Object.fromEntries(['published', 'draft', 'closed'].map((s) => [s, profiles.filter((p) => p.status === s).length])),
    receivedMails: Object.fromEntries(LOCALES.map((l) => [l, received.filter((m) => m.language === l).length])),
    upcomingEvents: (await get<DialogueEventPage>('/api/v1/events?from=2026-06-03&limit=100')).items
      .map((e) => [e.date, e.participantCount])
      .sort(),
    staff: (await get<UserPage>('/api/v1/users?limit=100')).items.length,
  };
}

describe('demo data', () => {
  it(
    'fills an empty directory with at least 16 clusters on both sides, named in three languages',
    async () => {
      expect(await isDirectoryEmpty(t.database.db)).toBe(true);
      await loadDemoData(t.database.db, options);
      expect(await isDirectoryEmpty(t.database.db)).toBe(false);
      const page = await get<ClusterPage>('/api/v1/clusters?limit=100');
      expect(page.items.length).toBeGreaterThanOrEqual(16);
      for (const cluster of page.items) {
        for (const lang of LOCALES) expect(cluster.name[lang]).toBeTruthy();
        for (const lang of LOCALES) expect(cluster.description[lang]).toBeTruthy();
        expect(cluster.memberCount).toBeGreaterThanOrEqual(2);
      }
      expect(page.items.some((c) => c.countries.includes('DE'))).toBe(true);
      expect(page.items.some((c) => c.countries.includes('PL'))).toBe(true);
      expect(new Set(page.items.map((c) => c.partner))).toEqual(new Set(PARTNERS.map((p) => p.code)));
    },
    DEMO_LOAD_TIMEOUT,
  );

  it('shows the product at work: every consulting state, approved and draft evaluations, matches at every stage', async () => {
    const c = await census();
    expect(c.consulting).toEqual({
      open: 5,
      overdue: 1,
      byStatus: { new: 1, assigned: 2, in_progress: 1, waiting_for_requester: 1, resolved: 1, closed: 1, rejected: 1 },
    });
    // Five approved evaluations of four clusters, one of them evaluated twice: progress over time.
    expect(c.approved).toEqual([
      'Lubuskie Green Energy Cluster',
      'Lubuskie Metal Cluster',
      'Lubuskie Metal Cluster',
      'Lusatia Energy Region',
      'Oder Logistics Hub',
    ]);
    expect(c.evaluatedClusters).toBe(4);
    expect(c.submitted).toBe(2);
    expect(c.returned).toBe(1);
    expect(c.drafts).toEqual([admin.id]);
    expect(c.matchStages).toEqual({ proposed: 1, introduced: 1, meeting_held: 1, agreed: 2, declined: 1 });
    expect(c.profiles).toEqual({ published: 4, draft: 1, closed: 1 });
    // Each requester got the receipt in their own language.
    expect(c.receivedMails).toEqual({ de: 3, pl: 3, en: 2 });
    expect(c.upcomingEvents).toEqual([
      ['2026-06-15', 80],
      ['2026-07-13', 25],
    ]);
  });

  it('gives the first administrator the overdue request and two open ones', async () => {
    const mine = await get<ConsultingRequestPage>('/api/v1/consulting-requests?assignee=me&open=true&limit=100');
    expect(mine.items.map((r) => r.status).sort()).toEqual(['assigned', 'in_progress', 'waiting_for_requester']);
    const overdue = await get<ConsultingRequestPage>('/api/v1/consulting-requests?overdue=true');
    expect(overdue.items).toHaveLength(1);
    const [late] = overdue.items;
    expect(late).toMatchObject({ assigneeId: admin.id, status: 'assigned', language: 'de', firstRespondedAt: null });
    // Received on Whit Sunday, 24 May 2026: two working days after it (Whit Monday is a holiday).
    expect(late!.createdAt.slice(0, 10)).toBe('2026-05-24');
    expect(late!.firstResponseDueOn).toBe('2026-05-27');
    const detail = await get<ConsultingRequestDetail>(`/api/v1/consulting-requests/${late!.id}`);
    expect(detail.timeline.map((e) => e.kind)).toEqual(['created', 'assignment']);
  });

  it(
    'refuses to load twice and leaves nothing of the failed attempt',
    async () => {
      const before = await census();
      await expect(loadDemoData(t.database.db, options)).rejects.toThrow();
      expect(await census()).toEqual(before);
    },
    DEMO_LOAD_TIMEOUT,
  );

  it(
    'reloads to the same state, replacing changes and the old workflow records',
    async () => {
      const before = await census();
      const clusters = await get<ClusterPage>('/api/v1/clusters?limit=100');
      await admin.inject({ method: 'DELETE', url: `/api/v1/clusters/${clusters.items[0]!.id}` });
      await resetDemoData(t.database.db, options);
      const after = await get<ClusterPage>('/api/v1/clusters?limit=100');
      expect(after.items.map((c) => c.slug)).toEqual(clusters.items.map((c) => c.slug));
      expect(await census()).toEqual(before);
    },
    DEMO_LOAD_TIMEOUT,
  );
});
