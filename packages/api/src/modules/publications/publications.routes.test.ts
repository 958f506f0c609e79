import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AuditPage, Problem, Publication, PublicationPage, PublicPublication, PublicPublicationPage } from '@euregionet/shared';
import { createTestApp, json, ok, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
let bic: Principal;
let lop: Principal;
let viewer: Principal;
let portal: Principal;

const study = (over: Record<string, unknown> = {}) => ({
  kind: 'study',
  title: { pl: 'Badanie rynku współpracy transgranicznej', de: 'Marktstudie grenzüberschreitende Kooperation' },
  summary: { pl: 'Wyniki badania klastrów w Lubuskiem.' },
  body: { pl: '# Wyniki\n\nKlastry **rosną**.', de: 'Die Cluster *wachsen*.' },
  partner: 'BIC',
  sectors: ['C'],
  ris3Areas: ['BB-ENERGY'],
  topics: ['internationalisation'],
  ...over,
});

async function create(by: Principal, over: Record<string, unknown> = {}) {
  const res = await by.inject({ method: 'POST', url: '/api/v1/publications', payload: study(over) });
  return { res, body: res.statusCode === 201 ? json<Publication>(res) : undefined };
}

async function move(by: Principal, p: { id: string; version: number }, to: string) {
  return by.inject({
    method: 'POST',
    url: `/api/v1/publications/${p.id}/transitions`,
    headers: { 'if-match': `"v${p.version}"` },
    payload: { to },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  bic = await t.staff('consultant', 'BIC');
  lop = await t.staff('consultant', 'LOP');
  viewer = await t.staff('viewer', 'BIC');
  portal = await t.apiKey(['public:read']);
});
afterAll(async () => t?.close());

describe('writing publications', () => {
  it('creates a draft with a slug from the first title language, audited, and any staff member reads it', async () => {
    const { res, body } = await create(bic);
    expect(res.statusCode).toBe(201);
    expect(body).toMatchObject({
      slug: 'marktstudie-grenzuberschreitende-kooperation',
      status: 'draft',
      publishedAt: null,
      version: 1,
      missingTranslations: ['de', 'en'],
    });
    expect(res.headers.etag).toBe('"v1"');
    const read = await ok<Publication>(await viewer.inject({ method: 'GET', url: `/api/v1/publications/${body!.id}` }));
    expect(read.title.pl).toBe('Badanie rynku współpracy transgranicznej');
    const audit = await ok<AuditPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=publication&entityId=${body!.id}` }),
    );
    expect(audit.items.map((e) => e.action)).toEqual(['create']);
  });

  it('lets only the author partner’s staff (and coordinators, administrators) change it', async () => {
    const { body } = await create(bic, { title: { de: 'Nur BIC ändert' } });
    expect(
      (
        await lop.inject({
          method: 'PATCH',
          url: `/api/v1/publications/${body!.id}`,
          headers: { 'if-match': '"v1"' },
          payload: { kind: 'news' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await create(lop, { partner: 'BIC' })).res.statusCode).toBe(403);
    expect((await viewer.inject({ method: 'POST', url: '/api/v1/publications', payload: study() })).statusCode).toBe(403);
    const changed = await ok<Publication>(
      await bic.inject({
        method: 'PATCH',
        url: `/api/v1/publications/${body!.id}`,
        headers: { 'if-match': '"v1"' },
        payload: { kind: 'news' },
      }),
    );
    expect(changed).toMatchObject({ kind: 'news', version: 2 });
  });

  it('refuses a change from a stale version (412) and one without If-Match (428)', async () => {
    const { body } = await create(bic, { title: { de: 'Versionen' } });
    await ok(
      await bic.inject({
        method: 'PATCH',
        url: `/api/v1/publications/${body!.id}`,
        headers: { 'if-match': '"v1"' },
        payload: { kind: 'guide' },
      }),
    );
    const stale = await bic.inject({
      method: 'PATCH',
      url: `/api/v1/publications/${body!.id}`,
      headers: { 'if-match': '"v1"' },
      payload: { kind: 'news' },
    });
    expect(stale.statusCode).toBe(412);
    expect(json<Problem>(stale).code).toBe('PRECONDITION_FAILED');
    expect((await bic.inject({ method: 'PATCH', url: `/api/v1/publications/${body!.id}`, payload: { kind: 'news' } })).statusCode).toBe(
      428,
    );
  });

  it('moves draft → published → archived, dates the first publication, and refuses other moves', async () => {
    const { body } = await create(bic, { title: { de: 'Arbeitsablauf' } });
    const archivedDraft = await move(bic, body!, 'archived');
    expect(archivedDraft.statusCode).toBe(409);
    expect(json<Problem>(archivedDraft).code).toBe('INVALID_TRANSITION');
    const published = await ok<Publication>(await move(bic, body!, 'published'));
    expect(published).toMatchObject({ status: 'published', version: 2 });
    // The test clock stands at TEST_NOW and moves a millisecond per reading.
    expect(published.publishedAt!.slice(0, 16)).toBe('2026-06-03T08:00');
    const withdrawn = await ok<Publication>(await move(bic, published, 'draft'));
    const again = await ok<Publication>(await move(bic, withdrawn, 'published'));
    expect(again.publishedAt).toBe(published.publishedAt);
    const archived = await ok<Publication>(await move(bic, again, 'archived'));
    expect(archived.status).toBe('archived');
    expect((await move(lop, archived, 'published')).statusCode).toBe(403);
  });

  it('searches and filters by kind, tag, status and text, Polish words without diacritics too', async () => {
    const { body: a } = await create(bic, {
      kind: 'guide',
      title: { pl: 'Poradnik żywności ekologicznej' },
      sectors: ['A'],
      ris3Areas: [],
      topics: ['funding'],
    });
    const { body: b } = await create(bic, {
      kind: 'news',
      title: { de: 'Neuigkeiten Kunststoff' },
      sectors: ['22'],
      ris3Areas: [],
      topics: [],
    });
    const list = async (q: string) =>
      (await ok<PublicationPage>(await viewer.inject({ method: 'GET', url: `/api/v1/publications?limit=100&${q}` }))).items.map(
        (p) => p.id,
      );
    expect(await list('q=zywnosci')).toEqual([a!.id]);
    expect(await list('kind=guide&sector=A')).toEqual([a!.id]);
    expect(await list('sector=22')).toEqual([b!.id]);
    expect(await list('topic=funding')).toEqual([a!.id]);
    expect(await list('kind=news&status=draft')).toContain(b!.id);
  });

  it('soft-deletes: gone from reads and lists, audited', async () => {
    const { body } = await create(bic, { title: { de: 'Wird gelöscht' } });
    expect((await lop.inject({ method: 'DELETE', url: `/api/v1/publications/${body!.id}` })).statusCode).toBe(403);
    expect((await bic.inject({ method: 'DELETE', url: `/api/v1/publications/${body!.id}` })).statusCode).toBe(204);
    expect((await bic.inject({ method: 'GET', url: `/api/v1/publications/${body!.id}` })).statusCode).toBe(404);
    const all = await ok<PublicationPage>(await viewer.inject({ method: 'GET', url: '/api/v1/publications?limit=100' }));
    expect(all.items.map((p) => p.id)).not.toContain(body!.id);
    const audit = await ok<AuditPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=publication&entityId=${body!.id}` }),
    );
    expect(audit.items.map((e) => e.action).sort()).toEqual(['create', 'delete']);
  });
});

