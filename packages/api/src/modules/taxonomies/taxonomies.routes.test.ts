import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOCALES, type Taxonomy } from '@euregionet/shared';
import { createTestApp, json, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let staff: Principal;
beforeAll(async () => {
  t = await createTestApp();
  staff = await t.staff('viewer', 'ESNB');
});
afterAll(() => t.close());

const taxonomy = async (name: string) => {
  const res = await staff.inject({ method: 'GET', url: `/api/v1/taxonomies/${name}` });
  expect(res.statusCode).toBe(200);
  return { body: json<Taxonomy>(res), res };
};

describe('GET /api/v1/taxonomies/{name}', () => {
  it('serves NACE Rev. 2: 21 sections, each followed by its divisions, labelled in de, pl and en', async () => {
    const { body } = await taxonomy('nace');
    expect(body.terms.filter((term) => term.level === 1).map((term) => term.code)).toEqual([...'ABCDEFGHIJKLMNOPQRSTU']);
    expect(body.terms.filter((term) => term.level === 2)).toHaveLength(88);
    expect(body.terms.find((term) => term.code === '62')).toEqual({
      code: '62',
      level: 2,
      parent: 'J',
      country: null,
      labels: {
        de: 'Erbringung von Dienstleistungen der Informationstechnologie',
        pl: 'Działalność związana z oprogramowaniem i doradztwem w zakresie informatyki oraz działalność powiązana',
        en: 'Computer programming, consultancy and related activities',
      },
    });
    for (const term of body.terms) for (const lang of LOCALES) expect(term.labels[lang]).toBeTruthy();
  });

  it('serves the programme area’s NUTS 2 and 3 regions of both countries, and the RIS3 areas of both regions', async () => {
    const regions = (await taxonomy('regions')).body.terms;
    expect(regions.filter((r) => r.level === 2).map((r) => [r.code, r.country])).toEqual([
      ['DE40', 'DE'],
      ['PL43', 'PL'],
    ]);
    expect(regions.filter((r) => r.parent === 'DE40').map((r) => r.labels.de)).toEqual([
      'Cottbus',
      'Frankfurt (Oder)',
      'Barnim',
      'Märkisch-Oderland',
      'Oder-Spree',
      'Spree-Neiße',
      'Uckermark',
    ]);
    const ris3 = (await taxonomy('ris3')).body.terms;
    expect(ris3.filter((a) => a.country === 'PL').map((a) => a.labels.pl)).toEqual([
      'Zielona gospodarka',
      'Zdrowie i jakość życia',
      'Innowacyjny przemysł',
      'Współpraca i usługi biznesowe',
    ]);
  });

  it('is cacheable: 304 for an unchanged list; an unknown list is a 400 naming the parameter', async () => {
    const { res } = await taxonomy('ris3');
    const again = await staff.inject({
      method: 'GET',
      url: '/api/v1/taxonomies/ris3',
      headers: { 'if-none-match': res.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    const unknown = await staff.inject({ method: 'GET', url: '/api/v1/taxonomies/cpv' });
    expect(unknown.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(unknown).errors[0]!.pointer).toBe('/path/name');
  });
});
