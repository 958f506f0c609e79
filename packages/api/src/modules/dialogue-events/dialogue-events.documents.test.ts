import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { PublicEventListQuerySchema, PublicEventPageSchema, PublicEventSchema, languageOrder, type Locale } from '@euregionet/shared';
import { assertReadModel, compareWithTables, createPortalTestApp, movableClock, type PortalGet } from '../../test/read-model.js';
import { TEST_NOW, type TestApp } from '../../test/app.js';
import { createDialogueEventService } from './dialogue-events.service.js';

let t: TestApp;
let get: PortalGet;

/** The app's day moves (forward and back): registration opens and closes with it, with no write. */
const clock = movableClock();

beforeAll(async () => ({ t, get } = await createPortalTestApp(clock)));
afterAll(() => t.close());

const BASE = 'http://localhost:80';

/*
 * The property: after any sequence of writes (made in SQL, as an import would make them) and
 * days passing, with reads in between that build documents, every public answer about events
 * equals the answer computed from the tables by the service that served it before the read
 * model, serialized as the API does.
 */
const EVENTS = 3;
const CLUSTERS = 2;
const eventId = (i: number) => `00000000-0000-4000-8000-0000000ee00${i}`;
const clusterId = (i: number) => `00000000-0000-4000-8000-0000000ec00${i}`;
const slugOf = (i: number) => `event-${i}`;

// Around the test's day, 2026-06-03.
const days = fc.constantFrom(null, '2026-06-02', '2026-06-03', '2026-06-04');

type Write =
  | {
      op: 'upsert';
      i: number;
      status: string;
      title: object;
      date: string;
      opensOn: string | null;
      closesOn: string | null;
      capacity: number | null;
    }
  | { op: 'delete'; i: number }
  | { op: 'register'; i: number; email: string; status: 'confirmed' | 'waiting' }
  | { op: 'cancel'; i: number; email: string }
  | { op: 'link'; i: number; c: number; linked: boolean }
  | { op: 'renameCluster'; c: number; name: object }
  | { op: 'deleteCluster'; c: number; deleted: boolean }
  | { op: 'publishCluster'; c: number; published: boolean }
  | { op: 'day'; now: string };

const emails = fc.constantFrom('a@example.pl', 'b@example.de');
const writes: fc.Arbitrary<Write> = fc.oneof(
  fc.record({
    op: fc.constant('upsert' as const),
    i: fc.nat(EVENTS - 1),
    status: fc.constantFrom('draft', 'published', 'registration_closed', 'cancelled'),
    title: fc.constantFrom({ de: 'Treffen' }, { pl: 'Spotkanie', en: 'Meeting' }),
    date: fc.constantFrom('2026-06-02', '2026-06-03', '2026-06-04', '2026-07-01'),
    opensOn: days,
    closesOn: days,
    capacity: fc.constantFrom(null, 1, 2),
  }),
  fc.record({ op: fc.constant('delete' as const), i: fc.nat(EVENTS - 1) }),
  fc.record({
    op: fc.constant('register' as const),
    i: fc.nat(EVENTS - 1),
    email: emails,
    status: fc.constantFrom('confirmed' as const, 'waiting' as const),
  }),
  fc.record({ op: fc.constant('cancel' as const), i: fc.nat(EVENTS - 1), email: emails }),
  fc.record({ op: fc.constant('link' as const), i: fc.nat(EVENTS - 1), c: fc.nat(CLUSTERS - 1), linked: fc.boolean() }),
  fc.record({
    op: fc.constant('renameCluster' as const),
    c: fc.nat(CLUSTERS - 1),
    name: fc.constantFrom({ de: 'Oder Bund' }, { pl: 'Klaster Odry', en: 'Oder Cluster' }),
  }),
  fc.record({ op: fc.constant('deleteCluster' as const), c: fc.nat(CLUSTERS - 1), deleted: fc.boolean() }),
  fc.record({ op: fc.constant('publishCluster' as const), c: fc.nat(CLUSTERS - 1), published: fc.boolean() }),
  fc.record({
    op: fc.constant('day' as const),
    now: fc.constantFrom('2026-06-02T08:00:00Z', '2026-06-03T08:00:00Z', '2026-06-04T23:30:00Z', '2026-06-05T08:00:00Z'),
  }),
);