describe('Markdown reaches readers as sanitised HTML', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(2)">',
    '[klik](javascript:alert(3))',
    '<a href="JaVaScRiPt:alert(4)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '![obraz](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNSk+)',
    '<p style="background:url(javascript:alert(6))" onclick="alert(7)">tekst</p>',
    '**Pogrubienie** i [link](https://euregionet.eu/)',
  ].join('\n\n');

  it('keeps the markup and drops scripts, event handlers and javascript: or data: URLs', async () => {
    const { body } = await create(bic, { title: { pl: 'Wrogi tekst' }, body: { pl: hostile } });
    await ok(await move(bic, body!, 'published'));
    const read = await ok<PublicPublication>(
      await portal.inject({ method: 'GET', url: `/api/v1/public/publications/${body!.slug}?lang=pl` }),
    );
    const html = read.bodyHtml!.text;
    expect(html).toContain('<strong>Pogrubienie</strong>');
    expect(html).toContain('<a href="https://euregionet.eu/" rel="noopener noreferrer nofollow">link</a>');
    for (const bad of [/<script/i, /onerror/i, /onclick/i, /javascript:/i, /<iframe/i, /data:image/i, /style=/i, /alert\(/i]) {
      expect(html).not.toMatch(bad);
    }
    const preview = await ok<{ html: string }>(
      await bic.inject({ method: 'POST', url: '/api/v1/publications/preview', payload: { markdown: hostile } }),
    );
    expect(preview.html).toBe(html);
  });

  it('brings a long body (as long as the editor takes) to portals whole', async () => {
    // 2,000 paragraphs of 20 characters: 44,000 characters of Markdown, 58,000 of HTML.
    const long = Array.from({ length: 2000 }, (_, i) => `Akapit ${String(i).padStart(5, '0')} tekstu.`).join('\n\n');
    const { body } = await create(bic, { title: { pl: 'Długi raport' }, body: { pl: long } });
    await ok(await move(bic, body!, 'published'));
    const read = await ok<PublicPublication>(
      await portal.inject({ method: 'GET', url: `/api/v1/public/publications/${body!.slug}?lang=pl` }),
    );
    expect(read.bodyHtml!.text.match(/<p>/g)).toHaveLength(2000);
    expect(read.bodyHtml!.text).toContain('<p>Akapit 01999 tekstu.</p>');
  });
});

