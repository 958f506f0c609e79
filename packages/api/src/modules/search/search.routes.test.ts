import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { foldLetters, SEARCH_FACETS, type Organisation, type SearchResult } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { DEMO_LOAD_TIMEOUT } from '../../demo/load.js';
import { created, createTestAppWithAdmin, read, withDemoDirectory, json, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  ({ t, admin } = await withDemoDirectory(createTestAppWithAdmin()));
  // An organisation outside the programme area, for the letters that only Łódź has.
  await created(admin, '/api/v1/organisations', {
    name: 'Politechnika Łódzka – Centrum Transferu',
    type: 'research',
    country: 'PL',
    city: 'Łódź',
    competences: { pl: 'Włókiennictwo i tekstronika', de: 'Textiltechnik und intelligente Textilien' },
  });
}, DEMO_LOAD_TIMEOUT);
afterAll(() => t.close());

const search = (query: string) => read<SearchResult>(admin, `/api/v1/search?${query}`);
const q = (text: string, rest = '') => search(`q=${encodeURIComponent(text)}&limit=100${rest}`);
const names = (r: SearchResult) => r.items.map((i) => i.name);

describe('folding in the app and in the database', () => {
  it('agree letter for letter, so that a text the app folds is the text the search indexes', async () => {
    const words = [
      'Łódź',
      'Straße',
      'Ä',
      'Märkte',
      'Gorzów Wielkopolski',
      'ŻAGAŃ',
      'Świebodzin',
      'Eisenhüttenstadt',
      'Chóśebuz',
      'Ærø',
      'Œuvre',
    ];
    const [row] = await queryRows<{ folded: string[] }>(
      t.database.db,
      sql`SELECT ARRAY[${sql.join(
        words.map((w) => sql`lower(immutable_unaccent(${w}::text))`),
        sql`, `,
      )}] AS folded`,
    );
    expect(row!.folded).toEqual(words.map(foldLetters));
    expect(row!.folded.slice(0, 4)).toEqual(['lodz', 'strasse', 'a', 'markte']);
  });
});