async function apply(w: Write) {
  const db = t.database.db;
  switch (w.op) {
    case 'day':
      clock.at = w.now;
      return;
    case 'upsert':
      await db.execute(sql`INSERT INTO dialogue_events (id, slug, status, title, date, place, languages, capacity, registration_opens_on, registration_closes_on, organising_partner)
        VALUES (${eventId(w.i)}, ${slugOf(w.i)}, ${w.status}, ${JSON.stringify(w.title)}::jsonb, ${w.date}::date, 'Frankfurt (Oder)', '{de,pl}', ${w.capacity},
                ${w.opensOn}::date, ${w.closesOn}::date, 'BIC')
        ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, title = EXCLUDED.title, date = EXCLUDED.date, capacity = EXCLUDED.capacity,
          registration_opens_on = EXCLUDED.registration_opens_on, registration_closes_on = EXCLUDED.registration_closes_on, updated_at = now()`);
      return;
    case 'delete':
      await db.execute(sql`DELETE FROM dialogue_events WHERE id = ${eventId(w.i)}`);
      return;
    case 'register':
      await db.execute(sql`INSERT INTO dialogue_event_registrations (event_id, status, name, email, country, language, consent_text_version, consented_at, source, cancel_token_hash)
        SELECT ${eventId(w.i)}, ${w.status}, 'Anna', ${w.email}, 'PL', 'pl', 'v1', now(), 'portal', gen_random_uuid()::text
         WHERE EXISTS (SELECT 1 FROM dialogue_events WHERE id = ${eventId(w.i)})
           AND NOT EXISTS (SELECT 1 FROM dialogue_event_registrations WHERE event_id = ${eventId(w.i)} AND email = ${w.email} AND status <> 'cancelled')`);
      return;
    case 'cancel':
      await db.execute(
        sql`UPDATE dialogue_event_registrations SET status = 'cancelled', cancelled_at = now() WHERE event_id = ${eventId(w.i)} AND email = ${w.email} AND status <> 'cancelled'`,
      );
      return;
    case 'link':
      await db.execute(
        w.linked
          ? sql`INSERT INTO dialogue_event_clusters (event_id, cluster_id) SELECT ${eventId(w.i)}, ${clusterId(w.c)}
                 WHERE EXISTS (SELECT 1 FROM dialogue_events WHERE id = ${eventId(w.i)}) ON CONFLICT DO NOTHING`
          : sql`DELETE FROM dialogue_event_clusters WHERE event_id = ${eventId(w.i)} AND cluster_id = ${clusterId(w.c)}`,
      );
      return;
    case 'renameCluster':
      await db.execute(sql`UPDATE clusters SET name = ${JSON.stringify(w.name)}::jsonb WHERE id = ${clusterId(w.c)}`);
      return;
    case 'deleteCluster':
      await db.execute(sql`UPDATE clusters SET deleted_at = ${w.deleted ? sql`now()` : sql`NULL`} WHERE id = ${clusterId(w.c)}`);
      return;
    case 'publishCluster':
      await db.execute(sql`UPDATE clusters SET published = ${w.published} WHERE id = ${clusterId(w.c)}`);
      return;
  }
}

const ORDERS: Locale[][] = [['pl'], ['de'], ['en', 'pl']];

const compare = compareWithTables((url) => get(url));

/** Every answer of the read model against the tables' answer, as bytes. */
async function compareAll() {
  const oracle = createDialogueEventService(t.database.db, { clock });
  const day = { day: clock.at.slice(0, 10) };
  for (const order of ORDERS) {
    const lang = order.join(',');
    const full = languageOrder(order);
    const list = (params: Record<string, string>) => oracle.publicList(PublicEventListQuerySchema.parse(params), full, BASE);
    await compare.pages('/events', { lang }, list, PublicEventPageSchema, day);
    for (let i = 0; i < EVENTS; i++) {
      const detail = () => oracle.publicDetail(slugOf(i), full, BASE);
      await compare.detail(`/events/${slugOf(i)}?lang=${lang}`, detail, PublicEventSchema, day);
    }
  }
}

/** Each run starts from published events, the first two with a cluster each, so that most writes change a document. */
async function reset() {
  const db = t.database.db;
  clock.at = TEST_NOW;
  for (const table of ['dialogue_event_registrations', 'dialogue_event_clusters', 'dialogue_events'])
    await db.execute(sql.raw(`DELETE FROM ${table}`));
  await db.execute(sql`DELETE FROM clusters WHERE id IN (${clusterId(0)}, ${clusterId(1)})`);
  for (let c = 0; c < CLUSTERS; c++)
    await db.execute(sql`INSERT INTO clusters (id, slug, kind, status, name, regions, countries, partner, published)
      VALUES (${clusterId(c)}, ${`event-cluster-${c}`}, 'cluster', 'established', ${JSON.stringify({ de: `Netz ${c}` })}::jsonb, '{DE403}', '{DE}', 'BIC', true)`);
  for (let i = 0; i < EVENTS; i++) {
    await apply({
      op: 'upsert',
      i,
      status: 'published',
      title: { de: `Treffen ${i}`, pl: `Spotkanie ${i}` },
      date: i ? '2026-06-04' : '2026-06-03',
      opensOn: null,
      closesOn: i === 1 ? '2026-06-03' : null,
      capacity: 2,
    });
    if (i < CLUSTERS) await apply({ op: 'link', i, c: i, linked: true });
  }
}

describe('the events read model', () => {
  it('names only published clusters, and forgets a cluster once it is unpublished', async () => {
    await reset();
    await apply({ op: 'link', i: 2, c: 1, linked: true });
    const clustersOf = async () =>
      (JSON.parse((await get(`/events/${slugOf(2)}?lang=de`)).body) as { clusters: { text: string }[] }).clusters.map((c) => c.text);
    expect(await clustersOf()).toEqual(['Netz 1']);
    await apply({ op: 'publishCluster', c: 1, published: false });
    expect(await clustersOf()).toEqual([]);
    await apply({ op: 'publishCluster', c: 1, published: true });
    expect(await clustersOf()).toEqual(['Netz 1']);
  });

  it('answers what the tables answer after any sequence of writes and days', async () => {
    await assertReadModel({
      writes,
      reset,
      apply,
      compareAll,
      // After a read: a registration (places left), a cluster renamed, registration closing overnight.
      examples: [
        [
          [
            [{ op: 'day', now: '2026-06-03T08:00:00Z' }, true],
            [{ op: 'register', i: 0, email: 'a@example.pl', status: 'confirmed' }, true],
            [{ op: 'renameCluster', c: 1, name: { pl: 'Klaster Odry', en: 'Oder Cluster' } }, true],
            [{ op: 'day', now: '2026-06-04T23:30:00Z' }, true],
          ],
        ],
      ],
    });
  }, 600_000);
});
