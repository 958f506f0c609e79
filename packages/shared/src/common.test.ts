import { describe, expect, it } from '@jest/globals';
import { ClusterCreateSchema, ClusterUpdateSchema } from './clusters.js';
import { calendarDate, I18nTextSchema, IdSchema, IsoDateSchema, listSchema, missingLocales, pickLocalized } from './common.js';
import { ApiKeyCreateSchema } from './api-keys.js';
import { EventInvitationAudienceSchema } from './event-invitations.js';
import { OrganisationUpdateSchema } from './organisations.js';
import { WebhookEndpointCreateSchema } from './sync.js';
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

describe('calendarDate', () => {
  it('takes the days of the years given and names a date outside with the field error date_range', () => {
    const date = calendarDate(2000);
    expect(date.parse('2000-01-01')).toBe('2000-01-01');
    expect(date.parse('2199-12-31')).toBe('2199-12-31');
    expect(date.safeParse('2026-02-30').success).toBe(false);
    expect(date.safeParse('1.3.2026').success).toBe(false);
    const early = date.safeParse('1999-12-31');
    expect(early.success).toBe(false);
    expect(early.error?.issues).toEqual([
      expect.objectContaining({ message: 'A date between 2000 and 2199', params: { code: 'date_range' } }),
    ]);
    expect(date.safeParse('2200-01-01').success).toBe(false);
    expect(calendarDate(1900).parse('1900-01-01')).toBe('1900-01-01');
  });
});

describe('listSchema', () => {
  it('holds at most max items and is a named component, with its description when given', () => {
    const List = listSchema(IdSchema, 2, 'TwoIds', 'Newest first');
    const id = '0b7e1a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    expect(List.parse({ items: [id, id] })).toEqual({ items: [id, id] });
    expect(List.safeParse({ items: [id, id, id] }).success).toBe(false);
    expect(List.safeParse({ items: ['not an id'] }).success).toBe(false);
    expect(List.meta()).toEqual({ id: 'TwoIds', description: 'Newest first' });
    expect(listSchema(IdSchema, 2, 'Plain').meta()).toEqual({ id: 'Plain' });
  });
});

describe('IsoDateSchema', () => {
  it('takes a calendar day YYYY-MM-DD and nothing else', () => {
    expect(IsoDateSchema.parse('2026-02-28')).toBe('2026-02-28');
    expect(IsoDateSchema.safeParse('2026-02-30').success).toBe(false);
    expect(IsoDateSchema.safeParse('28.02.2026').success).toBe(false);
    expect(IsoDateSchema.safeParse('2026-02-28T10:00:00Z').success).toBe(false);
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

describe('lists whose values may not repeat', () => {
  const issuesOf = (r: { error?: { issues: unknown[] } }) => r.error?.issues;

  it('answer a repeated value with the field error duplicate_value at the list, on every kind', () => {
    expect(issuesOf(ApiKeyCreateSchema.safeParse({ name: 'Portal', partner: 'LOP', scopes: ['read', 'read'] }))).toEqual([
      expect.objectContaining({ path: ['scopes'], message: 'Duplicate value', params: { code: 'duplicate_value' } }),
    ]);
    expect(
      issuesOf(
        WebhookEndpointCreateSchema.safeParse({ url: 'https://portal.example.eu/hook', events: ['cluster.changed', 'cluster.changed'] }),
      ),
    ).toEqual([expect.objectContaining({ path: ['events'], params: { code: 'duplicate_value' } })]);
    expect(issuesOf(EventInvitationAudienceSchema.safeParse({ countries: ['PL', 'PL'] }))).toEqual([
      expect.objectContaining({ path: ['countries'], params: { code: 'duplicate_value' } }),
    ]);
  });

  it('still need their least number of values, and leave an audience criterion empty when not given', () => {
    expect(ApiKeyCreateSchema.safeParse({ name: 'Portal', partner: 'LOP', scopes: [] }).success).toBe(false);
    expect(ApiKeyCreateSchema.safeParse({ name: 'Portal', partner: 'LOP', scopes: ['read', 'public:read'] }).success).toBe(true);
    expect(EventInvitationAudienceSchema.parse({ countries: ['PL', 'DE'] })).toEqual({
      clusterIds: [],
      sectors: [],
      ris3Areas: [],
      countries: ['PL', 'DE'],
    });
  });
});

describe('the body of a change', () => {
  it('takes any subset of the fields, refuses a field the record does not have, and says so in the document', () => {
    expect(ClusterUpdateSchema.parse({})).toEqual({});
    expect(ClusterUpdateSchema.parse({ website: 'https://oder-optik.example.eu' })).toEqual({ website: 'https://oder-optik.example.eu' });
    expect(ClusterUpdateSchema.safeParse({ brand: true }).success).toBe(false);
    expect(ClusterUpdateSchema.meta()).toEqual({ id: 'ClusterUpdate', description: 'Only the fields present are changed' });
    expect(OrganisationUpdateSchema.meta()).toEqual({
      id: 'OrganisationUpdate',
      description: 'Only the fields present are changed; `contacts` replaces the whole list',
    });
  });
});
