import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  FundingCallImportRowSchema,
  type AuditPage,
  type ClusterFundingMatches,
  type FollowedClusterList,
  type FundingCall,
  type FundingCallClusterMatches,
  type FundingCallPage,
  type FundingReminders,
  type Problem,
  type PublicFundingCall,
  type PublicFundingCallPage,
} from '@euregionet/shared';
import { createTestAppWithAdmin, inDays, TEST_TODAY, json, ok, type Principal, type TestApp } from '../../test/app.js';
import { SYSTEM_CONTEXT } from '../auth/actor.js';
import { createFundingCallService, upsertFundingCall } from './funding-calls.service.js';

let t: TestApp;
let admin: Principal;
let bic: Principal;
let lop: Principal;

const interreg = (over: Record<string, unknown> = {}) => ({
  programme: 'interreg',
  programmeName: 'INTERREG VI A Brandenburg–Polska 2021–2027',
  title: { de: 'Innovationskooperation', pl: 'Współpraca innowacyjna', en: 'Innovation cooperation' },
  summary: { en: 'Joint projects across the Oder.' },
  regions: ['DE40', 'PL43'],
  sectors: ['25'],
  crossBorderConsortium: true,
  closesOn: inDays(20),
  partner: 'BIC',
  published: true,
  ...over,
});

async function organisation(name: string, country: 'DE' | 'PL', region: string, type = 'sme', sectors: string[] = []) {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/v1/organisations?confirmDistinct=true',
    payload: { name, type, country, region, city: name, sectors },
  });
  return (await ok<{ id: string }>(res, 201)).id;
}

async function cluster(name: string, regions: string[], members: string[], sectors: string[] = ['25'], partner = 'BIC') {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/v1/clusters',
    payload: { kind: 'cluster', name: { de: name }, regions, sectors, partner },
  });
  const { id } = await ok<{ id: string }>(res, 201);
  for (const org of members) {
    await ok(await admin.inject({ method: 'PUT', url: `/api/v1/clusters/${id}/members/${org}`, payload: { role: 'member' } }), 201);
  }
  return id;
}

async function createCall(body: Record<string, unknown>, as: Principal = admin): Promise<FundingCall> {
  return ok<FundingCall>(await as.inject({ method: 'POST', url: '/api/v1/funding-calls', payload: body }), 201);
}

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
  bic = await t.staff('consultant', 'BIC');
  lop = await t.staff('consultant', 'LOP');
});
afterAll(() => t.close());

