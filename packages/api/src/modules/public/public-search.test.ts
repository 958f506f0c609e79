import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { languageOrder, PublicClusterListQuerySchema, PublicClusterPageSchema, type Locale } from '@euregionet/shared';
import { DEMO_LOAD_TIMEOUT } from '../../demo/load.js';
import { createTestAppWithPortal, withDemoDirectory, json, type Principal, type TestApp } from '../../test/app.js';
import { todayOn } from '../../clock.js';
import { createPublicDocuments } from './public-documents.js';
import { createPublicService } from './public.service.js';

/*
 * Search answers from the public documents: every page, for texts with typos, with and without
 * Polish and German diacritics, prefixes, stems and websearch operators, under filters, in each
 * order of languages and both sorts, must be the bytes the search on the tables answers (the
 * service that served portals before, kept as the fallback), paged by the same cursors.
 */

let t: TestApp;
let portal: Principal;

beforeAll(
  async () => ({ t, portal } = await withDemoDirectory(createTestAppWithPortal(['public:read'], { rateLimitPerMinute: 100_000 }))),
  DEMO_LOAD_TIMEOUT,
);
afterAll(() => t.close());

const BASE = 'http://localhost:80';

const TEXTS = [
  // Diacritics typed or left out, in Polish and German.
  'zielona gora',
  'Zielona Góra',
  'żywności',
  'zywnosci',
  'Łużyce',
  'luzyce',
  'Ernahrungswirtschaft',
  'Möbel',
  'mobel',
  // Typos, widened to the directory's most similar words.
  'photnics',
  'Kunstoffverarbeiter',
  'Wasserstof',
  'Logistk Oder',
  // Prefixes and stems: a German compound, a Polish ending, an English plural.
  'metal',
  'Gesundheit',
  'energ',
  'networks',
  // Websearch syntax: a phrase, an exclusion, an alternative.
  '"grüne energie"',
  'energy -wind',
  'solar or wind',
  // Matches nothing; a single short word.
  'xyzzyq',
  'it',
];

/** The same text under filters and the other sort. */
const VARIANTS = ['&country=PL', '&brand=true', '&sector=C', '&sort=name'];
const ORDERS: Locale[][] = [['pl'], ['de', 'en'], ['en'], ['en', 'pl']];
const LIMIT = 2;

const encode = (value: z.output<typeof PublicClusterPageSchema>) => JSON.stringify(z.encode(PublicClusterPageSchema, value));

/** Every page of a search from the documents and from the tables, compared byte for byte; the items seen. */
async function comparePages(text: string, variant: string, order: Locale[]) {
  const documents = createPublicDocuments(t.database.db, todayOn(t.clock));
  const tables = createPublicService(t.database.db, { clock: t.clock });
  const full = languageOrder(order);
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams(`limit=${LIMIT}&q=${encodeURIComponent(text)}${variant}`);
    if (cursor) params.set('cursor', cursor);
    const query = PublicClusterListQuerySchema.parse(Object.fromEntries(params));
    const expected = await tables.list(query, full, BASE);
    const answer = await documents.list(query, full, BASE);
    expect({ text, variant, order, cursor, body: answer?.body }).toEqual({ text, variant, order, cursor, body: encode(expected) });
    seen.push(...expected.items.map((i) => i.slug));
    cursor = expected.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

describe('search from the public documents', () => {
  it('answers every page as the search on the tables does', async () => {
    const found = new Map<string, string[]>();
    for (const [i, text] of TEXTS.entries()) {
      // Every order of languages without filters; under each filter one order, in turn.
      for (const order of ORDERS) found.set(text, await comparePages(text, '', order));
      for (const [j, variant] of VARIANTS.entries()) await comparePages(text, variant, ORDERS[(i + j) % ORDERS.length]!);
    }
    // The comparison means something only if the searches find: typos, diacritics and prefixes included.
    expect(found.get('photnics')).toContain('photonik-oder');
    expect(found.get('luzyce')).toEqual(found.get('Łużyce'));
    expect(found.get('zywnosci')?.[0]).toBe('lubuski-klaster-zywnosci');
    expect(found.get('mobel')).toContain('lubuski-klaster-drzewny');
    expect(found.get('metal')!.length).toBeGreaterThan(1);
    expect(found.get('xyzzyq')).toEqual([]);
  }, 120_000);

  it('finds a cluster by its new name, and no longer by its old one, once it is renamed', async () => {
    const search = async (q: string) =>
      json<{ items: { slug: string }[] }>(
        await portal.inject({ method: 'GET', url: `/api/v1/public/clusters?lang=pl&q=${encodeURIComponent(q)}` }),
      ).items.map((i) => i.slug);
    expect(await search('Fotoniki')).toContain('photonik-oder');
    // As any writer would (an import, a script): the triggers empty its documents.
    await t.database.db.execute(sql`UPDATE clusters SET
        name = '{"de": "Lichttechnik-Netzwerk Oder", "pl": "Sieć Optyczna Odra", "en": "Oder Optics Network"}'::jsonb,
        description = '{"pl": "Optyka we Frankfurcie nad Odrą."}'::jsonb
      WHERE slug = 'photonik-oder'`);
    expect(await search('Fotoniki')).not.toContain('photonik-oder');
    expect(await search('Optyczna')).toContain('photonik-oder');
    await comparePages('Optyczna', '', ['pl']);
    await comparePages('Fotoniki', '', ['pl']);
  });
});
