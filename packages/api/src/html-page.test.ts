import { describe, expect, it } from '@jest/globals';
import { htmlPage, pageCsp } from './html-page.js';

describe('the frame of the server-rendered pages', () => {
  it('writes the language, escapes the title and gives the style block the nonce', () => {
    const html = htmlPage({ lang: 'pl', nonce: 'n0nce', title: 'A <b> & "c"', width: '36rem' }, '<p>body</p>');
    expect(html.startsWith('<!doctype html><html lang="pl">')).toBe(true);
    expect(html).toContain('<title>A &lt;b&gt; &amp; &quot;c&quot;</title>');
    expect(html).toContain('<style nonce="n0nce">');
    expect(html).toContain('main{max-width:36rem}');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<body><main><p>body</p></main></body></html>');
    expect(html).not.toContain('<script');
  });

  it('lets a public page be indexed', () => {
    const html = htmlPage({ lang: 'de', nonce: 'n', title: 't', width: '40rem', indexable: true }, '');
    expect(html).not.toContain('noindex');
  });

  it('allows the style block, and forms or images only where a page asks', () => {
    expect(pageCsp('abc')).toBe("default-src 'none'; style-src 'nonce-abc'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
    expect(pageCsp('abc', { forms: true })).toBe(
      "default-src 'none'; style-src 'nonce-abc'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(pageCsp('abc', { images: true })).toBe(
      "default-src 'none'; style-src 'nonce-abc'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
  });
});
