import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Import, ImportPage, Organisation, OrganisationPage, Problem } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { createTestApp, createTestAppWithAdmin, json, testConfig, type Principal, type TestApp } from '../../test/app.js';
import { createImportService } from './imports.service.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
});
afterAll(() => t.close());

const csv = (lines: string[], eol = '\r\n') => lines.join(eol) + eol;

const post = (
  entity: string,
  body: string | Buffer,
  options: { query?: string; type?: string; headers?: Record<string, string>; as?: Principal } = {},
) =>
  (options.as ?? admin).inject({
    method: 'POST',
    url: `/api/v1/imports/entities/${entity}${options.query ? `?${options.query}` : ''}`,
    headers: { 'content-type': options.type ?? 'text/csv', ...options.headers },
    payload: body,
  });

async function count(source: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM organisations WHERE source = ${source}`);
  return row!.n;
}

const HEADER = 'source,externalId,name,type,country,region,city,employees,sectors,description.de,published';
const good = (source: string, n: number) =>
  `${source},${n},Firma ${source} ${n} GmbH,sme,DE,DE403,Frankfurt (Oder),${10 + (n % 100)},C|62,Laser ${n},true`;

describe('importing organisations from CSV', () => {
  it('creates new rows, updates changed ones and counts equal ones as unchanged', async () => {
    const first = await post('organisations', csv([HEADER, good('crm-a', 1), good('crm-a', 2), good('crm-a', 3)]));
    expect(first.statusCode).toBe(200);
    const result = json<Import>(first);
    expect(result).toMatchObject({
      status: 'succeeded',
      counts: { total: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 },
      errors: [],
    });

    const changed = good('crm-a', 2).replace('Laser 2', 'Laser zwei');
    const second = json<Import>(await post('organisations', csv([HEADER, good('crm-a', 1), changed, good('crm-a', 3)])));
    expect(second.counts).toEqual({ total: 3, created: 0, updated: 1, unchanged: 2, rejected: 0 });

    const page = json<OrganisationPage>(await admin.inject({ method: 'GET', url: '/api/v1/organisations?q=Firma&limit=100' }));
    const org = page.items.find((o) => o.name === 'Firma crm-a 2 GmbH')!;
    const detail = json<Organisation>(await admin.inject({ method: 'GET', url: `/api/v1/organisations/${org.id}` }));
    expect(detail).toMatchObject({ description: { de: 'Laser zwei' }, sectors: ['C', '62'], employees: 12, published: true, version: 2 });
  });

  it('reads a spreadsheet CSV: semicolons, BOM, quoted line breaks, thousands separators, German column names', async () => {
    const file = csv([
      'Quelle;Externe ID;Firma;Typ;Land;Ort;Mitarbeiter;Beschreibung;Veröffentlicht',
      'excel;X-1;"Müller; Söhne GmbH";large;DE;Cottbus;1.234;"Zeile eins',
      'Zeile zwei";ja',
      'excel;X-2;Łódzka Sp. z o.o.;sme;PL;Gubin;7;;nein',
    ]);
    const res = await post('organisations', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(file, 'utf8')]), {
      type: 'text/csv; charset=utf-8',
      query: `map=${encodeURIComponent(JSON.stringify({ Beschreibung: 'description.de' }))}`,
    });
    const result = json<Import>(res);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ status: 'succeeded', counts: { created: 2, rejected: 0 } });
    expect(result.ignoredColumns).toEqual([]);
    const [row] = await queryRows<{ name: string; employees: number; description: { de: string }; published: boolean }>(
      t.database.db,
      sql`SELECT name, employees, description, published FROM organisations WHERE source = 'excel' AND external_id = 'X-1'`,
    );
    expect(row).toEqual({ name: 'Müller; Söhne GmbH', employees: 1234, description: { de: 'Zeile eins\r\nZeile zwei' }, published: true });
  });

  it('reports bad rows of every kind with row and field, and in atomic mode writes nothing', async () => {
    const file = csv([
      HEADER,
      good('crm-bad', 1),
      'crm-bad,2,,sme,DE,DE403,Cottbus,5,,,', // missing name
      'crm-bad,3,Falsch GmbH,sme,DE,DE403,Cottbus,viele,,,', // wrong type
      'crm-bad,4,Region GmbH,sme,DE,XX999,Cottbus,5,,,', // unknown region code
      good('crm-bad', 1), // duplicate key in the same file
    ]);
    const before = await count('crm-bad');
    const result = json<Import>(await post('organisations', file));
    expect(result.status).toBe('rejected');
    expect(result.counts).toMatchObject({ total: 5, created: 1, rejected: 4 });
    expect(result.errors).toEqual([
      expect.objectContaining({ row: 2, field: 'name', code: 'required' }),
      expect.objectContaining({ row: 3, field: 'employees', code: 'invalid_type' }),
      expect.objectContaining({ row: 4, field: 'region', code: 'invalid_value' }),
      expect.objectContaining({ row: 5, field: 'externalId', code: 'duplicate_key' }),
    ]);
    expect(await count('crm-bad')).toBe(before);
  });

  it('reports a file that is not UTF-8, and broken quoting, with the row', async () => {
    const latin1 = Buffer.from(csv([HEADER, good('crm-enc', 1), 'crm-enc,2,Gr\u00fcn GmbH,sme,DE,DE403,Cottbus,5,,,']), 'latin1');
    const encoding = json<Import>(await post('organisations', latin1));
    expect(encoding.errors).toEqual([expect.objectContaining({ row: 2, field: 'name', code: 'encoding' })]);
    expect(await count('crm-enc')).toBe(0);

    const broken = json<Import>(
      await post('organisations', csv([HEADER, good('crm-q', 1), 'crm-q,2,"Offen GmbH,sme,DE,DE403,Cottbus,5,,,'])),
    );
    expect(broken.status).toBe('rejected');
    expect(broken.errors).toEqual([expect.objectContaining({ row: 2, field: null, code: 'csv_malformed' })]);
    expect(await count('crm-q')).toBe(0);
  });

  it('in partial mode writes exactly the good rows', async () => {
    const file = csv([HEADER, good('crm-p', 1), 'crm-p,2,Region GmbH,sme,DE,PL431,Cottbus,5,,,', good('crm-p', 3)]);
    const result = json<Import>(await post('organisations', file, { query: 'mode=partial' }));
    expect(result).toMatchObject({ status: 'partial', counts: { created: 2, rejected: 1 } });
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, field: 'region', code: 'region_country' })]);
    expect(await count('crm-p')).toBe(2);
  });

  it('reports a duplicate register number of another organisation as a row error', async () => {
    const header = 'source,externalId,name,type,country,nip';
    const result = json<Import>(
      await post(
        'organisations',
        csv([header, 'crm-nip,1,Pierwsza Sp. z o.o.,sme,PL,5260250274', 'crm-nip,2,Druga Sp. z o.o.,sme,PL,526-025-02-74']),
        {
          query: 'mode=partial',
        },
      ),
    );
    expect(result.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, field: 'nip', code: 'ORGANISATION_DUPLICATE' })]);
  });

  it('refuses a row whose record is deleted, instead of writing to a record nobody sees', async () => {
    const created = json<Import>(await post('organisations', csv([HEADER, good('crm-del', 1), good('crm-del', 2)])));
    expect(created.counts.created).toBe(2);
    const [row] = await queryRows<{ id: string }>(
      t.database.db,
      sql`SELECT id FROM organisations WHERE source = 'crm-del' AND external_id = '1'`,
    );
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/organisations/${row!.id}` })).statusCode).toBe(204);
    const again = json<Import>(
      await post('organisations', csv([HEADER, good('crm-del', 1), good('crm-del', 2)]), { query: 'mode=partial' }),
    );
    expect(again.counts).toMatchObject({ unchanged: 1, rejected: 1 });
    expect(again.errors).toEqual([expect.objectContaining({ row: 1, field: 'externalId', code: 'deleted' })]);
  });

  it('writes nothing in a dry run, and answers what would happen', async () => {
    const result = json<Import>(
      await post('organisations', csv([HEADER, good('crm-dry', 1), good('crm-dry', 2)]), { query: 'dryRun=true' }),
    );
    expect(result).toMatchObject({ dryRun: true, status: 'succeeded', counts: { created: 2 } });
    expect(await count('crm-dry')).toBe(0);
  });
});

