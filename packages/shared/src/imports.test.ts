import { describe, expect, it } from '@jest/globals';
import {
  coerceCell,
  detectDelimiter,
  previewCsv,
  flattenRow,
  foldHeader,
  IMPORT_COLUMNS,
  parseDecimal,
  recordOfRow,
  resolveHeaders,
} from './imports.js';

describe('parseDecimal', () => {
  it.each([
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['1.234,5', 1234.5],
    ['1,234.5', 1234.5],
    ['1 234,5', 1234.5],
    ['1.234.567', 1234567],
    ['-3', -3],
  ])('reads %s as %d', (text, value) => expect(parseDecimal(text)).toBe(value));

  it.each(['', 'abc', '1,2,3x', '12,5,6'])('refuses %s', (text) => expect(parseDecimal(text)).toBeNaN());
});

describe('coerceCell', () => {
  it('reads each kind as spreadsheets write it, and leaves what does not fit for the schema to report', () => {
    expect(coerceCell('integer', '1.234')).toBe(1234);
    expect(coerceCell('integer', 'viele')).toBe('viele');
    expect(coerceCell('boolean', 'Ja')).toBe(true);
    expect(coerceCell('boolean', 'nie')).toBe(false);
    expect(coerceCell('list', ' C | 62 |')).toEqual(['C', '62']);
    expect(coerceCell('date', '1.2.2020')).toBe('2020-02-01');
    expect(coerceCell('text', '  ')).toBeUndefined();
    expect(coerceCell('number', 7)).toBe(7);
  });
});

describe('headers and rows', () => {
  it('maps headers by name, alias (without case and accents) and the caller’s own mapping', () => {
    const targets = resolveHeaders(['Quelle', 'externalId', 'Firma', 'Größe', 'Unbekannt', 'Beschreibung'], IMPORT_COLUMNS.organisations, {
      Beschreibung: 'description.de',
    });
    expect(targets).toEqual(['source', 'externalId', 'name', 'sizeClass', null, 'description.de']);
  });

  it('takes a German header with its umlauts or spelled without them, and keeps the dot of a nested column', () => {
    expect(foldHeader('Größe')).toBe('grosse');
    expect(foldHeader(' Rok założenia ')).toBe('rokzalozenia');
    expect(foldHeader('Description.DE')).toBe('description.de');
    const headers = ['Größe', 'Beschaeftigte', 'Gründungsjahr', 'Veroeffentlicht', 'Förderquote'];
    expect(resolveHeaders(headers.slice(0, 4), IMPORT_COLUMNS.organisations, {})).toEqual([
      'sizeClass',
      'employees',
      'foundedYear',
      'published',
    ]);
    expect(resolveHeaders(['Groesse', 'Beschäftigte'], IMPORT_COLUMNS.organisations, {})).toEqual(['sizeClass', 'employees']);
    for (const header of [headers[4]!, 'Foerderquote']) {
      expect(resolveHeaders([header], IMPORT_COLUMNS['funding-calls'], {})).toEqual(['fundingRatePercent']);
    }
  });

  it('nests dotted columns and leaves empty cells out', () => {
    expect(recordOfRow(IMPORT_COLUMNS.organisations, { name: 'A', 'description.de': 'x', 'description.pl': '', employees: '5' })).toEqual({
      name: 'A',
      description: { de: 'x' },
      employees: 5,
    });
    expect(flattenRow({ a: { b: 1, c: [1] }, d: null })).toEqual({ 'a.b': 1, 'a.c': [1], d: null });
  });
});

describe('previewCsv', () => {
  it('reads the first rows of a spreadsheet CSV with its delimiter, quotes and line breaks', () => {
    const text = '\uFEFFName;Ort\r\n"Müller; Söhne";"Frank-\nfurt"\r\n"Er sagt ""ja""";Cottbus\r\nA;B\r\n';
    expect(detectDelimiter('a,b;c;d\n')).toBe(';');
    expect(previewCsv(text, 3)).toEqual([
      ['Name', 'Ort'],
      ['Müller; Söhne', 'Frank-\nfurt'],
      ['Er sagt "ja"', 'Cottbus'],
    ]);
  });
});
