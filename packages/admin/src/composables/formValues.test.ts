import { describe, expect, it } from '@jest/globals';
import { filledTexts, joinList, parseNumber, splitList, textGroup, typedSlug } from './formValues.js';

describe('lists typed into one field', () => {
  it('codes split on commas, semicolons, line breaks and spaces', () => {
    expect(splitList('c 25, 62;j\n 28 ,', 'codes', 'upper')).toEqual(['C', '25', '62', 'J', '28']);
    expect(splitList('DE pl,EN', 'codes', 'lower')).toEqual(['de', 'pl', 'en']);
  });

  it('phrases keep their words together and split only on commas, semicolons and line breaks', () => {
    expect(splitList('hydrogen storage,  Leichtbau ; recykling\nsmart   grids', 'phrases')).toEqual([
      'hydrogen storage',
      'Leichtbau',
      'recykling',
      'smart grids',
    ]);
  });

  it('an empty or blank field is an empty list, and a list reads back as it was written', () => {
    expect(splitList(' , ;\n', 'phrases')).toEqual([]);
    expect(splitList('', 'codes')).toEqual([]);
    expect(joinList(['C', '25'])).toBe('C, 25');
  });
});

describe('numbers typed as text', () => {
  it('empty is no number', () => {
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('  ')).toBeNull();
  });

  it('takes a decimal comma and spaces between digit groups', () => {
    expect(parseNumber('62,5')).toBe(62.5);
    expect(parseNumber('1 500 000')).toBe(1500000);
    expect(parseNumber('1\u00a0500')).toBe(1500);
    expect(parseNumber(' 42 ')).toBe(42);
    expect(parseNumber('-3')).toBe(-3);
  });

  it('anything else is not a number, so that the schema reports it', () => {
    expect(parseNumber('12 Mio')).toBeNaN();
    expect(parseNumber('1.000,5')).toBeNaN();
    expect(parseNumber('1e3')).toBeNaN();
  });
});

describe('texts in three languages', () => {
  it('a form holds every language; the API gets only the written ones', () => {
    expect(textGroup({ pl: 'Klaster' })).toEqual({ de: '', pl: 'Klaster', en: '' });
    expect(textGroup(null)).toEqual({ de: '', pl: '', en: '' });
    expect(filledTexts({ de: '  ', pl: 'Klaster', en: '' })).toEqual({ pl: 'Klaster' });
  });
});

describe('a slug typed or left to the API', () => {
  it('sends the slug without surrounding spaces, and no slug at all when blank', () => {
    expect({ kind: 'news', ...typedSlug('  hydrogen-day-2027 ') }).toEqual({ kind: 'news', slug: 'hydrogen-day-2027' });
    expect({ kind: 'news', ...typedSlug('   ') }).toEqual({ kind: 'news' });
  });
});
