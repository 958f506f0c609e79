import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../test/app.js';

// A built admin app in miniature, precompressed as the admin build does it.
const dist = mkdtempSync(join(tmpdir(), 'admin-dist-'));
const entry = Buffer.from(`export const greeting = ${JSON.stringify('Guten Tag, dzień dobry, good day. '.repeat(200))};\n`);
const index = Buffer.from(
  `<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head>${' '.repeat(2000)}</html>`,
);
mkdirSync(join(dist, 'assets'));
for (const [path, body] of [
  ['assets/index-Ab12Cd34.js', entry],
  ['index.html', index],
] as const) {
  writeFileSync(join(dist, path), body);
  writeFileSync(join(dist, `${path}.br`), brotliCompressSync(body));
  writeFileSync(join(dist, `${path}.gz`), gzipSync(body));
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ adminDist: dist });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
const varies = (res: { headers: Record<string, unknown> }) =>
  String(res.headers.vary)
    .toLowerCase()
    .split(/\s*,\s*/);

describe('the admin app is served precompressed', () => {
  it('sends the brotli copy of an asset to a browser that accepts brotli', async () => {
    const res = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(varies(res)).toContain('accept-encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.rawPayload.length).toBeLessThan(entry.length / 10);
    expect(brotliDecompressSync(res.rawPayload).equals(entry)).toBe(true);
  });

  it('sends the gzip copy when the browser accepts gzip but not brotli', async () => {
    const res = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip, deflate' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(varies(res)).toContain('accept-encoding');
    expect(gunzipSync(res.rawPayload).equals(entry)).toBe(true);
  });

  it('sends the file itself to a client that accepts no encoding, and says the answer varies by it', async () => {
    const res = await get('/assets/index-Ab12Cd34.js', {});
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(varies(res)).toContain('accept-encoding');
    expect(res.rawPayload.equals(entry)).toBe(true);
  });

  it('sends the page compressed too, at / and for a route of the app loaded directly', async () => {
    for (const url of ['/', '/clusters/some-cluster']) {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'br' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(res.rawPayload).equals(index)).toBe(true);
    }
  });
});

describe('the app answers at / whatever the client accepts', () => {
  // curl and some proxies send `Accept: */*`: the page must not turn into a 404 because the
  // client also accepts brotli.
  it.each([
    ['*/*', 'br', 'br'],
    ['*/*', 'gzip', 'gzip'],
    ['*/*', '', undefined],
    ['text/html', '', undefined],
  ])('Accept %s, Accept-Encoding "%s"', async (accept, encoding, sent) => {
    const res = await get('/', { accept, ...(encoding ? { 'accept-encoding': encoding } : {}) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-encoding']).toBe(sent);
    const body = sent === 'br' ? brotliDecompressSync(res.rawPayload) : sent === 'gzip' ? gunzipSync(res.rawPayload) : res.rawPayload;
    expect(body.equals(index)).toBe(true);
  });
});