describe('importing JSON', () => {
  it('takes flat and nested rows alike', async () => {
    const rows = [
      { source: 'json', externalId: 'a', name: 'Nested GmbH', type: 'sme', country: 'DE', description: { de: 'Eins' }, sectors: ['C'] },
      { source: 'json', externalId: 'b', name: 'Flat GmbH', type: 'sme', country: 'DE', 'description.de': 'Zwei', employees: '12,0' },
    ];
    const result = json<Import>(await post('organisations', JSON.stringify(rows), { type: 'application/json' }));
    expect(result).toMatchObject({ status: 'succeeded', format: 'json', counts: { created: 2 } });
    const again = json<Import>(await post('organisations', JSON.stringify(rows), { type: 'application/json' }));
    expect(again.counts).toMatchObject({ unchanged: 2 });
  });

  it('refuses a body that is not an array, and reports a row that is not an object', async () => {
    for (const body of ['{"source":"x"}', '[{"source":"x"}', '[] []']) {
      const res = await post('organisations', body, { type: 'application/json' });
      expect(res.statusCode).toBe(400);
      expect(json<Problem>(res).code).toBe('IMPORT_BODY_INVALID');
    }
    const rows = '[ {"source":"json","externalId":"c","name":"Klammer [GmbH], \\"Ost\\"","type":"sme","country":"DE"}, 42 ]';
    const result = json<Import>(await post('organisations', rows, { type: 'application/json', query: 'mode=partial' }));
    expect(result.counts).toMatchObject({ total: 2, created: 1, rejected: 1 });
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, code: 'invalid_type' })]);
  });
});

