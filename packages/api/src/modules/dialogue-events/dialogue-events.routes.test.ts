import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditPage, DialogueEvent, DialogueEventPage, Problem } from '@euregionet/shared';
import { created, createTestApp, json, ok, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
let esnb: Principal;
let clusterDe: string;
let clusterPl: string;
let organisation: string;

const newCluster = async (name: string, region: string) =>
  (
    await ok<{ id: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/clusters',
        payload: { kind: 'cluster', name: { de: name }, regions: [region], partner: 'ESNB' },
      }),
      201,
    )
  ).id;

const body = (over: Record<string, unknown> = {}) => ({
  title: { de: 'Clusterdialog Energie', pl: 'Dialog klastrów: energia' },
  date: '2018-05-16',
  place: 'Gubin / Guben',
  languages: ['de', 'pl'],
  organisingPartner: 'ESNB',
  clusterIds: [clusterDe, clusterPl],
  organisationIds: [organisation],
  participantCount: 48,
  outcomes: { de: 'Drei Kooperationsanbahnungen' },
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  esnb = await t.staff('consultant', 'ESNB');
  clusterDe = await newCluster('Energieregion Lausitz', 'DE40G');
  clusterPl = await newCluster('Klaster Zielona Energia', 'PL432');
  organisation = (await created(admin, '/api/v1/organisations', { name: 'Euroregion SNB', type: 'public', country: 'PL', region: 'PL432' }))
    .id;
});
afterAll(() => t.close());

describe('cluster-dialogue events', () => {
  it('are recorded with date, place, languages, organiser, participants and outcomes, changed with If-Match, deleted, audited', async () => {
    const event = await ok<DialogueEvent>(await esnb.inject({ method: 'POST', url: '/api/v1/events', payload: body() }), 201);
    expect(event).toMatchObject({ date: '2018-05-16', endDate: null, languages: ['de', 'pl'], participantCount: 48, version: 1 });
    expect(event.clusters.map((c) => c.name.de).sort()).toEqual(['Energieregion Lausitz', 'Klaster Zielona Energia']);
    expect(event.organisations).toEqual([{ id: organisation, name: 'Euroregion SNB', country: 'PL' }]);

    const changed = await ok<DialogueEvent>(
      await esnb.inject({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        headers: { 'if-match': '"v1"' },
        payload: { participantCount: 52, clusterIds: [clusterPl], endDate: '2018-05-17' },
      }),
    );
    expect(changed).toMatchObject({ participantCount: 52, clusterIds: [clusterPl], endDate: '2018-05-17', version: 2 });

    const backwards = await esnb.inject({
      method: 'PATCH',
      url: `/api/v1/events/${event.id}`,
      headers: { 'if-match': '"v2"' },
      payload: { date: '2018-05-20' },
    });
    expect(json<Problem>(backwards).errors).toEqual([expect.objectContaining({ pointer: '/body/endDate', code: 'end_before_start' })]);

    // Another partner's consultant may read but not change it.
    const bic = await t.staff('consultant', 'BIC');
    expect((await bic.inject({ method: 'GET', url: `/api/v1/events/${event.id}` })).statusCode).toBe(200);
    expect(
      (
        await bic.inject({
          method: 'PATCH',
          url: `/api/v1/events/${event.id}`,
          headers: { 'if-match': '"v2"' },
          payload: { place: 'Guben' },
        })
      ).statusCode,
    ).toBe(403);

    expect((await esnb.inject({ method: 'DELETE', url: `/api/v1/events/${event.id}` })).statusCode).toBe(204);
    expect(json<Problem>(await esnb.inject({ method: 'GET', url: `/api/v1/events/${event.id}` })).code).toBe('DIALOGUE_EVENT_NOT_FOUND');
    const audit = await ok<AuditPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=dialogue_event&entityId=${event.id}` }),
    );
    expect(audit.items.map((a) => a.action)).toEqual(['delete', 'update', 'create']);
    expect(audit.items[1]!.changes.participantCount).toEqual({ before: 48, after: 52 });
  });

  it('name each participant that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await esnb.inject({ method: 'POST', url: '/api/v1/events', payload: body({ clusterIds: [clusterDe, missing] }) });
    expect(res.statusCode).toBe(400);
    expect(json<Problem>(res).errors).toEqual([expect.objectContaining({ pointer: '/body/clusterIds/1', code: 'unknown_cluster' })]);
    const end = await esnb.inject({ method: 'POST', url: '/api/v1/events', payload: body({ endDate: '2018-05-01' }) });
    expect(json<Problem>(end).errors?.[0]).toMatchObject({ pointer: '/body/endDate', code: 'end_before_start' });
  });

  it('are listed newest first, by period, organiser and cluster, page by page', async () => {
    for (const [date, partner, clusters] of [
      ['2017-09-21', 'ESNB', [clusterDe]],
      ['2018-11-08', 'ESNB', [clusterPl]],
      ['2019-06-13', 'ESNB', [clusterDe, clusterPl]],
    ] as const) {
      await ok(
        await admin.inject({
          method: 'POST',
          url: '/api/v1/events',
          payload: body({ date, organisingPartner: partner, clusterIds: clusters }),
        }),
        201,
      );
    }
    const list = async (q: string) =>
      (await ok<DialogueEventPage>(await esnb.inject({ method: 'GET', url: `/api/v1/events?${q}` }))).items.map((e) => e.date);
    expect(await list('')).toEqual(['2019-06-13', '2018-11-08', '2017-09-21']);
    expect(await list('from=2018-01-01&to=2018-12-31')).toEqual(['2018-11-08']);
    expect(await list(`clusterId=${clusterDe}`)).toEqual(['2019-06-13', '2017-09-21']);
    expect(await list('partner=BIC')).toEqual([]);
    const first = await ok<DialogueEventPage>(await esnb.inject({ method: 'GET', url: '/api/v1/events?limit=2' }));
    const second = await ok<DialogueEventPage>(
      await esnb.inject({ method: 'GET', url: `/api/v1/events?limit=2&cursor=${first.nextCursor}` }),
    );
    expect([...first.items, ...second.items].map((e) => e.date)).toEqual(['2019-06-13', '2018-11-08', '2017-09-21']);
    expect(second.nextCursor).toBeNull();
  });
});
