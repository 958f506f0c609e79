import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { foldLetters, foldText, foldWords, isStorableText, slugify, unstorableTextPaths, withStorableText } from './text.js';

describe('isStorableText', () => {
  it('refuses NUL and a surrogate without its partner, and takes every other character', () => {
    expect(isStorableText('Zażółć gęślą jaźń – Größe 😀 \t\n')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\uD83D')).toBe(false);
    expect(isStorableText('x\uDE00')).toBe(false);
    expect(isStorableText('\uDE00\uD83D')).toBe(false);
  });
});

describe('unstorableTextPaths', () => {
  it('names each value and key that holds one, however deep', () => {
    const paths = unstorableTextPaths({ name: { de: 'ok', pl: 'a\u0000' }, tags: ['ok', '\uD800'], 'k\u0000': 1, n: 5, b: null });
    expect(paths).toHaveLength(3);
    expect(paths).toEqual(expect.arrayContaining([['name', 'pl'], ['tags', 1], ['k\u0000']]));
    expect(unstorableTextPaths('\u0000')).toEqual([[]]);
    expect(unstorableTextPaths({ q: 'Kraków' })).toEqual([]);
    const query = Object.create(Object.create(null) as object) as Record<string, string>;
    query.q = '\u0000';
    expect(unstorableTextPaths(query)).toEqual([['q']]);
    expect(
      unstorableTextPaths({
        file: new Uint8Array([97, 0, 98]),
        stream: new (class Upload {
          name = '\u0000';
        })(),
      }),
    ).toEqual([]);
  });

  it('walks a value nested 100,000 levels deep without overflowing the stack', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const [path] = unstorableTextPaths(deep);
    expect(path).toHaveLength(100_000);
  });
});

describe('withStorableText', () => {
  it('refuses such a text with a field error, before the schema', () => {
    const schema = withStorableText(z.strictObject({ email: z.string() }));
    expect(schema.parse({ email: 'a@b.eu' })).toEqual({ email: 'a@b.eu' });
    const result = schema.safeParse({ email: 'a\u0000@b.eu' });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([
      expect.objectContaining({ path: ['email'], code: 'custom', params: { code: 'invalid_characters' } }),
    ]);
  });
});

describe('folding', () => {
  it('drops diacritics as PostgreSQL’s unaccent does: an umlaut loses its dots, ß becomes ss, ł becomes l', () => {
    expect(foldLetters('Łódź')).toBe('lodz');
    expect(foldLetters('Straße')).toBe('strasse');
    expect(foldLetters('Ä')).toBe('a');
    expect(foldLetters('Märkte Öl Übung')).toBe('markte ol ubung');
    expect(foldLetters('ZAŻÓŁĆ GĘŚLĄ JAŹŃ')).toBe('zazolc gesla jazn');
    expect(foldLetters('Ærø, Œuvre')).toBe('aero, oeuvre');
  });

  it('compares names by letters and digits only', () => {
    expect(foldText('Müller-Łódź GmbH')).toBe('mullerlodzgmbh');
    expect(foldText('HRB 1234 B')).toBe('hrb1234b');
    expect(foldText('Frankfurt (Oder)')).toBe(foldText('frankfurt oder'));
  });

  it('splits keywords into single-spaced words', () => {
    expect(foldWords('  Wasserstoff-Technologie — Łódź! ')).toBe('wasserstoff technologie lodz');
    expect(foldWords('---')).toBe('');
  });

  it('makes URL names of at most 80 characters, with no hyphen at either end', () => {
    expect(slugify('Lubuski Klaster Żywności i Wina')).toBe('lubuski-klaster-zywnosci-i-wina');
    expect(slugify('Łódź – Großräschen Märkte')).toBe('lodz-grossraschen-markte');
    expect(slugify('  --  ')).toBe('');
    expect(slugify(`${'a'.repeat(79)} b`)).toBe('a'.repeat(79));
    expect(slugify(`${'a'.repeat(80)}b`)).toHaveLength(80);
  });
});
