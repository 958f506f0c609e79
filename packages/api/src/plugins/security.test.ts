import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../test/app.js';
import { tileSource } from './security.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ corsOrigins: ['https://staff-portal.example.eu'] });
});
afterAll(() => t.close());

describe('security headers', () => {
  it('are sent with every answer: CSP, no framing, no sniffing, HSTS', async () => {
    for (const url of ['/health/live', '/api/v1/clusters', '/api/v1/nowhere']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['cross-origin-resource-policy']).toBe('same-site');
    }
  });

  it('are only those that matter for JSON on answers of the API', async () => {
    const pageOnly = [
      'cross-origin-opener-policy',
      'origin-agent-cluster',
      'referrer-policy',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-frame-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ];
    const portal = await t.apiKey(['public:read']);
    for (const res of [
      await portal.inject({ method: 'GET', url: '/api/v1/public/taxonomies/nace' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/clusters' }),
    ]) {
      expect(res.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(pageOnly.filter((name) => name in res.headers)).toEqual([]);
      // A request without an Origin is not a browser's cross-origin one: no CORS headers.
      expect(res.headers['access-control-expose-headers']).toBeUndefined();
    }
    // Answers outside the API, and those of it that are not JSON (a CSV export), keep the whole set.
    const viewer = await t.staff('viewer');
    const csv = await viewer.inject({ method: 'GET', url: '/api/v1/exports/organisations?format=csv' });
    expect([csv.statusCode, csv.headers['content-type']]).toEqual([200, 'text/csv; charset=utf-8']);
    for (const other of [await t.app.inject({ method: 'GET', url: '/health/live' }), csv]) {
      expect(other.headers['content-security-policy']).toContain("default-src 'self'");
      expect(other.headers['x-content-type-options']).toBe('nosniff');
      expect(pageOnly.filter((name) => !(name in other.headers))).toEqual([]);
    }
  });
});

describe('the map tile server in the CSP', () => {
  it('lets the admin app load tiles from the configured server, and no other', async () => {
    const withTiles = await createTestApp({ map: { tileUrl: 'https://{s}.tiles.example.eu:8443/osm/{z}/{x}/{y}.png', attribution: '©' } });
    try {
      const csp = (await withTiles.app.inject({ method: 'GET', url: '/health/live' })).headers['content-security-policy'];
      expect(csp).toContain("img-src 'self' data: https://*.tiles.example.eu:8443;");
    } finally {
      await withTiles.close();
    }
    const csp = (await t.app.inject({ method: 'GET', url: '/health/live' })).headers['content-security-policy'];
    expect(csp).toContain("img-src 'self' data:;");
  });

  it('takes only a plain host from the template, nothing that could end the directive', () => {
    expect(tileSource('http://127.0.0.1:9/{z}/{x}/{y}.png')).toEqual(['http://127.0.0.1:9']);
    expect(tileSource("https://tiles.example.eu;script-src 'unsafe-inline'/{z}/{x}/{y}.png")).toEqual([]);
    expect(tileSource(null)).toEqual([]);
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) =>
    t.app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });

  it('lets portals on any site ask the public API, without credentials', async () => {
    const res = await preflight('/api/v1/public/clusters', 'https://www.gubin.pl');
    expect(res.headers['access-control-allow-origin']).toBe('https://www.gubin.pl');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(String(res.headers['access-control-allow-headers'])).toContain('authorization');
  });

  it('opens the internal API only to configured origins, with credentials', async () => {
    const allowed = await preflight('/api/v1/clusters', 'https://staff-portal.example.eu');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://staff-portal.example.eu');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await preflight('/api/v1/clusters', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('caching', () => {
  it('forbids caches to keep authenticated answers (personal data), and lets portals cache the public directory', async () => {
    const viewer = await t.staff('viewer');
    const readKey = await t.apiKey(['read']);
    for (const [caller, url] of [
      [viewer, '/api/v1/auth/me'],
      [viewer, '/api/v1/users'],
      [viewer, '/api/v1/consulting-requests'],
      [viewer, '/api/v1/organisations'],
      [readKey, '/api/v1/organisations'],
    ] as const) {
      const res = await caller.inject({ method: 'GET', url });
      expect([url, res.statusCode, res.headers['cache-control']]).toEqual([url, 200, 'no-store']);
    }
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: viewer.email, password: viewer.password },
    });
    expect([login.statusCode, login.headers['cache-control']]).toEqual([200, 'no-store']);
    const portal = await (await t.apiKey(['public:read'])).inject({ method: 'GET', url: '/api/v1/public/clusters' });
    expect(portal.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
  });
});
