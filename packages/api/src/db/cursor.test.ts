import { describe, expect, it } from '@jest/globals';
import { AppError } from '../errors.js';
import { cursorCodec, key, keysetPage, pageOf } from './cursor.js';

const ID = '0b7f6c1e-3a54-4c2e-9d8e-5f1a2b3c4d5e';
/** A cursor as a client could forge one: any JSON, base64url-encoded. */
const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The problem a bad cursor must give, whatever was wrong with it. */
function expectInvalid(decode: () => unknown) {
  let thrown: unknown;
  try {
    decode();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  const error = thrown as AppError;
  expect([error.status, error.code]).toEqual([400, 'VALIDATION_FAILED']);
  expect(error.extra.errors).toEqual([expect.objectContaining({ pointer: '/query/cursor', code: 'invalid_cursor' })]);
}

describe('cursorCodec', () => {
  const byTime = cursorCodec(key.micros, key.uuid);

  it('writes the sort key as base64url JSON and reads it back', () => {
    const cursor = byTime.encode([1780473600123456, ID]);
    // The JSON tuple [1780473600123456,"<id>"] in base64url, written out: the format on the wire, pinned.
    expect(cursor).toBe(`WzE3ODA0NzM2MDAxMjM0NTYsIjBiN2Y2YzFlLTNhNTQtNGMyZS05ZDhlLTVmMWEyYjNjNGQ1ZSJd`);
    expect(byTime.decode(cursor)).toEqual([1780473600123456, ID]);
    const byName = cursorCodec(key.text, key.text);
    expect(byName.decode(byName.encode(['łódź "ä"', 'slug-1']))).toEqual(['łódź "ä"', 'slug-1']);
    const byDay = cursorCodec(key.date, key.uuid);
    expect(byDay.decode(forge(['2026-02-28', ID]))).toEqual(['2026-02-28', ID]);
    const byId = cursorCodec(key.bigint);
    expect(byId.decode(forge(['9223372036854775807']))).toEqual(['9223372036854775807']);
  });

  it('answers garbage, tampered and wrongly shaped cursors with the one invalid-cursor problem', () => {
    const valid = byTime.encode([1780473600123456, ID]);
    expectInvalid(() => byTime.decode('not-a-cursor'));
    expectInvalid(() => byTime.decode(''));
    expectInvalid(() => byTime.decode(`${valid.slice(0, -3)}xyz`));
    expectInvalid(() => byTime.decode(forge({ at: 1, id: ID })));
    expectInvalid(() => byTime.decode(forge([1780473600123456])));
    expectInvalid(() => byTime.decode(forge([1780473600123456, ID, 'extra'])));
    expectInvalid(() => byTime.decode(forge(['2026-06-03 08:00:00+00', ID])));
    expectInvalid(() => byTime.decode(forge([1.5, ID])));
    expectInvalid(() => byTime.decode(forge([1780473600123456, 'not-a-uuid'])));
    expectInvalid(() => byTime.decode(forge([1780473600123456, `${ID}'; DROP TABLE users; --`])));
    const byDay = cursorCodec(key.date, key.uuid);
    expectInvalid(() => byDay.decode(forge(['garbage', ID])));
    expectInvalid(() => byDay.decode(forge(['2026-02-30', ID])));
    expectInvalid(() => byDay.decode(forge(['0000-01-01', ID])));
    const byId = cursorCodec(key.bigint);
    expectInvalid(() => byId.decode(forge(['9223372036854775808'])));
    expectInvalid(() => byId.decode(forge([42])));
    expectInvalid(() => byId.decode(forge(['garbage'])));
    expectInvalid(() => byId.decode(forge(['-1'])));
    const byRank = cursorCodec(key.number, key.text);
    expectInvalid(() => byRank.decode(forge(['0.5', 'slug'])));
  });
});

describe('pageOf', () => {
  const rows = [
    { id: 'a', at: 5 },
    { id: 'b', at: 4 },
    { id: 'c', at: 3 },
  ];
  const cursorOf = (last: { id: string; at: number }) => `${last.at}/${last.id}`;

  it('shows limit rows and makes the cursor of the last one shown when the query found one more', () => {
    expect(pageOf(rows, 2, cursorOf)).toEqual({
      items: [
        { id: 'a', at: 5 },
        { id: 'b', at: 4 },
      ],
      nextCursor: '4/b',
    });
  });

  it('has no next page when the query found no more than limit rows', () => {
    expect(pageOf(rows, 3, cursorOf)).toEqual({ items: rows, nextCursor: null });
    expect(pageOf(rows.slice(0, 2), 3, cursorOf)).toEqual({ items: rows.slice(0, 2), nextCursor: null });
    expect(pageOf([], 3, cursorOf)).toEqual({ items: [], nextCursor: null });
  });
});

describe('keysetPage', () => {
  it('asks the query for one row more than the page shows, and makes items of the rows shown', async () => {
    const asked: number[] = [];
    const page = await keysetPage(
      2,
      async (rowLimit) => {
        asked.push(rowLimit);
        return [
          { id: 'a', n: 1 },
          { id: 'b', n: 2 },
          { id: 'c', n: 3 },
        ].slice(0, rowLimit);
      },
      (last) => `after-${last.id}`,
      (row) => row.n * 10,
    );
    expect(asked).toEqual([3]);
    expect(page).toEqual({ items: [10, 20], nextCursor: 'after-b' });
  });
});
