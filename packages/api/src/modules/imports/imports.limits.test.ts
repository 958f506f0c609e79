import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Import } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { createTestAppWithAdmin, json, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
});
afterAll(() => t.close());

const post = (body: string, type: 'text/csv' | 'application/json', query = 'mode=partial') =>
  admin.inject({
    method: 'POST',
    url: `/api/v1/imports/entities/organisations?${query}`,
    headers: { 'content-type': type },
    payload: body,
  });

async function imported(res: { statusCode: number; body: string }): Promise<Import> {
  expect(res.statusCode).toBe(200);
  return json<Import>(res);
}

async function names(source: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    t.database.db,
    sql`SELECT name FROM organisations WHERE source = ${source} ORDER BY external_id`,
  );
  return rows.map((r) => r.name);
}

const HEADER = 'source,externalId,name,type,country,region,city,description.de';
const csvRow = (source: string, n: number, description = `Beschreibung ${n}`) =>
  `${source},${n},Firma ${source} ${n} GmbH,sme,DE,DE403,Frankfurt (Oder),${description}`;
const jsonRow = (source: string, n: number, extra: Record<string, unknown> = {}) => ({
  source,
  externalId: String(n),
  name: `Firma ${source} ${n} GmbH`,
  type: 'sme',
  country: 'DE',
  region: 'DE403',
  city: 'Frankfurt (Oder)',
  ...extra,
});

describe('a CSV row', () => {
  it('larger than a row may be is the row’s error, and the file is not imported', async () => {
    const huge = 'x'.repeat(2 * 1_048_576);
    const file = [HEADER, csvRow('huge-csv', 1), csvRow('huge-csv', 2, huge), csvRow('huge-csv', 3)].join('\r\n');
    const result = await imported(await post(file, 'text/csv'));
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, field: null, code: 'row_too_large' })]);
    expect(result.status).toBe('rejected');
    expect(await names('huge-csv')).toEqual([]);
  });

  it('with a NUL in a cell is the row’s error naming the column; the other rows are imported', async () => {
    const file = [HEADER, csvRow('nul-csv', 1), csvRow('nul-csv', 2, 'mit\u0000Null'), csvRow('nul-csv', 3)].join('\r\n');
    const result = await imported(await post(file, 'text/csv'));
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, field: 'description.de', code: 'invalid_characters' })]);
    expect(result.counts).toMatchObject({ total: 3, created: 2, rejected: 1 });
    expect(await names('nul-csv')).toEqual(['Firma nul-csv 1 GmbH', 'Firma nul-csv 3 GmbH']);
  });
});

describe('a CSV file sent in chunks over a connection', () => {
  it('with a row too large is answered when the upload ends, not left waiting for its rest to be read', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const head = `${HEADER}\r\n${csvRow('chunked-csv', 1)}\r\nchunked-csv,2,Firma,sme,DE,DE403,Frankfurt (Oder),`;
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(head));
      },
      pull(controller) {
        // 3 MiB in all, a chunk at a time, as a client uploads it.
        if (sent++ < 48) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode(`\r\n${csvRow('chunked-csv', 3)}\r\n`));
          controller.close();
        }
      },
    });
    const res = await fetch(`${address}/api/v1/imports/entities/organisations`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
      signal: AbortSignal.timeout(10_000),
    } as RequestInit);
    expect(res.status).toBe(200);
    const result = (await res.json()) as Import;
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, code: 'row_too_large' })]);
  });
});

describe('a JSON row', () => {
  it('nested 20,000 levels deep is the row’s error, not a failed request; the other rows are imported', async () => {
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const body = `[${JSON.stringify(jsonRow('deep-json', 1))},${JSON.stringify(jsonRow('deep-json', 2, { description: { de: 'DEEP' } })).replace('"DEEP"', deep)},${JSON.stringify(jsonRow('deep-json', 3))}]`;
    const result = await imported(await post(body, 'application/json'));
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, field: null, code: 'row_too_deep' })]);
    expect(result.counts).toMatchObject({ total: 3, created: 2, rejected: 1 });
    expect(await names('deep-json')).toEqual(['Firma deep-json 1 GmbH', 'Firma deep-json 3 GmbH']);
  });

  it('larger than a row may be is the row’s error; the other rows are imported', async () => {
    const rows = [
      jsonRow('big-json', 1),
      jsonRow('big-json', 2, { description: { de: 'x'.repeat(2 * 1_048_576) } }),
      jsonRow('big-json', 3),
    ];
    const result = await imported(await post(JSON.stringify(rows), 'application/json'));
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, field: null, code: 'row_too_large' })]);
    expect(result.counts).toMatchObject({ total: 3, created: 2, rejected: 1 });
  });

  it('with a NUL or an unpaired surrogate in a text is the row’s error naming the column', async () => {
    const body = JSON.stringify([
      jsonRow('nul-json', 1, { description: { de: 'mit\u0000Null' } }),
      jsonRow('nul-json', 2),
      jsonRow('nul-json', 3, { city: 'SURROGATE' }),
    ]).replace('SURROGATE', 'Frankfurt \\udc00');
    const result = await imported(await post(body, 'application/json'));
    expect(result.errors).toEqual([
      expect.objectContaining({ row: 1, field: 'description.de', code: 'invalid_characters' }),
      expect.objectContaining({ row: 3, field: 'city', code: 'invalid_characters' }),
    ]);
    expect(await names('nul-json')).toEqual(['Firma nul-json 2 GmbH']);
  });
});
