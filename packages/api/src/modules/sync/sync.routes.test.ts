import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type {
  PublicChangePage,
  PublicClusterDetail,
  PublicClusterPage,
  PublicFundingCall,
  PublicFundingCallPage,
  PublicOpportunity,
  PublicOpportunityPage,
  PublicPublication,
  PublicPublicationPage,
} from '@euregionet/shared';
import { createTestAppWithPortal, inDays, json, ok, type Principal, type TestApp } from '../../test/app.js';
import { changesSettled } from '../../test/changes.js';
import { consentingContact } from '../../test/records.js';

let t: TestApp;
let admin: Principal;
let portal: Principal;

beforeAll(async () => ({ t, admin, portal } = await createTestAppWithPortal(['public:read'], { rateLimitPerMinute: 100_000 })));
afterAll(() => t.close());

const publicGet = async <T>(url: string) => ok<T>(await portal.inject({ method: 'GET', url: `/api/v1/public${url}` }));

/** A page of the change feed, once the newest changes can be read (see `changesSettled`). */
async function changesPage(url: string) {
  await changesSettled(t.database.db);
  return publicGet<PublicChangePage>(url);
}

/** A portal's copy of the public documents, keyed `resource/slug`, built from the change feed only. */
class Mirror {
  docs = new Map<string, unknown>();
  cursor: string | null = null;
  async follow(since?: string) {
    for (;;) {
      const query = this.cursor ? `cursor=${this.cursor}` : since ? `since=${encodeURIComponent(since)}` : '';
      const page = await changesPage(`/changes?limit=3&lang=pl&${query}`);
      for (const item of page.items) {
        const id = `${item.resource}/${item.slug}`;
        if (item.action === 'delete') this.docs.delete(id);
        else this.docs.set(id, item[item.resource]);
      }
      this.cursor = page.nextCursor ?? this.cursor;
      if (!page.hasMore) return;
    }
  }
}

/** Every public document, read in full through the lists and the detail routes. */
async function fullRead(): Promise<Map<string, unknown>> {
  const docs = new Map<string, unknown>();
  for (const c of (await publicGet<PublicClusterPage>('/clusters?limit=100&lang=pl')).items) {
    docs.set(`cluster/${c.slug}`, await publicGet<PublicClusterDetail>(`/clusters/${c.slug}?lang=pl`));
  }
  for (const f of (await publicGet<PublicFundingCallPage>('/funding-calls?limit=100&lang=pl&status=open,upcoming,closed')).items) {
    docs.set(`fundingCall/${f.slug}`, await publicGet<PublicFundingCall>(`/funding-calls/${f.slug}?lang=pl`));
  }
  for (const p of (await publicGet<PublicPublicationPage>('/publications?limit=100&lang=pl')).items) {
    docs.set(`publication/${p.slug}`, await publicGet<PublicPublication>(`/publications/${p.slug}?lang=pl`));
  }
  for (const o of (await publicGet<PublicOpportunityPage>('/opportunities?limit=100&lang=pl')).items) {
    docs.set(`opportunity/${o.id}`, await publicGet<PublicOpportunity>(`/opportunities/${o.id}?lang=pl`));
  }
  return docs;
}

async function created<T = { id: string; version: number; slug: string }>(method: 'POST' | 'PUT', url: string, payload: object) {
  return ok<T>(await admin.inject({ method, url, payload }), 201);
}
async function patch(url: string, version: number, payload: object) {
  return ok<{ version: number }>(await admin.inject({ method: 'PATCH', url, headers: { 'if-match': `"v${version}"` }, payload }));
}

/** The entries of one kind of document, as a plain object (for a readable comparison). */
const only = (docs: Map<string, unknown>, resource: string) =>
  Object.fromEntries([...docs].filter(([id]) => id.startsWith(`${resource}/`)));

