import { expect } from '@jest/globals';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { z } from 'zod';
import { queryRows, type Db } from '../db/client.js';
import type { Clock } from '../clock.js';
import { createTestApp, TEST_NOW, type Principal, type TestApp } from './app.js';

/** A clock that stands at `at` until the test moves it (forward and back): the day changes with no write. */
export function movableClock(at: string = TEST_NOW) {
  return {
    at,
    now(): Date {
      return new Date(this.at);
    },
  };
}

/** A GET of `/api/v1/public<url>` by a portal key. */
export type PortalGet = (url: string) => Promise<LightMyRequestResponse>;

/**
 * The start of a read model test: a test app (at `clock` when given), its administrator and
 * `get(url)` of a portal. Neither limits the rate: a property reads many times.
 */
export async function createPortalTestApp(clock?: Clock): Promise<{ t: TestApp; admin: Principal; get: PortalGet }> {
  const t = await createTestApp({ rateLimitPerMinute: 100_000 }, clock ? { clock } : {});
  const portal = await t.apiKey(['public:read'], { rateLimitPerMinute: 100_000 });
  return { t, admin: await t.admin(), get: (url: string) => portal.inject({ method: 'GET', url: `/api/v1/public${url}` }) };
}

/** The number of public documents (one per language) stored for a record. */
export async function documentRows(db: Db, recordId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM public_documents WHERE record_id = ${recordId}`);
  return row!.n;
}

/** The stored bytes of a record's documents, in every language: what a leak would be found in. */
export async function storedBytes(db: Db, recordId: string): Promise<string> {
  const rows = await queryRows<{ bytes: string | null }>(
    db,
    sql`SELECT concat_ws(' ', array_to_string(item, ''), array_to_string(item_alt, ''), array_to_string(detail, ''), array_to_string(detail_alt, '')) AS bytes
          FROM public_documents WHERE record_id = ${recordId}`,
  );
  return rows.map((r) => r.bytes ?? '').join('\n');
}

/**
 * The read model's property, for any kind of public document: after any sequence of writes (and
 * days passing), with reads in between that build documents which later writes must make stale,
 * every public answer equals the answer computed from the tables (`compareAll`). `reset` empties
 * what the previous run wrote; `examples` are sequences that random runs reach rarely.
 * `PROPERTY_RUNS` sets the number of random runs (8 by default).
 */
export async function assertReadModel<W>(property: {
  writes: fc.Arbitrary<W>;
  reset: () => Promise<void>;
  apply: (write: W) => Promise<void>;
  compareAll: () => Promise<void>;
  maxLength?: number;
  examples?: [steps: [W, boolean][]][];
}): Promise<void> {
  const { writes, reset, apply, compareAll, maxLength = 12, examples = [] } = property;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(writes, fc.boolean()), { minLength: 1, maxLength }), async (steps) => {
      await reset();
      for (const [write, readNow] of steps) {
        await apply(write);
        if (readNow) await compareAll();
      }
      await compareAll();
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 8), endOnFailure: true, examples },
  );
}

/** An answer as the API serializes it: the expected bytes of a comparison with the tables. */
export const encode = (schema: z.ZodType, value: unknown) => JSON.stringify(z.encode(schema, value));

/**
 * A check that one ETag never names two bodies of one URL (a portal would get 304 for a change):
 * remembers every ETag a URL answered with, with its body, for the test file's whole run.
 */
function oneBodyPerEtag() {
  const bodiesByEtag = new Map<string, string>();
  return (url: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
    if (res.statusCode !== 200) return;
    const key = `${url} ${String(res.headers.etag)}`;
    const earlier = bodiesByEtag.get(key);
    if (earlier === undefined) bodiesByEtag.set(key, res.body);
    else expect({ url, body: res.body }).toEqual({ url, body: earlier });
  };
}

/**
 * The comparison of a `compareAll`: each answer of the read model (through `get`) against the
 * answer computed from the tables, as bytes, and no ETag of a URL with two bodies over the file's
 * run. `context` (the day, say) goes into the comparison so that a failure says when it failed.
 */
export function compareWithTables(get: PortalGet) {
  const expectEtagOfOneBody = oneBodyPerEtag();
  const answer = async (url: string) => {
    const res = await get(url);
    expectEtagOfOneBody(url, res);
    return res;
  };
  return {
    /**
     * Every page of the list at `path?params`, two records a page so that cursors are used: the
     * tables' page for the same parameters is `tables(params)`, encoded with `schema`.
     */
    async pages(
      path: string,
      params: Record<string, string>,
      tables: (params: Record<string, string>) => Promise<{ nextCursor?: string | null }>,
      schema: z.ZodType,
      context: object = {},
    ): Promise<void> {
      let cursor: string | undefined;
      do {
        const pageParams = { ...params, limit: '2', ...(cursor ? { cursor } : {}) };
        const url = `${path}?${new URLSearchParams(pageParams).toString()}`;
        const res = await answer(url);
        const expected = await tables(pageParams);
        expect({ url, ...context, body: res.body }).toEqual({ url, ...context, body: encode(schema, expected) });
        cursor = expected.nextCursor ?? undefined;
      } while (cursor);
    },
    /** The record at `url`: the tables' record is `tables()`, encoded with `schema`; undefined or a failure is a 404. */
    async detail(url: string, tables: () => Promise<unknown>, schema: z.ZodType, context: object = {}): Promise<void> {
      const res = await answer(url);
      const expected = await tables().catch(() => undefined);
      expect({ url, ...context, body: res.statusCode === 404 ? 'not found' : res.body }).toEqual({
        url,
        ...context,
        body: expected === undefined ? 'not found' : encode(schema, expected),
      });
    },
  };
}
