import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { publicListQuerySchema, publicPageSchema } from './public.js';

describe('publicListQuerySchema', () => {
  const query = publicListQuerySchema({ kind: z.enum(['offer', 'request']).optional() });

  it('takes the kind’s filters with pagination, updatedSince and lang, and fills in the page size', () => {
    expect(query.parse({ kind: 'offer', lang: 'pl,en', updatedSince: '2026-03-01T08:00:00Z', cursor: 'abc' })).toEqual({
      kind: 'offer',
      lang: 'pl,en',
      updatedSince: '2026-03-01T08:00:00Z',
      cursor: 'abc',
      limit: 25,
    });
    expect(query.parse({ limit: '100' })).toEqual({ limit: 100 });
  });

  it('refuses unknown parameters, an unknown language, a bad instant and too large a page', () => {
    expect(query.safeParse({ region: 'PL43' }).success).toBe(false);
    expect(query.safeParse({ lang: 'fr' }).success).toBe(false);
    expect(query.safeParse({ updatedSince: 'yesterday' }).success).toBe(false);
    expect(query.safeParse({ limit: '101' }).success).toBe(false);
    expect(query.safeParse({ kind: 'gift' }).success).toBe(false);
  });
});

describe('publicPageSchema', () => {
  const page = publicPageSchema(z.object({ slug: z.string() }), 'TestPublicPage');

  it('carries the language, the items and the next cursor, null on the last page', () => {
    expect(page.parse({ lang: 'pl', items: [{ slug: 'a' }], nextCursor: null })).toEqual({
      lang: 'pl',
      items: [{ slug: 'a' }],
      nextCursor: null,
    });
    expect(page.safeParse({ lang: 'pl', items: [] }).success).toBe(false);
    expect(page.safeParse({ lang: 'fr', items: [], nextCursor: null }).success).toBe(false);
  });

  it('holds at most 100 items and a cursor of at most 500 characters', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ slug: `s${i}` }));
    expect(page.safeParse({ lang: 'de', items, nextCursor: 'x'.repeat(500) }).success).toBe(true);
    expect(page.safeParse({ lang: 'de', items: [...items, { slug: 'one-more' }], nextCursor: null }).success).toBe(false);
    expect(page.safeParse({ lang: 'de', items, nextCursor: 'x'.repeat(501) }).success).toBe(false);
  });

  it('documents lang only where asked to', () => {
    const described = publicPageSchema(z.object({ slug: z.string() }), 'TestDescribedPublicPage', { describeLang: true });
    expect(described.shape.lang.description).toBe('The language asked for; each text says the language it is in');
    expect(page.shape.lang.description).toBeUndefined();
  });
});