describe('search across clusters and organisations', () => {
  it('finds Polish words with and without diacritics', async () => {
    for (const text of ['Łódź', 'lodz', 'LODZ']) expect(names(await q(text))).toContain('Politechnika Łódzka – Centrum Transferu');
    for (const text of ['żywności', 'zywnosci']) expect(names(await q(text, '&lang=pl'))).toContain('Lubuski Klaster Żywności i Wina');
    for (const text of ['Świebodzin', 'swiebodzin']) {
      expect(names(await q(text))).toContain('Świebodzińskie Zakłady Drzewne Sp. z o.o.');
    }
    for (const text of ['spawanie zrobotyzowane', 'Gorzów metalowe', 'gorzow metalowe']) {
      expect(names(await q(text))).toContain('Gorzowskie Zakłady Metalowe Sp. z o.o.');
    }
  });

  it('finds German words with and without umlauts and ß, and by their stem', async () => {
    for (const text of ['Möbel', 'mobel']) expect(names(await q(text, '&lang=de'))).toContain('Lebuser Holz- und Möbelcluster');
    for (const text of ['Eisenhüttenstadt', 'eisenhuttenstadt']) expect(names(await q(text))).toContain('Oderstahl Eisenhüttenstadt GmbH');
    for (const text of ['Fürstenwalde', 'furstenwalde'])
      expect(names(await q(text))).toContain('Wirtschaftsförderung Land Brandenburg – Büro Ost');
    // "Kunststoffverarbeiter" is in a description; the German stem matches other forms of the word.
    expect(names(await q('Kunststoffverarbeitern', '&lang=de'))).toContain('Kunststoffe und Chemie Oder-Neiße');
  });

  it('forgives small typos', async () => {
    expect(names(await q('photnics', '&lang=en'))).toContain('Oder Photonics Network');
    expect(names(await q('Gorzuw metalowe'))).toContain('Gorzowskie Zakłady Metalowe Sp. z o.o.');
    expect(names(await q('Kunstoffverarbeiter', '&lang=de'))).toContain('Kunststoffe und Chemie Oder-Neiße');
    expect((await q('xylophonfabrik')).items).toEqual([]);
  });

  it('ranks a match in the name above a match in a description', async () => {
    const ranked = await q('photonik', '&lang=de');
    expect(ranked.items[0]!.name).toBe('Photonik-Netzwerk Oder');
    const ranks = ranked.items.map((i) => i.rank!);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it('answers names in the language asked for, with the language each came in', async () => {
    const [hit] = (await q('metalowy', '&kind=cluster&lang=pl')).items;
    expect(hit).toMatchObject({ kind: 'cluster', name: 'Lubuski Klaster Metalowy', nameLang: 'pl' });
    const [german] = (await q('metalowy', '&kind=cluster&lang=de')).items;
    expect(german).toMatchObject({ name: 'Lebuser Metallcluster', nameLang: 'de' });
  });
});

describe('facets', () => {
  it('count each value as the filtered list shows it, under all the other filters', async () => {
    for (const base of ['', 'q=energie&', 'kind=organisation&country=PL&', 'sector=C&region=DE40&']) {
      const result = await search(`${base}limit=1`);
      for (const facet of SEARCH_FACETS) {
        for (const { value, count } of result.facets[facet]) {
          // The facet's own filter is replaced by the value, the others stay.
          const params = new URLSearchParams(base);
          params.set(facet, value);
          params.set('limit', '1');
          const filtered = await search(params.toString());
          expect({ base, facet, value, total: filtered.total }).toEqual({ base, facet, value, total: count });
        }
      }
    }
  });

  it('total is the number of results the pages hold, and filters combine', async () => {
    const result = await search('country=PL&type=sme&sector=C&limit=5');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: SearchResult = await search(`country=PL&type=sme&sector=C&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      for (const hit of page.items) {
        expect(hit).toMatchObject({ kind: 'organisation', type: 'sme', countries: ['PL'] });
        expect(hit.sectors.some((s) => ['C', ...Array.from({ length: 24 }, (_, i) => String(10 + i))].includes(s))).toBe(true);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(result.total);
    expect(result.total).toBeGreaterThan(2);

    const lubuskie = (await search('limit=1')).facets.region.find((r) => r.value === 'PL43')!;
    expect(lubuskie.count).toBeGreaterThan(10);
    const ranked = await search('q=klaster&limit=3');
    const all = await search('q=klaster&limit=100');
    const paged: string[] = [...ranked.items.map((i) => i.id)];
    let next = ranked.nextCursor;
    while (next) {
      const page: SearchResult = await search(`q=klaster&limit=3&cursor=${next}`);
      paged.push(...page.items.map((i) => i.id));
      next = page.nextCursor;
    }
    expect(paged).toEqual(all.items.map((i) => i.id));
  });

  it('marks and filters records that lack a language', async () => {
    const lacking = await search('missingTranslation=en&kind=organisation&limit=100');
    expect(lacking.items.length).toBeGreaterThan(0);
    expect(lacking.items.every((i) => i.missingTranslations.includes('en'))).toBe(true);
    expect(lacking.total).toBe(lacking.items.length);
  });
});

describe('soft-deleted records', () => {
  it('vanish from search and facets at once', async () => {
    const org = (await q('Frischemanufaktur')).items[0]!;
    const before = await search('limit=1');
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/organisations/${org.id}` })).statusCode).toBe(204);
    expect((await q('Frischemanufaktur')).items).toEqual([]);
    const after = await search('limit=1');
    expect(after.total).toBe(before.total - 1);
    expect(after.facets.kind.find((k) => k.value === 'organisation')!.count).toBe(
      before.facets.kind.find((k) => k.value === 'organisation')!.count - 1,
    );
    const restored = await admin.inject({ method: 'POST', url: `/api/v1/organisations/${org.id}/restore` });
    expect(json<Organisation>(restored).name).toBe('Oderländer Frischemanufaktur GmbH');
    expect(names(await q('Frischemanufaktur'))).toEqual(['Oderländer Frischemanufaktur GmbH']);
  });
});