describe('GET /public/changes', () => {
  it('lets a mirror built from the changes alone equal a full read after creates, updates, unpublish and delete', async () => {
    const mirror = new Mirror();
    await mirror.follow('2026-06-01T00:00:00Z');
    expect(mirror.docs.size).toBe(0);

    const org = await created('POST', '/api/v1/organisations?confirmDistinct=true', {
      name: 'Odra Maszyny sp. z o.o.',
      type: 'sme',
      country: 'PL',
      region: 'PL431',
      city: 'Gorzów Wielkopolski',
      published: true,
    });
    const solar = await created('POST', '/api/v1/clusters', {
      kind: 'cluster',
      name: { de: 'Solarcluster Oder', pl: 'Klaster Solarny Odra' },
      regions: ['PL431'],
      partner: 'BIC',
      published: true,
    });
    const wood = await created('POST', '/api/v1/clusters', {
      kind: 'network',
      name: { de: 'Holznetz Lausitz' },
      regions: ['DE40G'],
      partner: 'BIC',
      published: true,
    });
    const draft = await created('POST', '/api/v1/clusters', {
      kind: 'network',
      name: { de: 'Entwurf' },
      regions: ['DE40G'],
      partner: 'BIC',
    });
    await created('PUT', `/api/v1/clusters/${solar.id}/members/${org.id}`, { role: 'coordinator' });
    const call = await created('POST', '/api/v1/funding-calls', {
      programme: 'interreg',
      programmeName: 'INTERREG VI A Brandenburg–Polska 2021–2027',
      title: { de: 'Kleinprojekte', pl: 'Małe projekty' },
      regions: ['PL43'],
      closesOn: inDays(30),
      partner: 'BIC',
      published: true,
    });
    const study = await created('POST', '/api/v1/publications', {
      kind: 'study',
      title: { pl: 'Badanie klastrów', de: 'Clusterstudie' },
      summary: { pl: 'Wyniki.' },
      body: { pl: 'Klastry rosną.' },
      partner: 'BIC',
    });
    const published = await ok<{ version: number }>(
      await admin.inject({
        method: 'POST',
        url: `/api/v1/publications/${study.id}/transitions`,
        headers: { 'if-match': `"v${study.version}"` },
        payload: { to: 'published' },
      }),
    );

    await mirror.follow();
    expect([...mirror.docs.keys()].sort()).toEqual([
      'cluster/holznetz-lausitz',
      'cluster/solarcluster-oder',
      `fundingCall/${call.slug}`,
      `publication/${study.slug}`,
    ]);
    expect(mirror.docs).toEqual(await fullRead());

    // A member renamed: the cluster's document changes, though the cluster row did not.
    await patch(`/api/v1/organisations/${org.id}`, org.version, { name: 'Odra Maszyny S.A.' });
    // Updated, unpublished, deleted, a draft edited, a call changed.
    await patch(`/api/v1/clusters/${solar.id}`, solar.version, { description: { pl: 'Energia słoneczna nad Odrą.' } });
    await patch(`/api/v1/clusters/${wood.id}`, wood.version, { published: false });
    await patch(`/api/v1/clusters/${draft.id}`, draft.version, { website: 'https://entwurf.example.de' });
    await patch(`/api/v1/funding-calls/${call.id}`, call.version, { title: { de: 'Kleinprojektefonds', pl: 'Fundusz małych projektów' } });
    const gone = await admin.inject({
      method: 'DELETE',
      url: `/api/v1/publications/${study.id}`,
      headers: { 'if-match': `"v${published.version}"` },
    });
    expect(gone.statusCode).toBeLessThan(300);

    await mirror.follow();
    const full = await fullRead();
    expect([...full.keys()].sort()).toEqual(['cluster/solarcluster-oder', `fundingCall/${call.slug}`]);
    expect(mirror.docs).toEqual(full);
    const solarDoc = mirror.docs.get('cluster/solarcluster-oder') as PublicClusterDetail;
    expect(solarDoc.members.map((m) => m.name)).toEqual(['Odra Maszyny S.A.']);
    expect(solarDoc.description).toEqual({ text: 'Energia słoneczna nad Odrą.', lang: 'pl' });

    // Nothing new: an empty page keeps the cursor.
    const before = mirror.cursor;
    const idle = await changesPage(`/changes?cursor=${before}`);
    expect(idle).toMatchObject({ items: [], nextCursor: before, hasMore: false });
  });

  it('mirrors partnering opportunities: published, changed through their owner, consent withdrawn, unpublished and deleted', async () => {
    const mirror = new Mirror();
    await mirror.follow('2026-06-01T00:00:00Z');
    const consenting = consentingContact;
    const owner = await created('POST', '/api/v1/organisations?confirmDistinct=true', {
      name: 'Odra Laser Sp. z o.o.',
      type: 'sme',
      country: 'PL',
      region: 'PL431',
      website: 'https://odra-laser.example.pl',
      published: true,
      contacts: [consenting],
    });
    const network = await created('POST', '/api/v1/clusters', {
      kind: 'network',
      name: { de: 'Lasernetz Oder' },
      regions: ['DE40G'],
      partner: 'BIC',
      published: true,
    });
    const profile = (ownerKind: string, ownerId: string, title: string, status = 'published') =>
      created('POST', '/api/v1/profiles', {
        kind: 'offer',
        type: 'technology',
        partner: 'BIC',
        status,
        ownerKind,
        ownerId,
        title: { pl: title },
      });
    const cutting = await profile('organisation', owner.id, 'Cięcie laserowe');
    const welding = await profile('cluster', network.id, 'Spawanie laserowe');
    const draft = await profile('organisation', owner.id, 'Szkic', 'draft');

    await mirror.follow();
    expect(Object.keys(only(mirror.docs, 'opportunity')).sort()).toEqual([`opportunity/${cutting.id}`, `opportunity/${welding.id}`].sort());
    expect(only(mirror.docs, 'opportunity')).toEqual(only(await fullRead(), 'opportunity'));
    const before = mirror.docs.get(`opportunity/${cutting.id}`) as PublicOpportunity;
    expect([before.owner.name, before.owner.contacts.map((c) => c.name)]).toEqual(['Odra Laser Sp. z o.o.', ['Ewa Zielińska']]);

    // The contact person withdraws her consent: the opportunity shows her no more, though the
    // profile itself was not written.
    const withdrawn = await patch(`/api/v1/organisations/${owner.id}`, owner.version, {
      contacts: [{ ...consenting, publicationConsent: false }],
    });
    // The cluster renamed: its opportunity shows the new name.
    await patch(`/api/v1/clusters/${network.id}`, network.version, { name: { de: 'Lasernetzwerk Oder' } });
    await mirror.follow();
    expect(only(mirror.docs, 'opportunity')).toEqual(only(await fullRead(), 'opportunity'));
    const after = mirror.docs.get(`opportunity/${cutting.id}`) as PublicOpportunity;
    expect([after.owner.name, after.owner.contacts]).toEqual(['Odra Laser Sp. z o.o.', []]);
    expect((mirror.docs.get(`opportunity/${welding.id}`) as PublicOpportunity).owner.name).toBe('Lasernetzwerk Oder');

    // The owner withdraws its consent to be published: the opportunity turns anonymous.
    await patch(`/api/v1/organisations/${owner.id}`, withdrawn.version, { published: false });
    await mirror.follow();
    expect((mirror.docs.get(`opportunity/${cutting.id}`) as PublicOpportunity).owner).toMatchObject({ name: null, website: null });

    // Unpublished, deleted, a draft edited: tombstones for the two, nothing for the draft.
    await patch(`/api/v1/profiles/${cutting.id}`, cutting.version, { status: 'closed' });
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/profiles/${welding.id}` })).statusCode).toBe(204);
    await patch(`/api/v1/profiles/${draft.id}`, draft.version, { title: { pl: 'Szkic 2' } });
    const tail = await changesPage(`/changes?limit=100&cursor=${mirror.cursor}`);
    expect(tail.items.map((i) => [i.resource, i.slug, i.action, i.opportunity])).toEqual([
      ['opportunity', cutting.id, 'delete', null],
      ['opportunity', welding.id, 'delete', null],
    ]);
    await mirror.follow();
    expect(only(mirror.docs, 'opportunity')).toEqual({});
    expect(only(await fullRead(), 'opportunity')).toEqual({});
  });

  it('sends a tombstone for an unpublished cluster, and the old slug of a renamed one', async () => {
    const c = await created('POST', '/api/v1/clusters', {
      kind: 'network',
      name: { de: 'Altname' },
      regions: ['DE40G'],
      partner: 'BIC',
      published: true,
    });
    const start = await changesPage(`/changes?limit=100&since=2026-06-01T00:00:00Z`);
    let cursor = start.nextCursor;
    while (cursor) {
      const next = await changesPage(`/changes?limit=100&cursor=${cursor}`);
      if (!next.hasMore) break;
      cursor = next.nextCursor;
    }
    const c2 = await patch(`/api/v1/clusters/${c.id}`, c.version, { slug: 'neuname' });
    const page = await changesPage(`/changes?limit=100&cursor=${cursor}`);
    expect(page.items.map((i) => [i.slug, i.action])).toEqual([
      ['altname', 'delete'],
      ['neuname', 'upsert'],
    ]);
    await patch(`/api/v1/clusters/${c.id}`, c2.version, { published: false });
    const after = await changesPage(`/changes?limit=100&cursor=${page.nextCursor}`);
    expect(after.items.map((i) => [i.slug, i.action, i.cluster])).toEqual([['neuname', 'delete', null]]);
  });

  it('keeps changes for the retention and then answers 410 CHANGES_EXPIRED, telling the portal to read in full', async () => {
    // The test clock stands at 2026-06-03; the default retention is 120 days.
    const old = await portal.inject({ method: 'GET', url: '/api/v1/public/changes?since=2026-01-01T00:00:00Z' });
    expect([old.statusCode, json<{ code: string }>(old).code]).toEqual([410, 'CHANGES_EXPIRED']);
    const recent = await portal.inject({ method: 'GET', url: '/api/v1/public/changes?since=2026-03-01T00:00:00Z' });
    expect(recent.statusCode).toBe(200);
  });

  it('filters the public cluster list by updatedSince and then sorts it by update time', async () => {
    const a = await created('POST', '/api/v1/clusters', {
      kind: 'network',
      name: { de: 'Zuerst' },
      regions: ['DE40G'],
      partner: 'BIC',
      published: true,
    });
    await created('POST', '/api/v1/clusters', {
      kind: 'network',
      name: { de: 'Aaa Danach' },
      regions: ['DE40G'],
      partner: 'BIC',
      published: true,
    });
    const member = await created('POST', '/api/v1/organisations?confirmDistinct=true', {
      name: 'Lausitz Holz GmbH',
      type: 'sme',
      country: 'DE',
      region: 'DE40G',
    });
    await created('PUT', `/api/v1/clusters/${a.id}/members/${member.id}`, { role: 'member' });
    // Times set by hand: every cluster and change old, then 'aaa-danach' updated on 10 May, and
    // 'zuerst' unchanged itself but its member list changed on 20 May.
    const db = t.database.db;
    await db.execute(sql`UPDATE clusters SET updated_at = '2026-04-01T00:00:00Z'`);
    await db.execute(sql`UPDATE clusters SET updated_at = '2026-05-10T00:00:00Z' WHERE slug = 'aaa-danach'`);
    // (The updates above are logged too, at the database's time: set the log after them.)
    await db.execute(sql`UPDATE public_changes SET changed_at = '2026-04-01T00:00:00Z'`);
    await db.execute(
      sql`UPDATE public_changes SET changed_at = '2026-05-20T00:00:00Z' WHERE slug = 'zuerst' AND seq = (SELECT max(seq) FROM public_changes WHERE slug = 'zuerst')`,
    );

    const since = encodeURIComponent('2026-05-01T00:00:00Z');
    const page = await publicGet<PublicClusterPage>(`/clusters?limit=1&updatedSince=${since}`);
    const next = await publicGet<PublicClusterPage>(`/clusters?limit=1&updatedSince=${since}&cursor=${page.nextCursor}`);
    expect([...page.items, ...next.items].map((c) => c.slug)).toEqual(['aaa-danach', 'zuerst']);
    expect(next.nextCursor).toBeNull();
    const later = await publicGet<PublicClusterPage>(`/clusters?updatedSince=${encodeURIComponent('2026-05-15T00:00:00Z')}`);
    expect(later.items.map((c) => c.slug)).toEqual(['zuerst']);
  });

  it('filters the public opportunity list by updatedSince and then sorts it by update time, oldest first', async () => {
    const owner = await created('POST', '/api/v1/organisations?confirmDistinct=true', {
      name: 'Spree Optik GmbH',
      type: 'sme',
      country: 'DE',
      region: 'DE40G',
      published: true,
    });
    const ids: string[] = [];
    for (const title of ['Zeta Optik', 'Alpha Optik', 'Alt Optik']) {
      const profile = await created('POST', '/api/v1/profiles', {
        kind: 'request',
        type: 'research',
        partner: 'BIC',
        status: 'published',
        ownerKind: 'organisation',
        ownerId: owner.id,
        title: { de: title },
      });
      ids.push(profile.id);
    }
    // Times set by hand: everything old, then 'Alpha' updated on 10 May, and 'Zeta' unchanged
    // itself but logged as changed on 20 May (its owner changed, say).
    const db = t.database.db;
    await db.execute(sql`UPDATE cooperation_profiles SET updated_at = '2026-04-01T00:00:00Z'`);
    await db.execute(sql`UPDATE cooperation_profiles SET updated_at = '2026-05-10T00:00:00Z' WHERE id = ${ids[1]}`);
    await db.execute(sql`UPDATE public_changes SET changed_at = '2026-04-01T00:00:00Z'`);
    await db.execute(sql`UPDATE public_changes SET changed_at = '2026-05-20T00:00:00Z' WHERE slug = ${ids[0]}`);

    const since = encodeURIComponent('2026-05-01T00:00:00Z');
    const page = await publicGet<PublicOpportunityPage>(`/opportunities?limit=1&updatedSince=${since}`);
    const next = await publicGet<PublicOpportunityPage>(`/opportunities?limit=1&updatedSince=${since}&cursor=${page.nextCursor}`);
    expect([...page.items, ...next.items].map((o) => o.id)).toEqual([ids[1], ids[0]]);
    expect(next.nextCursor).toBeNull();
    const later = await publicGet<PublicOpportunityPage>(`/opportunities?updatedSince=${encodeURIComponent('2026-05-15T00:00:00Z')}`);
    expect(later.items.map((o) => o.id)).toEqual([ids[0]]);
  });

  it('filters the public funding-call, publication and event lists by updatedSince and then sorts them by update time', async () => {
    const calls = [];
    const studies = [];
    const events = [];
    for (const name of ['Zeta', 'Alpha']) {
      calls.push(
        await created('POST', '/api/v1/funding-calls', {
          programme: 'interreg',
          programmeName: 'INTERREG VI A Brandenburg–Polska 2021–2027',
          title: { de: `${name} Aufruf` },
          regions: ['PL43'],
          closesOn: inDays(40),
          partner: 'BIC',
          published: true,
        }),
      );
      const study = await created('POST', '/api/v1/publications', {
        kind: 'study',
        title: { de: `${name} Studie` },
        summary: { de: 'Ergebnisse.' },
        body: { de: 'Text.' },
        partner: 'BIC',
      });
      await ok(
        await admin.inject({
          method: 'POST',
          url: `/api/v1/publications/${study.id}/transitions`,
          headers: { 'if-match': `"v${study.version}"` },
          payload: { to: 'published' },
        }),
      );
      studies.push(study);
      const event = await created('POST', '/api/v1/events', {
        title: { de: `${name} Dialog` },
        date: '2026-09-01',
        place: 'Cottbus',
        languages: ['de', 'pl'],
        organisingPartner: 'BIC',
      });
      await ok(
        await admin.inject({
          method: 'POST',
          url: `/api/v1/events/${event.id}/transitions`,
          headers: { 'if-match': `"v${event.version}"` },
          payload: { status: 'published' },
        }),
      );
      events.push(event);
    }
    // Times set by hand: everything old, then each 'Alpha' updated on 10 May, and each 'Zeta'
    // unchanged itself but logged as changed on 20 May (the change log counts, as for clusters).
    const db = t.database.db;
    for (const table of ['funding_calls', 'publications', 'dialogue_events']) {
      await db.execute(sql`UPDATE ${sql.identifier(table)} SET updated_at = '2026-04-01T00:00:00Z'`);
    }
    await db.execute(sql`UPDATE funding_calls SET updated_at = '2026-05-10T00:00:00Z' WHERE slug = ${calls[1]!.slug}`);
    await db.execute(sql`UPDATE publications SET updated_at = '2026-05-10T00:00:00Z' WHERE slug = ${studies[1]!.slug}`);
    await db.execute(sql`UPDATE dialogue_events SET updated_at = '2026-05-10T00:00:00Z' WHERE slug = ${events[1]!.slug}`);
    await db.execute(sql`UPDATE public_changes SET changed_at = '2026-04-01T00:00:00Z'`);
    await db.execute(
      sql`UPDATE public_changes SET changed_at = '2026-05-20T00:00:00Z' WHERE slug IN (${calls[0]!.slug}, ${studies[0]!.slug}, ${events[0]!.slug})`,
    );

    const since = encodeURIComponent('2026-05-01T00:00:00Z');
    const later = encodeURIComponent('2026-05-15T00:00:00Z');
    for (const [list, records] of [
      ['funding-calls', calls],
      ['publications', studies],
      ['events', events],
    ] as const) {
      const page = await publicGet<{ items: { slug: string }[]; nextCursor: string | null }>(`/${list}?limit=1&updatedSince=${since}`);
      const next = await publicGet<{ items: { slug: string }[]; nextCursor: string | null }>(
        `/${list}?limit=1&updatedSince=${since}&cursor=${page.nextCursor}`,
      );
      expect([list, ...page.items.map((c) => c.slug), ...next.items.map((c) => c.slug)]).toEqual([
        list,
        records[1]!.slug,
        records[0]!.slug,
      ]);
      expect(next.nextCursor).toBeNull();
      const recent = await publicGet<{ items: { slug: string }[] }>(`/${list}?updatedSince=${later}`);
      expect([list, ...recent.items.map((c) => c.slug)]).toEqual([list, records[0]!.slug]);
    }
    // A cursor of the deadline order is not one of the update order.
    const byDeadline = await publicGet<{ nextCursor: string }>('/funding-calls?limit=1');
    const mixed = await portal.inject({
      method: 'GET',
      url: `/api/v1/public/funding-calls?updatedSince=${since}&cursor=${byDeadline.nextCursor}`,
    });
    expect([mixed.statusCode, json<{ code: string }>(mixed).code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
