import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { PublicChangePage, PublicClusterDetail, PublicEvent, PublicFundingCall } from '@euregionet/shared';
import type { Clock } from '../../clock.js';
import { created, createTestApp, ok, type Principal, type TestApp } from '../../test/app.js';
import { organisedEvent } from '../../test/events.js';
import { changesSettled } from '../../test/changes.js';
import { logCalendarChanges } from './calendar.js';

// A clock the test moves: days pass without a single write.
let now = new Date('2026-06-03T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };

let t: TestApp;
let admin: Principal;
let portal: Principal;

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 }, { clock });
  admin = await t.admin();
  portal = await t.apiKey(['public:read'], { rateLimitPerMinute: 100_000 });
});
afterAll(() => t.close());

/** A record the administrator writes: its id and the slug of its public address. */
const write = (url: string, payload: object) => created<{ id: string; slug: string }>(admin, url, payload);

/** The documents of these public addresses that portals can read now, keyed by address. */
async function current(urls: readonly string[]): Promise<Map<string, unknown>> {
  const docs = new Map<string, unknown>();
  for (const url of urls) {
    const res = await portal.inject({ method: 'GET', url: `${url}?lang=de` });
    if (res.statusCode === 200) docs.set(url, JSON.parse(res.body));
    else expect([url, res.statusCode]).toEqual([url, 404]);
  }
  return docs;
}

/** A portal's copy built from the change feed alone, keyed by the documents' addresses. */
const mirror = new Map<string, unknown>();
let cursor: string | null = null;
/** Follows the feed; answers what it brought, as `action path`. */
async function follow(): Promise<string[]> {
  const seen: string[] = [];
  for (;;) {
    await changesSettled(t.database.db);
    const page = await ok<PublicChangePage>(
      await portal.inject({
        method: 'GET',
        url: `/api/v1/public/changes?limit=100&lang=de&${cursor ? `cursor=${cursor}` : 'since=2026-06-01T00:00:00Z'}`,
      }),
    );
    for (const item of page.items) {
      const path = new URL(item.url).pathname;
      seen.push(`${item.action} ${path}`);
      if (item.action === 'delete') mirror.delete(path);
      else mirror.set(path, item[item.resource]);
    }
    cursor = page.nextCursor ?? cursor;
    if (!page.hasMore) return seen;
  }
}