describe('idempotency', () => {
  it('answers a retry with the first result and writes once; another body with the same key is a 422', async () => {
    const file = csv([HEADER, good('crm-idem', 1)]);
    const headers = { 'idempotency-key': 'nightly-2026-11-28' };
    const first = await post('organisations', file, { headers });
    const retry = await post('organisations', file, { headers });
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(json<Import>(retry).id).toBe(json<Import>(first).id);
    expect(json<Import>(retry).counts.created).toBe(1);
    expect(await count('crm-idem')).toBe(1);
    const [audits] = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import' AND entity_id = ${json<Import>(first).id}`,
    );
    expect(audits!.n).toBe(1);

    const other = await post('organisations', csv([HEADER, good('crm-idem', 2)]), { headers });
    expect(other.statusCode).toBe(422);
    expect(json<Problem>(other).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count('crm-idem')).toBe(1);
  });
});

describe('history and access', () => {
  it('lists every import with who, counts and errors', async () => {
    const page = json<ImportPage>(await admin.inject({ method: 'GET', url: '/api/v1/imports?entity=organisations&limit=100' }));
    expect(page.items.length).toBeGreaterThan(5);
    expect(page.items[0]).toMatchObject({ entity: 'organisations', actor: { type: 'user' } });
    const rejected = page.items.find((i) => i.status === 'rejected')!;
    const detail = json<Import>(await admin.inject({ method: 'GET', url: `/api/v1/imports/${rejected.id}` }));
    expect(detail.errors.length).toBeGreaterThan(0);
  });

  it('lets a key with import:write import and see only its own imports; a consultant only their own partner’s clusters', async () => {
    const key = await t.apiKey(['import:write'], { partner: 'LOP' });
    const res = await post('organisations', csv([HEADER, good('crm-key', 1)]), { as: key });
    expect(json<Import>(res)).toMatchObject({ status: 'succeeded', actor: { type: 'api_key' } });
    const own = json<ImportPage>(await key.inject({ method: 'GET', url: '/api/v1/imports' }));
    expect(own.items.map((i) => i.id)).toEqual([json<Import>(res).id]);

    const clusters = csv([
      'source,externalId,kind,name.de,regions,partner',
      'crm-cl,1,network,Netzwerk LOP,PL431,LOP',
      'crm-cl,2,network,Netzwerk BIC,DE403,BIC',
    ]);
    const byKey = json<Import>(await post('clusters', clusters, { as: key, query: 'mode=partial' }));
    expect(byKey.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(byKey.errors).toEqual([expect.objectContaining({ row: 2, field: 'partner', code: 'FORBIDDEN' })]);

    const viewer = await t.staff('viewer');
    expect((await post('organisations', csv([HEADER]), { as: viewer })).statusCode).toBe(403);

    // A consultant of BIC: a new cluster and a change of BIC's own, yes; a new cluster of LOP, or
    // taking over LOP's cluster by giving it BIC as partner in the file, no.
    const header = 'source,externalId,kind,name.de,regions,partner';
    const before = json<Import>(
      await post(
        'clusters',
        csv([header, 'crm-cons,3,network,Netzwerk LOP alt,PL431,LOP', 'crm-cons,4,network,Netzwerk BIC alt,DE403,BIC']),
      ),
    );
    expect(before.counts).toMatchObject({ created: 2 });
    const consultant = await t.staff('consultant', 'BIC');
    const file = csv([
      header,
      'crm-cons,1,network,Netzwerk BIC neu,DE403,BIC',
      'crm-cons,2,network,Netzwerk LOP neu,PL431,LOP',
      'crm-cons,3,network,Netzwerk LOP übernommen,PL431,BIC',
      'crm-cons,4,network,Netzwerk BIC geändert,DE403,BIC',
    ]);
    const byConsultant = json<Import>(await post('clusters', file, { as: consultant, query: 'mode=partial' }));
    expect(byConsultant.counts).toEqual({ total: 4, created: 1, updated: 1, unchanged: 0, rejected: 2 });
    expect(byConsultant.errors).toEqual([
      expect.objectContaining({ row: 2, field: 'partner', code: 'FORBIDDEN' }),
      expect.objectContaining({ row: 3, field: 'partner', code: 'FORBIDDEN' }),
    ]);
    const stored = await queryRows<{ external_id: string; name: string; partner: string }>(
      t.database.db,
      sql`SELECT external_id, name->>'de' AS name, partner FROM clusters WHERE source = 'crm-cons' ORDER BY external_id`,
    );
    expect(stored).toEqual([
      { external_id: '1', name: 'Netzwerk BIC neu', partner: 'BIC' },
      { external_id: '3', name: 'Netzwerk LOP alt', partner: 'LOP' },
      { external_id: '4', name: 'Netzwerk BIC geändert', partner: 'BIC' },
    ]);
  });
});

describe('clusters, memberships and funding calls', () => {
  it('imports clusters, then memberships matched by external id or by name; a repeat changes nothing', async () => {
    const clusters = csv([
      'source,externalId,kind,name.de,name.pl,regions,sectors,partner,published',
      'crm-m,c1,cluster,Oder-Cluster Metall,Klaster Metal Odra,DE403|PL431,C,BIC,true',
      'crm-m,c2,network,Lausitz-Netzwerk Energie,,DE40G,D,BIC,false',
    ]);
    expect(json<Import>(await post('clusters', clusters)).counts).toMatchObject({ created: 2 });
    expect(json<Import>(await post('clusters', clusters)).counts).toMatchObject({ unchanged: 2 });
    await post('organisations', csv([HEADER, good('crm-m', 1), good('crm-m', 2)]));

    const memberships = csv([
      'cluster.source,cluster.externalId,cluster.name,organisation.source,organisation.externalId,organisation.name,role,since',
      'crm-m,c1,,crm-m,1,,coordinator,2019-04-01',
      ',,Lausitz-Netzwerk Energie,,,Firma crm-m 2 GmbH,member,01.02.2020',
      ',,Kein solcher Cluster,crm-m,1,,member,',
    ]);
    const first = json<Import>(await post('memberships', memberships, { query: 'mode=partial' }));
    expect(first.counts).toMatchObject({ created: 2, rejected: 1 });
    expect(first.errors).toEqual([expect.objectContaining({ row: 3, field: 'cluster.name', code: 'not_found' })]);
    const again = json<Import>(await post('memberships', memberships, { query: 'mode=partial' }));
    expect(again.counts).toMatchObject({ unchanged: 2, rejected: 1 });
    const [row] = await queryRows<{ since: string }>(
      t.database.db,
      sql`SELECT since::text FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE o.external_id = '2' AND o.source = 'crm-m'`,
    );
    expect(row!.since).toBe('2020-02-01');
  });

  it('imports contact persons of organisations, matched by e-mail; a repeat changes nothing', async () => {
    await post('organisations', csv([HEADER, good('crm-c', 1)]));
    const file = csv([
      'Organisation Source,Organisation External ID,Ansprechpartner,Funktion,E-Mail,Einwilligung,Einwilligungsdatum',
      'crm-c,1,Anna Nowak,Geschäftsführerin,Anna.Nowak@example.eu,nein,',
      'crm-c,1,Jan Kowalski,,,nein,',
      'crm-c,1,Ohne Datum,,ohne@example.eu,ja,',
    ]);
    const first = json<Import>(await post('contacts', file, { query: 'mode=partial' }));
    expect(first.counts).toMatchObject({ created: 2, rejected: 1 });
    expect(first.errors).toEqual([expect.objectContaining({ row: 3, field: 'consentDate', code: 'consent_date_required' })]);
    expect(json<Import>(await post('contacts', file, { query: 'mode=partial' })).counts).toMatchObject({ unchanged: 2, rejected: 1 });
    const [org] = await queryRows<{ contacts: { email: string | null; name: string }[] }>(
      t.database.db,
      sql`SELECT contacts FROM organisations WHERE source = 'crm-c' AND external_id = '1'`,
    );
    expect(org!.contacts.map((c) => [c.name, c.email])).toEqual([
      ['Anna Nowak', 'anna.nowak@example.eu'],
      ['Jan Kowalski', null],
    ]);
  });

  it('never records or changes a publication consent: staff record it, and imports keep it', async () => {
    await post('organisations', csv([HEADER, good('crm-k', 1)]));
    const header = 'Organisation Source,Organisation External ID,Ansprechpartner,E-Mail,Einwilligung,Einwilligungsdatum';
    const key = await t.apiKey(['import:write'], { partner: 'LOP' });
    const granting = csv([header, 'crm-k,1,Ewa Lis,ewa.lis@example.pl,ja,01.03.2026']);
    for (const as of [key, admin]) {
      const res = json<Import>(await post('contacts', granting, { query: 'mode=partial', as }));
      expect(res.counts).toMatchObject({ created: 0, rejected: 1 });
      expect(res.errors).toEqual([expect.objectContaining({ row: 1, field: 'publicationConsent', code: 'consent_not_importable' })]);
    }
    expect(
      json<Import>(await post('contacts', csv([header, 'crm-k,1,Ewa Lis,ewa.lis@example.pl,nein,']), { as: key })).counts,
    ).toMatchObject({
      created: 1,
    });
    const [row] = await queryRows<{ id: string; version: number }>(
      t.database.db,
      sql`SELECT id, version FROM organisations WHERE source = 'crm-k' AND external_id = '1'`,
    );
    const recorded = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${row!.id}`,
      headers: { 'if-match': `"v${row!.version}"` },
      payload: {
        contacts: [
          {
            name: 'Ewa Lis',
            email: 'ewa.lis@example.pl',
            publicationConsent: true,
            consentDate: '2026-02-01',
            consentSource: 'Formularz z 1.02.2026',
          },
        ],
      },
    });
    expect(recorded.statusCode).toBe(200);
    // The next import run neither withdraws the consent nor replaces it with its own.
    expect(
      json<Import>(await post('contacts', csv([header, 'crm-k,1,Ewa Lis,ewa.lis@example.pl,nein,']), { as: key })).counts,
    ).toMatchObject({
      unchanged: 1,
    });
    const other = json<Import>(await post('contacts', csv([header, 'crm-k,1,Ewa Lis,ewa.lis@example.pl,ja,05.03.2026']), { as: key }));
    expect(other.errors).toEqual([expect.objectContaining({ code: 'consent_not_importable' })]);
    const contact = json<Organisation>(await admin.inject({ method: 'GET', url: `/api/v1/organisations/${row!.id}` })).contacts[0]!;
    expect(contact).toMatchObject({ publicationConsent: true, consentDate: '2026-02-01', consentSource: 'Formularz z 1.02.2026' });
  });

  it('imports funding calls: texts per language, lists, a decimal comma; a repeat is unchanged', async () => {
    const file = csv([
      'source;externalId;programme;programmeName;title.de;title.pl;applicantTypes;regions;fundingRatePercent;budgetMinEur;budgetMaxEur;closesOn;partner',
      'ilb-feed;RPO-1;regional;ILB Brandenburg;Innovationsgutschein;Bon na innowacje;sme|research;DE40;62,5;10000;50000;2027-03-31;BIC',
      'ilb-feed;RPO-2;interreg;INTERREG VI A;Kleinprojekte;;;;;90000;10000;;BIC',
    ]);
    const result = json<Import>(await post('funding-calls', file, { query: 'mode=partial' }));
    expect(result.errors).toEqual([
      expect.objectContaining({ row: 1, field: 'programmeCountry', code: 'programme_country_required' }),
      expect.objectContaining({ row: 2, field: 'budgetMaxEur', code: 'budget_range' }),
    ]);
    const fixed = file.replace('regional;ILB Brandenburg', 'interreg;ILB Brandenburg').replace('90000;10000', '10000;90000');
    expect(json<Import>(await post('funding-calls', fixed)).counts).toMatchObject({ created: 2, rejected: 0 });
    expect(json<Import>(await post('funding-calls', fixed)).counts).toMatchObject({ unchanged: 2 });
    const [call] = await queryRows<{ funding_rate_percent: number; applicant_types: string[] }>(
      t.database.db,
      sql`SELECT funding_rate_percent, applicant_types FROM funding_calls WHERE external_id = 'RPO-1'`,
    );
    expect(Number(call!.funding_rate_percent)).toBe(62.5);
    expect(call!.applicant_types).toEqual(['sme', 'research']);
  });
});

describe('coordinates in imports', () => {
  const detail = async (table: 'organisations' | 'clusters', source: string, externalId: string) => {
    const [row] = await queryRows<{ id: string }>(
      t.database.db,
      sql`SELECT id FROM ${sql.identifier(table)} WHERE source = ${source} AND external_id = ${externalId}`,
    );
    return json<{ coordinates: { lat: number; lng: number } | null; coordinatesSource: string | null }>(
      await admin.inject({ method: 'GET', url: `/api/v1/${table}/${row!.id}` }),
    );
  };

  it('sets an organisation’s own point from latitude and longitude, with a decimal comma and German or Polish headers', async () => {
    const file = csv([
      'Quelle;Externe ID;Firma;Typ;Land;Ort;Breitengrad;Längengrad',
      'geo;1;Spree Optik GmbH;sme;DE;Spremberg;51,57123;14,37456',
      'geo;2;Optyka Sulęcin;sme;PL;Sulęcin;52.434;15.1169',
    ]);
    const result = json<Import>(await post('organisations', file));
    expect([result.errors, result.counts.created]).toEqual([[], 2]);
    expect(await detail('organisations', 'geo', '1')).toMatchObject({
      coordinates: { lat: 51.57123, lng: 14.37456 },
      coordinatesSource: 'own',
    });
    expect((await detail('organisations', 'geo', '2')).coordinates).toEqual({ lat: 52.434, lng: 15.1169 });
    const polish = json<Import>(
      await post(
        'organisations',
        csv(['zrodlo;identyfikator;nazwa;typ;kraj;szerokość geograficzna;długość geograficzna', 'geo;3;Lubuska Optyka;sme;PL;52,43;15,12']),
      ),
    );
    expect(polish.errors).toEqual([]);
    expect((await detail('organisations', 'geo', '3')).coordinates).toEqual({ lat: 52.43, lng: 15.12 });

    // A file without the columns, or with both cells empty, keeps the point; finer digits than
    // the 5 kept are the same point: nothing changes.
    const again = json<Import>(
      await post(
        'organisations',
        csv([
          'source;externalId;name;type;country;city;latitude;longitude',
          'geo;1;Spree Optik GmbH;sme;DE;Spremberg;;',
          'geo;2;Optyka Sulęcin;sme;PL;Sulęcin;52,4340001;15,1169',
        ]),
      ),
    );
    expect([again.errors, again.counts.unchanged]).toEqual([[], 2]);
    const without = json<Import>(
      await post('organisations', csv(['source,externalId,name,type,country,city', 'geo,1,Spree Optik GmbH,sme,DE,Spremberg'])),
    );
    expect(without.counts.unchanged).toBe(1);
    expect((await detail('organisations', 'geo', '1')).coordinates).toEqual({ lat: 51.57123, lng: 14.37456 });
  });

  it('refuses a point out of range, half a point or a text, with the row and field', async () => {
    const file = csv([
      'source;externalId;name;type;country;latitude;longitude',
      'geo-bad;1;Nordpol GmbH;sme;DE;95;14,3',
      'geo-bad;2;Halb GmbH;sme;DE;51,5;',
      'geo-bad;3;Text GmbH;sme;DE;Spremberg;14,3',
      'geo-bad;4;Ost GmbH;sme;DE;51,5;-181',
    ]);
    const result = json<Import>(await post('organisations', file));
    expect(result.status).toBe('rejected');
    expect(result.errors).toEqual([
      expect.objectContaining({ row: 1, field: 'latitude', code: 'too_big' }),
      expect.objectContaining({ row: 2, field: 'longitude', code: 'coordinates_pair' }),
      expect.objectContaining({ row: 3, field: 'latitude', code: 'invalid_type' }),
      expect.objectContaining({ row: 4, field: 'longitude', code: 'too_small' }),
    ]);
    expect(await count('geo-bad')).toBe(0);
  });

  it('sets a cluster’s own point, and keeps it when a file has none', async () => {
    const header = 'source,externalId,kind,name.de,regions,partner';
    const first = json<Import>(
      await post('clusters', csv([`${header},latitude,longitude`, 'geo,c1,cluster,Optik-Cluster Spremberg,DE40G,BIC,51.57,14.37'])),
    );
    expect(first.errors).toEqual([]);
    expect(await detail('clusters', 'geo', 'c1')).toMatchObject({ coordinates: { lat: 51.57, lng: 14.37 }, coordinatesSource: 'own' });
    const second = json<Import>(await post('clusters', csv([header, 'geo,c1,cluster,Optik-Cluster Spremberg,DE40G,BIC'])));
    expect(second.counts.unchanged).toBe(1);
    const half = json<Import>(await post('clusters', csv([`${header},latitude`, 'geo,c1,cluster,Optik-Cluster Spremberg,DE40G,BIC,51.6'])));
    expect(half.errors).toEqual([expect.objectContaining({ row: 1, field: 'longitude', code: 'coordinates_pair' })]);
    expect((await detail('clusters', 'geo', 'c1')).coordinates).toEqual({ lat: 51.57, lng: 14.37 });
  });
});

describe('exports', () => {
  it('exports organisations with the list filters, and the export re-imported reports everything unchanged', async () => {
    const made = await admin.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: {
        name: 'Rundreise "Export", GmbH',
        type: 'sme',
        country: 'DE',
        region: 'DE403',
        city: 'Frankfurt (Oder)',
        description: { de: 'Zeile eins\nZeile zwei; mit Semikolon', pl: 'Opis' },
        sectors: ['C', '62'],
        commercialRegister: { court: 'Frankfurt (Oder)', number: 'HRB 1234' },
        notes: '=SUMME(A1)',
        coordinates: { lat: 52.34712, lng: 14.55061 },
      },
    });
    expect(made.statusCode).toBe(201);

    const exported = await admin.inject({ method: 'GET', url: '/api/v1/exports/organisations?format=csv&country=DE' });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    const lines = exported.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'source,externalId,name,type,country,region,city,latitude,longitude,sizeClass,employees,foundedYear,sectors,description.de,description.pl,description.en,competences.de,competences.pl,competences.en,needs.de,needs.pl,needs.en,languages,website,nip,krs,commercialRegister.court,commercialRegister.number,published,notes',
    );
    expect(exported.body).toContain(
      `euregionet,${json<Organisation>(made).id},"Rundreise ""Export"", GmbH",sme,DE,DE403,Frankfurt (Oder),52.34712,14.55061,`,
    );
    expect(exported.body).toContain("'=SUMME(A1)");
    expect(exported.body).not.toContain('Łódzka'); // a Polish organisation: filtered out

    const total = (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`SELECT count(*)::int AS n FROM organisations WHERE country = 'DE' AND deleted_at IS NULL`,
      )
    )[0]!.n;
    const back = json<Import>(await post('organisations', exported.body));
    expect(back.errors).toEqual([]);
    expect(back.counts).toEqual({ total, created: 0, updated: 0, unchanged: total, rejected: 0 });

    const asJson = await admin.inject({ method: 'GET', url: '/api/v1/exports/organisations?format=json' });
    const rows = json<Record<string, unknown>[]>(asJson);
    expect(rows.length).toBeGreaterThan(total);
    const backJson = json<Import>(await post('organisations', asJson.body, { type: 'application/json' }));
    expect(backJson.counts).toMatchObject({ created: 0, updated: 0, rejected: 0, unchanged: rows.length });
  });

  it('exports clusters, and their re-import is unchanged', async () => {
    const exported = await admin.inject({ method: 'GET', url: '/api/v1/exports/clusters' });
    expect(exported.statusCode).toBe(200);
    const back = json<Import>(await post('clusters', exported.body));
    expect(back.errors).toEqual([]);
    expect(back.counts.unchanged).toBe(back.counts.total);
    expect(back.counts.total).toBeGreaterThan(0);
  });
});

describe('funding-call exports', () => {
  it('exports funding calls (with a call made in the app), and their re-import is unchanged', async () => {
    const made = await admin.inject({
      method: 'POST',
      url: '/api/v1/funding-calls',
      payload: {
        programme: 'horizon_europe',
        programmeName: 'Horizon Europe',
        title: { en: 'Cluster excellence' },
        partner: 'BIC',
        fundingRatePercent: 70,
      },
    });
    expect(made.statusCode).toBe(201);
    const exported = await admin.inject({ method: 'GET', url: '/api/v1/exports/funding-calls?format=csv' });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('Cluster excellence');
    const back = json<Import>(await post('funding-calls', exported.body));
    expect(back.errors).toEqual([]);
    expect(back.counts.unchanged).toBe(back.counts.total);
    expect(back.counts.total).toBeGreaterThanOrEqual(3);
  });
});

describe('large files as jobs', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await createTestApp({ imports: { ...testConfig().imports, bodyLimit: 65_536, jobThreshold: 2048 } });
  });
  afterAll(() => small.close());

  it('answers 202 with an import to poll, which shows the result when done', async () => {
    const me = await small.admin();
    const lines = [HEADER, ...Array.from({ length: 600 }, (_, i) => good('job', i + 1))];
    const res = await post('organisations', csv(lines), { as: me });
    expect(res.statusCode).toBe(202);
    const location = res.headers.location as string;
    expect(location).toBe(`/api/v1/imports/${json<Import>(res).id}`);
    let current = json<Import>(res);
    for (let i = 0; i < 100 && !current.finishedAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      current = json<Import>(await me.inject({ method: 'GET', url: location }));
    }
    expect(current).toMatchObject({ status: 'succeeded', counts: { total: 600, created: 600 } });
  });

  it('refuses a body above the limit with 413', async () => {
    const me = await small.admin();
    const res = await post('organisations', '[' + ' '.repeat(70_000) + ']', { as: me, type: 'application/json' });
    expect(res.statusCode).toBe(413);
    expect(json<Problem>(res).code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('an import whose process stopped', () => {
  it('ends as failed when the API starts again, and frees its key for the retry; one still beating is left running', async () => {
    const lines = [HEADER, good('restart', 1)];
    const stopped = json<Import>(await post('organisations', csv(lines), { query: 'dryRun=true' }));
    const alive = json<Import>(await post('organisations', csv(lines), { query: 'dryRun=true' }));
    // As the history looks when a process died in the middle of one import while another
    // process still runs the other.
    await t.database.db.execute(sql`
      UPDATE imports SET status = 'running', finished_at = NULL, idempotency_key = 'nightly-run',
             heartbeat_at = now() - interval '10 minutes' WHERE id = ${stopped.id}`);
    await t.database.db.execute(sql`UPDATE imports SET status = 'running', finished_at = NULL WHERE id = ${alive.id}`);

    // What a starting API process does (the routes' onReady hook).
    const stopWatching = await createImportService(t.database.db, t.config.imports).watch();
    try {
      const get = async (id: string) => json<Import>(await admin.inject({ method: 'GET', url: `/api/v1/imports/${id}` }));
      expect(await get(stopped.id)).toMatchObject({ status: 'failed', finishedAt: expect.any(String) });
      expect(await get(alive.id)).toMatchObject({ status: 'running', finishedAt: null });

      // The client's retry with the same key imports, instead of answering the dead attempt.
      const retry = await post('organisations', csv(lines), { headers: { 'idempotency-key': 'nightly-run' } });
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect(json<Import>(retry)).toMatchObject({ status: 'succeeded', counts: { created: 1 } });
      expect(await count('restart')).toBe(1);
    } finally {
      stopWatching();
    }
  });
});

describe('requests the import and export routes refuse', () => {
  it('answers an export the list would refuse with a 400 before the download starts', async () => {
    const res = await admin.inject({ method: 'GET', url: '/api/v1/exports/organisations?format=csv&sort=relevance' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(json<Problem>(res).code).toBe('VALIDATION_FAILED');
  });

  it('answers a body that is neither CSV nor JSON with 415', async () => {
    const res = await post('organisations', 'name=Firma', { type: 'text/plain' });
    expect(res.statusCode).toBe(415);
    expect(json<Problem>(res).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
