import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import {
  PublicFundingCallListQuerySchema,
  PublicFundingCallPageSchema,
  PublicFundingCallSchema,
  languageOrder,
  localDay,
  type Locale,
} from '@euregionet/shared';
import {
  assertReadModel,
  compareWithTables,
  createPortalTestApp,
  documentRows,
  movableClock,
  type PortalGet,
} from '../../test/read-model.js';
import { ok, TEST_NOW, type Principal, type TestApp } from '../../test/app.js';
import { createPublicFundingCallRepo, toPublicFundingCall } from './funding-calls.public.js';

let t: TestApp;
let admin: Principal;
let get: PortalGet;

/** The app's day moves (forward and back): a call's status changes with it, with no write. */
const clock = movableClock();

beforeAll(async () => ({ t, admin, get } = await createPortalTestApp(clock)));
afterAll(() => t.close());

describe('funding calls from the read model', () => {
  it('sends the stored bytes, and forgets an unpublished call before the write is acknowledged', async () => {
    const call = await ok<{ id: string; slug: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/funding-calls',
        payload: { programme: 'interreg', programmeName: 'INTERREG VI A', title: { pl: 'Nabór bajtów' }, partner: 'LOP', published: true },
      }),
      201,
    );
    expect((await get(`/funding-calls/${call.slug}?lang=pl`)).statusCode).toBe(200);
    expect(await documentRows(t.database.db, call.id)).toBe(3);
    // Bytes the response schema would refuse: only a read that serves the documents sends them.
    await t.database.db.execute(
      sql`UPDATE public_documents SET item = ARRAY['{"stored":1}'], detail = ARRAY['{"stored":2}'] WHERE record_id = ${call.id} AND lang = 'pl'`,
    );
    expect((await get(`/funding-calls/${call.slug}?lang=pl`)).body).toBe('{"stored":2}');
    expect((await get('/funding-calls?lang=pl')).body).toContain('{"stored":1}');

    const unpublished = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/funding-calls/${call.id}`,
      headers: { 'if-match': '"v1"' },
      payload: { published: false },
    });
    expect(unpublished.statusCode).toBe(200);
    expect(await documentRows(t.database.db, call.id)).toBe(0);
    expect((await get(`/funding-calls/${call.slug}?lang=pl`)).statusCode).toBe(404);
    expect((await get('/funding-calls?lang=pl')).body).not.toContain('stored');
  });
});

/*
 * The property: after any sequence of writes (made in SQL, as an import would make them) and
 * days passing, with reads in between that build documents, every public answer about funding
 * calls equals the answer computed from the tables by the code that served it before the read
 * model, serialized as the API does.
 */
const CALLS = 4;
const callId = (i: number) => `00000000-0000-4000-8000-0000000fc00${i}`;
const SLUGS = (i: number) => [`call-${i}`, `call-${i}-renamed`];

const titles = fc.constantFrom({ de: 'Aufruf' }, { pl: 'Nabór', en: 'Call' }, { de: 'Oder', pl: 'Odra' }, { en: 'Mobility' });
// Around the test's day, 2026-06-03: a call that opened or opens, closed or closes, on or near it.
const days = fc.constantFrom(null, '2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-07-01');

type Write =
  | {
      op: 'upsert';
      i: number;
      slug: 0 | 1;
      title: object;
      opensOn: string | null;
      closesOn: string | null;
      countries: readonly string[];
      published: boolean;
    }
  | { op: 'publish'; i: number; published: boolean }
  | { op: 'delete'; i: number }
  | { op: 'day'; now: string };

const writes: fc.Arbitrary<Write> = fc.oneof(
  fc.record({
    op: fc.constant('upsert' as const),
    i: fc.nat(CALLS - 1),
    slug: fc.constantFrom(0 as const, 1 as const),
    title: titles,
    opensOn: days,
    closesOn: days,
    countries: fc.constantFrom([], ['PL'], ['DE', 'PL']),
    published: fc.boolean(),
  }),
  fc.record({ op: fc.constant('publish' as const), i: fc.nat(CALLS - 1), published: fc.boolean() }),
  fc.record({ op: fc.constant('delete' as const), i: fc.nat(CALLS - 1) }),
  fc.record({
    op: fc.constant('day' as const),
    now: fc.constantFrom(
      '2026-06-01T08:00:00Z',
      '2026-06-03T08:00:00Z',
      '2026-06-04T23:30:00Z',
      '2026-06-05T08:00:00Z',
      '2026-07-02T08:00:00Z',
    ),
  }),
);

async function apply(w: Write) {
  const db = t.database.db;
  switch (w.op) {
    case 'day':
      clock.at = w.now;
      return;
    case 'upsert':
      await db.execute(sql`INSERT INTO funding_calls (id, slug, programme, programme_name, title, opens_on, closes_on, countries, partner, published)
        VALUES (${callId(w.i)}, ${SLUGS(w.i)[w.slug]}, 'interreg', 'INTERREG VI A', ${JSON.stringify(w.title)}::jsonb, ${w.opensOn}::date, ${w.closesOn}::date,
                ${`{${w.countries.join(',')}}`}::text[], 'BIC', ${w.published})
        ON CONFLICT (id) DO UPDATE SET slug = EXCLUDED.slug, title = EXCLUDED.title, opens_on = EXCLUDED.opens_on, closes_on = EXCLUDED.closes_on,
          countries = EXCLUDED.countries, published = EXCLUDED.published, updated_at = now()`);
      return;
    case 'publish':
      await db.execute(sql`UPDATE funding_calls SET published = ${w.published}, updated_at = now() WHERE id = ${callId(w.i)}`);
      return;
    case 'delete':
      await db.execute(sql`DELETE FROM funding_calls WHERE id = ${callId(w.i)}`);
      return;
  }
}

const ORDERS: Locale[][] = [['pl'], ['pl', 'en'], ['de'], ['en', 'pl']];
const FILTERS: Record<string, string>[] = [{}, { status: 'closed' }, { status: 'open,upcoming,closed' }, { country: 'PL' }];

const compare = compareWithTables((url) => get(url));

/** Every answer of the read model against the tables' answer, as bytes. */
async function compareAll() {
  const oracle = createPublicFundingCallRepo(t.database.db);
  const today = localDay(clock.now());
  for (const order of ORDERS) {
    const lang = order.join(',');
    const full = languageOrder(order);
    for (const filter of FILTERS) {
      const list = async (params: Record<string, string>) => {
        const page = await oracle.list(PublicFundingCallListQuerySchema.parse(params), today);
        return { lang: full[0], items: page.items.map((r) => toPublicFundingCall(r, full, today)), nextCursor: page.nextCursor };
      };
      await compare.pages('/funding-calls', { lang, ...filter }, list, PublicFundingCallPageSchema, { today });
    }
    for (let i = 0; i < CALLS; i++) {
      for (const slug of SLUGS(i)) {
        const detail = async () => {
          const row = await oracle.bySlug(slug);
          return row && toPublicFundingCall(row, full, today);
        };
        await compare.detail(`/funding-calls/${slug}?lang=${lang}`, detail, PublicFundingCallSchema, { today });
      }
    }
  }
}

async function reset() {
  clock.at = TEST_NOW;
  await t.database.db.execute(sql`DELETE FROM funding_calls`);
  for (let i = 0; i < CALLS; i++)
    await apply({
      op: 'upsert',
      i,
      slug: 0,
      title: { de: `Aufruf ${i}`, pl: `Nabór ${i}` },
      opensOn: '2026-06-01',
      closesOn: i % 2 ? '2026-06-03' : null,
      countries: i % 2 ? ['PL'] : [],
      published: true,
    });
}

describe('the funding calls read model', () => {
  it('answers what the tables answer after any sequence of writes and days', async () => {
    await assertReadModel({
      writes,
      reset,
      apply,
      compareAll,
      // A call that closes on the test's day, read, then read the day after (and back again);
      // a call renamed (and moved to another slug) after it was read.
      examples: [
        [
          [
            [{ op: 'day', now: '2026-06-03T08:00:00Z' }, true],
            [
              {
                op: 'upsert',
                i: 0,
                slug: 1,
                title: { en: 'Mobility' },
                opensOn: null,
                closesOn: null,
                countries: ['PL'],
                published: true,
              },
              true,
            ],
          ],
        ],
        [
          [
            [{ op: 'day', now: '2026-06-03T08:00:00Z' }, true],
            [{ op: 'day', now: '2026-06-04T23:30:00Z' }, true],
            [{ op: 'day', now: '2026-06-01T08:00:00Z' }, true],
          ],
        ],
      ],
    });
  }, 600_000);
});
