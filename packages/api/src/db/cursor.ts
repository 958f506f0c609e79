import { AppError } from '../errors.js';

/**
 * The opaque cursor of keyset pagination: the last row's sort value(s) and id. Lists page with
 * it instead of OFFSET, so that page 400 costs what page 1 costs.
 */
export type CursorValue = string | number;

export function encodeCursor(values: readonly CursorValue[], id: string): string {
  return Buffer.from(JSON.stringify([...values, id])).toString('base64url');
}

/** The answer to a cursor that no page of this list made. */
export const invalidCursor = () =>
  new AppError(400, 'VALIDATION_FAILED', 'The cursor is not valid', {
    errors: [{ pointer: '/query/cursor', code: 'invalid_cursor', message: 'Use nextCursor from a previous page of the same query' }],
  });

/** The sort values and the id of a cursor made by `encodeCursor` with `count` sort values. */
export function decodeCursor(cursor: string, count = 1): { values: CursorValue[]; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== count + 1 ||
    !parsed.slice(0, count).every((v) => typeof v === 'string' || typeof v === 'number') ||
    typeof parsed[count] !== 'string' ||
    !/^[0-9a-f-]{36}$/i.test(parsed[count] as string)
  ) {
    throw invalidCursor();
  }
  return { values: parsed.slice(0, count) as CursorValue[], id: parsed[count] as string };
}

/** The values of a cursor made by `encodeCursor` whose last element is not an id (e.g. a slug). */
export function decodeTuple(cursor: string, length: number): CursorValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== length || !parsed.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw invalidCursor();
  }
  return parsed as CursorValue[];
}
