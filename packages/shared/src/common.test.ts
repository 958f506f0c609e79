import { describe, expect, it } from '@jest/globals';
import { ClusterCreateSchema } from './clusters.js';
import { I18nTextSchema, missingLocales, pickLocalized } from './common.js';
import { naceSectionOf } from './taxonomies.js';

describe('pickLocalized', () => {
  it('returns the wanted language, else the first of the fallback order, and says which', () => {
    expect(pickLocalized({ de: 'Netz', pl: 'Sieć' }, 'pl')).toEqual({ text: 'Sieć', lang: 'pl' });
    expect(pickLocalized({ pl: 'Sieć', en: 'Network' }, 'de')).toEqual({ text: 'Sieć', lang: 'pl' });
    expect(pickLocalized({ pl: 'Sieć', en: 'Network' }, 'de', ['en', 'pl', 'de'])).toEqual({ text: 'Network', lang: 'en' });
    expect(pickLocalized({}, 'de')).toBeUndefined();
  });

  it('names the languages a text lacks', () => {
    expect(missingLocales({ de: 'x' })).toEqual(['pl', 'en']);
    expect(missingLocales({ de: 'x', pl: 'y', en: 'z' })).toEqual([]);
  });
});

describe('I18nTextSchema', () => {
  it('needs at least one language and trims', () => {
    expect(I18nTextSchema.safeParse({}).success).toBe(false);
    expect(I18nTextSchema.safeParse({ de: '   ' }).success).toBe(false);
    expect(I18nTextSchema.parse({ pl: '  Klaster ' })).toEqual({ pl: 'Klaster' });
    expect(I18nTextSchema.safeParse({ fr: 'Réseau' }).success).toBe(false);
  });
});

describe('NACE codes', () => {
  it('maps divisions to their section and rejects codes that do not exist', () => {
    expect(naceSectionOf('C')).toBe('C');
    expect(naceSectionOf('24')).toBe('C');
    expect(naceSectionOf('35')).toBe('D');
    expect(naceSectionOf('86')).toBe('Q');
    expect(naceSectionOf('04')).toBeUndefined();
    expect(naceSectionOf('Z')).toBeUndefined();
    expect(naceSectionOf('240')).toBeUndefined();
  });
});

describe('ClusterCreateSchema', () => {
  it('fills defaults and refuses unknown regions, duplicate sectors and unknown fields', () => {
    const parsed = ClusterCreateSchema.parse({ kind: 'cluster', name: { de: 'X-Cluster' }, regions: ['PL431'], partner: 'LOP' });
    expect(parsed).toMatchObject({ status: 'established', crossBorder: false, published: false, sectors: [], description: {} });
    expect(ClusterCreateSchema.safeParse({ kind: 'cluster', name: { de: 'X' }, regions: ['PL999'], partner: 'LOP' }).success).toBe(false);
    expect(
      ClusterCreateSchema.safeParse({ kind: 'cluster', name: { de: 'X' }, regions: ['PL431'], sectors: ['C', 'C'], partner: 'LOP' })
        .success,
    ).toBe(false);
    expect(
      ClusterCreateSchema.safeParse({ kind: 'cluster', name: { de: 'X' }, regions: ['PL431'], partner: 'LOP', secret: 1 }).success,
    ).toBe(false);
  });
});