describe('portals read published publications', () => {
  let published: Publication;
  beforeAll(async () => {
    const { body } = await create(bic, {
      kind: 'result',
      slug: 'benchmarking-klastrow-2026',
      title: { pl: 'Benchmarking klastrów 2026', en: 'Cluster benchmarking 2026' },
      summary: { pl: 'Podsumowanie' },
      body: { en: 'Only in **English**.' },
      ris3Areas: ['LB-GREEN'],
    });
    published = await ok<Publication>(await move(bic, body!, 'published'));
    await create(bic, { slug: 'szkic-niewidoczny', title: { pl: 'Szkic' } });
  });

  it('lists only published ones, in the asked language with the language each text came in', async () => {
    const page = await ok<PublicPublicationPage>(
      await portal.inject({ method: 'GET', url: '/api/v1/public/publications?lang=pl&limit=100' }),
    );
    const slugs = page.items.map((p) => p.slug);
    expect(slugs).toContain('benchmarking-klastrow-2026');
    expect(slugs).not.toContain('szkic-niewidoczny');
    const item = page.items.find((p) => p.slug === 'benchmarking-klastrow-2026')!;
    expect(item.title).toEqual({ text: 'Benchmarking klastrów 2026', lang: 'pl' });
    expect(item.summary).toEqual({ text: 'Podsumowanie', lang: 'pl' });
    expect(item.bodyHtml).toEqual({ text: '<p>Only in <strong>English</strong>.</p>', lang: 'en' });
    expect(Object.keys(item)).not.toContain('id');
  });

  it('falls back by Accept-Language and answers 304 to If-None-Match', async () => {
    const first = await portal.inject({
      method: 'GET',
      url: `/api/v1/public/publications/${published.slug}`,
      headers: { 'accept-language': 'de-DE' },
    });
    const read = await ok<PublicPublication>(first);
    expect(read.title).toEqual({ text: 'Benchmarking klastrów 2026', lang: 'pl' });
    expect(first.headers['content-language']).toBe('de');
    const again = await portal.inject({
      method: 'GET',
      url: `/api/v1/public/publications/${published.slug}`,
      headers: { 'accept-language': 'de-DE', 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('filters like the staff list, and hides drafts and needs a public:read key', async () => {
    const page = await ok<PublicPublicationPage>(
      await portal.inject({ method: 'GET', url: '/api/v1/public/publications?kind=result&ris3=LB-GREEN' }),
    );
    expect(page.items.map((p) => p.slug)).toEqual(['benchmarking-klastrow-2026']);
    expect((await portal.inject({ method: 'GET', url: '/api/v1/public/publications/szkic-niewidoczny' })).statusCode).toBe(404);
    expect((await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/publications' })).statusCode).toBe(401);
    expect((await viewer.inject({ method: 'GET', url: '/api/v1/public/publications' })).statusCode).toBe(403);
  });
});

describe('Atom feeds', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  const entries = (feed: { feed: { entry?: unknown } }) => {
    const e = feed.feed.entry;
    return (Array.isArray(e) ? e : e ? [e] : []) as { title: string | { '#text': string }; id: string; content?: unknown }[];
  };
  const text = (v: string | { '#text': string }) => (typeof v === 'string' ? v : v['#text']);

  it('publishes valid Atom per language without a key, with published publications only', async () => {
    const { body } = await create(bic, { slug: 'feed-wpis', title: { pl: 'Wpis w kanale', de: 'Eintrag im Feed' } });
    await ok(await move(bic, body!, 'published'));
    await create(bic, { slug: 'feed-szkic', title: { pl: 'Szkic w kanale' } });
    const res = await t.anonymous.inject({ method: 'GET', url: '/feeds/pl/publications.atom' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const feed = parser.parse(res.body) as { feed: { '@xmlns': string; title: string; entry?: unknown } };
    expect(feed.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    const titles = entries(feed).map((e) => text(e.title));
    expect(titles).toContain('Wpis w kanale');
    expect(titles).not.toContain('Szkic w kanale');
    const de = parser.parse((await t.anonymous.inject({ method: 'GET', url: '/feeds/de/publications.atom' })).body) as {
      feed: { entry?: unknown };
    };
    expect(entries(de).map((e) => text(e.title))).toContain('Eintrag im Feed');
  });

  it('lists open published funding calls, and refuses an unknown language', async () => {
    await ok(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/funding-calls',
        payload: {
          programme: 'interreg',
          programmeName: 'INTERREG VI A',
          title: { pl: 'Nabór na mikroprojekty' },
          partner: 'BIC',
          published: true,
          closesOn: '2026-07-01',
        },
      }),
      201,
    );
    const res = await t.anonymous.inject({ method: 'GET', url: '/feeds/pl/funding-calls.atom' });
    expect(XMLValidator.validate(res.body)).toBe(true);
    expect(entries(parser.parse(res.body) as { feed: { entry?: unknown } }).map((e) => text(e.title))).toEqual(['Nabór na mikroprojekty']);
    expect((await t.anonymous.inject({ method: 'GET', url: '/feeds/fr/publications.atom' })).statusCode).toBe(400);
    // Like every other route, a feed refuses a query parameter it does not know instead of ignoring it.
    const unknown = await t.anonymous.inject({ method: 'GET', url: '/feeds/pl/publications.atom?limit=5' });
    expect(unknown.statusCode).toBe(400);
    expect(json<Problem>(unknown).code).toBe('VALIDATION_FAILED');
  });
});