describe('changes that come with the day alone', () => {
  it('are logged once when the day passes, so that a mirror stays equal to the public answers', async () => {
    const closing = await write('/api/v1/funding-calls', {
      programme: 'interreg',
      programmeName: 'INTERREG VI A Brandenburg–Polska 2021–2027',
      title: { de: 'Kleinprojekte' },
      regions: ['PL43'],
      closesOn: '2026-06-10',
      partner: 'BIC',
      published: true,
    });
    const opening = await write('/api/v1/funding-calls', {
      programme: 'interreg',
      programmeName: 'INTERREG VI A Brandenburg–Polska 2021–2027',
      title: { de: 'Netzwerkprojekte' },
      regions: ['PL43'],
      opensOn: '2026-06-05',
      closesOn: '2026-09-30',
      partner: 'BIC',
      published: true,
    });
    const later = await write('/api/v1/funding-calls', {
      programme: 'interreg',
      programmeName: 'INTERREG VI A Brandenburg–Polska 2021–2027',
      title: { de: 'Herbstaufruf' },
      regions: ['PL43'],
      opensOn: '2026-08-01',
      closesOn: '2026-10-30',
      partner: 'BIC',
      published: true,
    });
    const event = await organisedEvent(admin, {
      title: { de: 'Dialog Guben' },
      date: '2026-06-20',
      place: 'Guben',
      languages: ['de', 'pl'],
      organisingPartner: 'BIC',
      registrationClosesOn: '2026-06-09',
    });
    const cluster = await write('/api/v1/clusters', {
      kind: 'cluster',
      name: { de: 'Optik-Cluster Spree' },
      regions: ['DE40G'],
      partner: 'BIC',
      published: true,
    });
    const owner = await write('/api/v1/organisations?confirmDistinct=true', {
      name: 'Spree Optik GmbH',
      type: 'sme',
      country: 'DE',
      region: 'DE40G',
      published: true,
    });
    const profile = await write('/api/v1/profiles', {
      kind: 'offer',
      type: 'technology',
      partner: 'BIC',
      status: 'published',
      ownerKind: 'organisation',
      ownerId: owner.id,
      title: { de: 'Präzisionsoptik' },
      validUntil: '2026-06-08',
    });
    const urls = [
      `/api/v1/public/funding-calls/${closing.slug}`,
      `/api/v1/public/funding-calls/${opening.slug}`,
      `/api/v1/public/funding-calls/${later.slug}`,
      `/api/v1/public/events/${event.slug}`,
      `/api/v1/public/clusters/${cluster.slug}`,
      `/api/v1/public/opportunities/${profile.id}`,
    ];
    await follow();
    // The brand awarded (written by the brand's decision; here by hand): the cluster's document
    // changes though the cluster's row does not, and the feed says so.
    await t.database.db.execute(
      sql`INSERT INTO brand_awards (certificate_number, cluster_id, valid_from, valid_until, state)
          VALUES ('EUR-2024-0007', ${cluster.id}, '2024-06-07', '2026-06-06', 'active')`,
    );
    expect(await follow()).toEqual([`upsert /api/v1/public/clusters/${cluster.slug}`]);
    expect(mirror.get(urls[4]!)).toMatchObject({ brand: true });
    expect(await logCalendarChanges(t.database.db, '2026-06-03')).toBe(0);
    expect(new Map([...mirror].filter(([url]) => urls.includes(url)))).toEqual(await current(urls));

    // A week later, not one write: the public answers changed with the day…
    now = new Date('2026-06-10T08:00:00Z');
    const answers = await current(urls);
    expect((answers.get(urls[0]!) as PublicFundingCall).status).toBe('open');
    expect((answers.get(urls[1]!) as PublicFundingCall).status).toBe('open');
    expect((answers.get(urls[3]!) as PublicEvent).registrationOpen).toBe(false);
    expect((answers.get(urls[4]!) as PublicClusterDetail).brand).toBe(false);
    expect(answers.has(urls[5]!)).toBe(false);
    // …and the feed learns of it once the calendar's round has run, once however many processes
    // run it at the same time.
    expect(await follow()).toEqual([]);
    const counts = await Promise.all([logCalendarChanges(t.database.db, '2026-06-10'), logCalendarChanges(t.database.db, '2026-06-10')]);
    expect(counts.sort()).toEqual([0, 4]);
    expect((await follow()).sort()).toEqual(
      [
        `upsert /api/v1/public/funding-calls/${opening.slug}`,
        `upsert /api/v1/public/events/${event.slug}`,
        `upsert /api/v1/public/clusters/${cluster.slug}`,
        `delete /api/v1/public/opportunities/${profile.id}`,
      ].sort(),
    );
    expect(new Map([...mirror].filter(([url]) => urls.includes(url)))).toEqual(answers);
    // The same day again: nothing more.
    expect(await logCalendarChanges(t.database.db, '2026-06-10')).toBe(0);
    expect(await follow()).toEqual([]);

    // The call closes the day after its last day.
    now = new Date('2026-06-11T08:00:00Z');
    expect(await logCalendarChanges(t.database.db, '2026-06-11')).toBe(1);
    expect(await follow()).toEqual([`upsert /api/v1/public/funding-calls/${closing.slug}`]);
    expect((mirror.get(urls[0]!) as PublicFundingCall).status).toBe('closed');
    expect(new Map([...mirror].filter(([url]) => urls.includes(url)))).toEqual(await current(urls));
  });
});