describe('funding calls', () => {
  it('are created, read, changed with If-Match and deleted, each change in the audit trail', async () => {
    const created = await createCall(interreg({ fundingRatePercent: 80, budgetMinEur: 100_000, budgetMaxEur: 1_500_000 }), bic);
    expect(created).toMatchObject({ slug: 'innovationskooperation', status: 'open', missingTranslations: ['de', 'pl'], version: 1 });

    const read = await admin.inject({ method: 'GET', url: `/api/v1/funding-calls/${created.id}` });
    expect(read.headers.etag).toBe('"v1"');

    const stale = await bic.inject({
      method: 'PATCH',
      url: `/api/v1/funding-calls/${created.id}`,
      headers: { 'if-match': '"v0"' },
      payload: { fundingRatePercent: 75 },
    });
    expect(stale.statusCode).toBe(412);

    const changed = await ok<FundingCall>(
      await bic.inject({
        method: 'PATCH',
        url: `/api/v1/funding-calls/${created.id}`,
        headers: { 'if-match': '"v1"' },
        payload: { fundingRatePercent: 75 },
      }),
    );
    expect(changed).toMatchObject({ fundingRatePercent: 75, version: 2 });

    // The rules across fields hold against the stored record too.
    const badBudget = await bic.inject({
      method: 'PATCH',
      url: `/api/v1/funding-calls/${created.id}`,
      headers: { 'if-match': '"v2"' },
      payload: { budgetMaxEur: 50_000 },
    });
    expect(badBudget.statusCode).toBe(400);
    expect(json<Problem>(badBudget).errors).toEqual([expect.objectContaining({ pointer: '/body/budgetMaxEur', code: 'budget_range' })]);

    // Consultants change their own partner's calls only.
    const other = await lop.inject({
      method: 'PATCH',
      url: `/api/v1/funding-calls/${created.id}`,
      headers: { 'if-match': '"v2"' },
      payload: { published: false },
    });
    expect(other.statusCode).toBe(403);

    expect((await bic.inject({ method: 'DELETE', url: `/api/v1/funding-calls/${created.id}` })).statusCode).toBe(204);
    expect((await admin.inject({ method: 'GET', url: `/api/v1/funding-calls/${created.id}` })).statusCode).toBe(404);

    const audit = await ok<AuditPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=funding_call&entityId=${created.id}` }),
    );
    expect(audit.items.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(audit.items[1]!.changes).toEqual({ fundingRatePercent: { before: 80, after: 75 } });
  });

  it('refuses a second call with the same slug or the same source and external id', async () => {
    await createCall(interreg({ slug: 'unique-call', source: 'feed', externalId: 'A-1' }));
    const slug = await admin.inject({ method: 'POST', url: '/api/v1/funding-calls', payload: interreg({ slug: 'unique-call' }) });
    expect([slug.statusCode, json<Problem>(slug).code]).toEqual([409, 'FUNDING_CALL_SLUG_TAKEN']);
    const key = await admin.inject({
      method: 'POST',
      url: '/api/v1/funding-calls',
      payload: interreg({ source: 'feed', externalId: 'A-1' }),
    });
    expect([key.statusCode, json<Problem>(key).code]).toEqual([409, 'FUNDING_CALL_DUPLICATE']);
  });

  it('lists by deadline with filters for status, applicants and topics, page by page', async () => {
    const tag = `filter-${Date.now()}`;
    const soon = await createCall(interreg({ slug: `${tag}-soon`, closesOn: inDays(5), sectors: ['C'] }));
    const later = await createCall(interreg({ slug: `${tag}-later`, closesOn: inDays(50), regions: ['PL43'], countries: ['PL'] }));
    const rolling = await createCall(interreg({ slug: `${tag}-rolling`, closesOn: null, sectors: [] }));
    const closed = await createCall(interreg({ slug: `${tag}-closed`, opensOn: inDays(-60), closesOn: inDays(-1) }));
    const upcoming = await createCall(interreg({ slug: `${tag}-upcoming`, opensOn: inDays(10), closesOn: inDays(90) }));
    const mine = (page: FundingCallPage) => page.items.map((c) => c.slug).filter((s) => s.startsWith(tag));
    const list = async (query: string, limit = 100) =>
      ok<FundingCallPage>(await admin.inject({ method: 'GET', url: `/api/v1/funding-calls?limit=${limit}&${query}` }));

    expect(mine(await list(''))).toEqual([closed.slug, soon.slug, later.slug, upcoming.slug, rolling.slug]);
    expect(mine(await list('status=open'))).toEqual([soon.slug, later.slug, rolling.slug]);
    expect(mine(await list('status=upcoming,closed'))).toEqual([closed.slug, upcoming.slug]);
    // Brandenburg applicants: not the Lubuskie-only call.
    expect(mine(await list('region=DE403'))).not.toContain(later.slug);
    expect(mine(await list('region=PL431'))).toContain(later.slug);
    expect(mine(await list('country=DE'))).not.toContain(later.slug);
    // A division is addressed by its section's call, and by calls for any sector.
    expect(mine(await list('sector=25&status=open'))).toEqual([soon.slug, later.slug, rolling.slug]);
    expect(mine(await list('sector=62&status=open'))).toEqual([rolling.slug]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: FundingCallPage = await list(cursor ? `cursor=${cursor}` : '', 2);
      seen.push(...page.items.map((c) => c.slug));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((s) => s.startsWith(tag))).toEqual([closed.slug, soon.slug, later.slug, upcoming.slug, rolling.slug]);
  });

  it('are upserted by source and external id, as an import does: created, unchanged, updated', async () => {
    const service = createFundingCallService(t.database.db, { clock: t.clock });
    const row = FundingCallImportRowSchema.parse({
      ...interreg({ title: { de: 'Importierter Aufruf' } }),
      source: 'ilb-feed',
      externalId: 'X-42',
    });
    const first = await service.upsertBySource(SYSTEM_CONTEXT, row);
    expect(first.outcome).toBe('created');
    const again = await service.upsertBySource(SYSTEM_CONTEXT, row);
    expect(again).toMatchObject({ outcome: 'unchanged', call: { id: first.call.id, version: 1 } });
    const changed = await service.upsertBySource(SYSTEM_CONTEXT, { ...row, fundingRatePercent: 60 });
    expect(changed).toMatchObject({
      outcome: 'updated',
      call: { id: first.call.id, fundingRatePercent: 60, slug: first.call.slug, version: 2 },
    });

    // An import key changes its own partner's calls only.
    const key = await t.apiKey(['import:write'], { partner: 'LOP' });
    const keyCtx = {
      ...SYSTEM_CONTEXT,
      actor: {
        kind: 'apiKey' as const,
        id: key.id,
        name: 'import',
        partner: 'LOP' as const,
        scopes: ['import:write' as const],
        allowedOrigins: [],
        rateLimitPerMinute: 60,
      },
    };
    await expect(service.upsertBySource(keyCtx, { ...row, fundingRatePercent: 50 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const own = await service.upsertBySource(keyCtx, { ...row, externalId: 'LOP-1', partner: 'LOP' });
    expect(own.outcome).toBe('created');
  });

  it('can be upserted inside an importer’s transaction, which a dry run rolls back', async () => {
    const row = FundingCallImportRowSchema.parse({
      ...interreg({ title: { pl: 'Nabór z importu' } }),
      source: 'fenl-feed',
      externalId: 'D-1',
    });
    const rollback = new Error('dry run');
    await expect(
      t.database.db.transaction(async (tx) => {
        expect((await upsertFundingCall(tx, SYSTEM_CONTEXT, row, TEST_TODAY)).outcome).toBe('created');
        expect((await upsertFundingCall(tx, SYSTEM_CONTEXT, row, TEST_TODAY)).outcome).toBe('unchanged');
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    const page = await ok<FundingCallPage>(await admin.inject({ method: 'GET', url: '/api/v1/funding-calls?q=importu&limit=100' }));
    expect(page.items).toEqual([]);
    const audit = await ok<AuditPage>(await admin.inject({ method: 'GET', url: '/api/v1/audit-log?entity=funding_call&limit=100' }));
    expect(audit.items.some((e) => JSON.stringify(e.changes).includes('Nabór z importu'))).toBe(false);

    // Committed, the same row is there (and found by the same search).
    await t.database.db.transaction((tx) => upsertFundingCall(tx, SYSTEM_CONTEXT, row, TEST_TODAY));
    const found = await ok<FundingCallPage>(await admin.inject({ method: 'GET', url: '/api/v1/funding-calls?q=importu&limit=100' }));
    expect(found.items.map((c) => c.externalId)).toEqual(['D-1']);
  });
});

describe('matching calls and clusters', () => {
  let germanOnly: string;
  let crossBorder: string;
  let call: FundingCall;
  let polishPartner: string;

  beforeAll(async () => {
    const metalDe = await organisation('Stahlbau Oder GmbH', 'DE', 'DE403', 'sme', ['25']);
    const researchDe = await organisation('Institut Oder', 'DE', 'DE403', 'research', ['72']);
    polishPartner = await organisation('Metal Gorzów Sp. z o.o.', 'PL', 'PL431', 'sme', ['25', '28']);
    await organisation('Piekarnia Słubice', 'PL', 'PL431', 'sme', ['10']);
    const metalPl = await organisation('Odlewnia Lubuska', 'PL', 'PL432', 'sme', ['24']);
    germanOnly = await cluster('Metallnetz Oderland', ['DE403'], [metalDe, researchDe]);
    crossBorder = await cluster('Metall ohne Grenzen', ['DE403', 'PL432'], [metalDe, metalPl]);
    call = await createCall(interreg({ slug: 'matching-interreg', title: { en: 'Metal cooperation' }, sectors: ['25'] }));
    // A Lubuskie-only call neither German cluster member may apply for.
    await createCall(
      interreg({ slug: 'matching-lubuskie', countries: ['PL'], regions: ['PL43'], crossBorderConsortium: false, sectors: ['25'] }),
    );
  });

  it('for a cluster: the eligible open calls, with reasons, and a missing Polish partner with suggestions', async () => {
    const matches = await ok<ClusterFundingMatches>(
      await admin.inject({ method: 'GET', url: `/api/v1/clusters/${germanOnly}/funding-matches` }),
    );
    const match = matches.items.find((i) => i.call.slug === 'matching-interreg')!;
    expect(match.fit).toMatchObject({ eligible: true, complete: false });
    expect(match.fit.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['region', 'sectors', 'deadline']));
    const gap = match.fit.missing.find((m) => m.code === 'partner_country')!;
    expect(gap.values).toEqual(['PL']);
    // The Polish metal firm shares the sector and comes first; the bakery does not share it.
    expect(gap.suggestions[0]).toMatchObject({ organisationId: polishPartner, country: 'PL', sharedSectors: ['25'] });
    expect(gap.suggestions.every((s) => s.country === 'PL')).toBe(true);
    expect(matches.items.map((i) => i.call.slug)).not.toContain('matching-lubuskie');

    const all = await ok<ClusterFundingMatches>(
      await admin.inject({ method: 'GET', url: `/api/v1/clusters/${germanOnly}/funding-matches?all=true` }),
    );
    const ineligible = all.items.find((i) => i.call.slug === 'matching-lubuskie')!;
    expect(ineligible.fit).toMatchObject({ eligible: false, missing: [expect.objectContaining({ code: 'country', values: ['PL'] })] });
  });

  it('for a call: the clusters it fits, complete consortia first', async () => {
    const fits = await ok<FundingCallClusterMatches>(
      await admin.inject({ method: 'GET', url: `/api/v1/funding-calls/${call.id}/cluster-matches` }),
    );
    const ids = fits.items.map((i) => i.cluster.id);
    expect(ids.indexOf(crossBorder)).toBeLessThan(ids.indexOf(germanOnly));
    expect(fits.items.find((i) => i.cluster.id === crossBorder)!.fit.complete).toBe(true);
  });

  it('remind of calls closing within 30 days that fit clusters the user follows', async () => {
    const viewer = await t.staff('viewer', 'LOP');
    const empty = await ok<FundingReminders>(await viewer.inject({ method: 'GET', url: '/api/v1/funding-calls/reminders' }));
    expect(empty.items).toEqual([]);

    expect((await viewer.inject({ method: 'PUT', url: `/api/v1/followed-clusters/${germanOnly}` })).statusCode).toBe(201);
    expect((await viewer.inject({ method: 'PUT', url: `/api/v1/followed-clusters/${germanOnly}` })).statusCode).toBe(200);
    const followed = await ok<FollowedClusterList>(await viewer.inject({ method: 'GET', url: '/api/v1/followed-clusters' }));
    expect(followed.items.map((f) => f.clusterId)).toEqual([germanOnly]);

    await createCall(interreg({ slug: 'reminder-later', closesOn: inDays(45) }));
    const reminders = await ok<FundingReminders>(await viewer.inject({ method: 'GET', url: '/api/v1/funding-calls/reminders' }));
    const slugs = reminders.items.map((r) => r.call.slug);
    expect(slugs).toContain('matching-interreg');
    expect(slugs).not.toContain('reminder-later');
    expect(slugs).not.toContain('matching-lubuskie');
    expect(reminders.items.find((r) => r.call.slug === 'matching-interreg')).toMatchObject({
      daysLeft: 20,
      clusters: [{ id: germanOnly }],
    });
    const longer = await ok<FundingReminders>(await viewer.inject({ method: 'GET', url: '/api/v1/funding-calls/reminders?days=60' }));
    expect(longer.items.map((r) => r.call.slug)).toContain('reminder-later');
    // Another user's follows are not mine.
    expect((await ok<FundingReminders>(await lop.inject({ method: 'GET', url: '/api/v1/funding-calls/reminders' }))).items).toEqual([]);

    expect((await viewer.inject({ method: 'DELETE', url: `/api/v1/followed-clusters/${germanOnly}` })).statusCode).toBe(204);
    expect((await ok<FundingReminders>(await viewer.inject({ method: 'GET', url: '/api/v1/funding-calls/reminders' }))).items).toEqual([]);
  });

  it('answer 404 for clusters and calls that do not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(json<Problem>(await admin.inject({ method: 'GET', url: `/api/v1/clusters/${missing}/funding-matches` })).code).toBe(
      'CLUSTER_NOT_FOUND',
    );
    expect(json<Problem>(await admin.inject({ method: 'GET', url: `/api/v1/funding-calls/${missing}/cluster-matches` })).code).toBe(
      'FUNDING_CALL_NOT_FOUND',
    );
    expect((await admin.inject({ method: 'PUT', url: `/api/v1/followed-clusters/${missing}` })).statusCode).toBe(404);
  });
});

describe('published calls in the public API', () => {
  let portal: Principal;
  beforeAll(async () => {
    portal = await t.apiKey(['public:read']);
    await createCall(interreg({ slug: 'public-open', notes: 'Internal: ask the ILB', source: 'feed', externalId: 'P-1' }));
    await createCall(interreg({ slug: 'public-draft', published: false }));
    await createCall(interreg({ slug: 'public-closed', opensOn: inDays(-30), closesOn: inDays(-2) }));
  });

  it('lists published open and upcoming calls, localised, without internal fields', async () => {
    const res = await portal.inject({ method: 'GET', url: '/api/v1/public/funding-calls?lang=pl&limit=100' });
    const page = await ok<PublicFundingCallPage>(res);
    expect(res.headers['content-language']).toBe('pl');
    const slugs = page.items.map((c) => c.slug);
    expect(slugs).toContain('public-open');
    expect(slugs).not.toContain('public-draft');
    expect(slugs).not.toContain('public-closed');
    const open = page.items.find((c) => c.slug === 'public-open')!;
    expect(open.title).toEqual({ text: 'Współpraca innowacyjna', lang: 'pl' });
    expect(open.summary).toEqual({ text: 'Joint projects across the Oder.', lang: 'en' });
    for (const hidden of ['id', 'notes', 'partner', 'source', 'externalId', 'published']) expect(open).not.toHaveProperty(hidden);
    expect(res.body).not.toContain('Internal: ask the ILB');

    const closed = await ok<PublicFundingCallPage>(
      await portal.inject({ method: 'GET', url: '/api/v1/public/funding-calls?status=closed' }),
    );
    expect(closed.items.map((c) => c.slug)).toContain('public-closed');
  });

  it('answers one call by slug, with an ETag; unpublished calls are not found', async () => {
    const res = await portal.inject({
      method: 'GET',
      url: '/api/v1/public/funding-calls/public-open',
      headers: { 'accept-language': 'de' },
    });
    expect((await ok<PublicFundingCall>(res)).title).toEqual({ text: 'Innovationskooperation', lang: 'de' });
    const again = await portal.inject({
      method: 'GET',
      url: '/api/v1/public/funding-calls/public-open',
      headers: { 'accept-language': 'de', 'if-none-match': res.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    const draft = await portal.inject({ method: 'GET', url: '/api/v1/public/funding-calls/public-draft' });
    expect([draft.statusCode, json<Problem>(draft).code]).toEqual([404, 'FUNDING_CALL_NOT_FOUND']);
  });
});
