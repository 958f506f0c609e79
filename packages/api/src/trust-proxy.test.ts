import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import { loadConfig, type Config } from './config.js';
import { sessionsTable } from './modules/auth/auth.table.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from './test/app.js';

const env = (TRUST_PROXY?: string) => ({ NODE_ENV: 'test', ...(TRUST_PROXY === undefined ? {} : { TRUST_PROXY }) });

describe('TRUST_PROXY', () => {
  it('takes false, a number of proxies, or a list of addresses and CIDR ranges', () => {
    expect(loadConfig(env()).trustProxy).toBe(false);
    expect(loadConfig(env('')).trustProxy).toBe(false);
    expect(loadConfig(env('false')).trustProxy).toBe(false);
    expect(loadConfig(env('2')).trustProxy).toBe(2);
    expect(loadConfig(env(' 10.0.0.0/8, 127.0.0.1 ,::1,fd00::/8,uniquelocal')).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'uniquelocal',
    ]);
  });

  it('refuses true, which would believe the address a client writes itself, with a line that says what to set', () => {
    expect(() => loadConfig(env('true'))).toThrow(/TRUST_PROXY: true would trust any X-Forwarded-For.*number of proxies/);
  });

  it('refuses what is neither a number nor addresses', () => {
    expect(() => loadConfig(env('10.0.0.0/33'))).toThrow(/TRUST_PROXY: .*10\.0\.0\.0\/33/);
    expect(() => loadConfig(env('proxy.example.eu'))).toThrow(/TRUST_PROXY: .*proxy\.example\.eu/);
    expect(() => loadConfig(env('yes'))).toThrow(/TRUST_PROXY/);
  });
});

/** Where a login came from, as the API recorded it with the session. */
async function sessionAddress(t: TestApp, userId: string): Promise<string | null> {
  const rows = await t.database.db
    .select({ ip: sessionsTable.ip })
    .from(sessionsTable)
    .where(and(eq(sessionsTable.userId, userId), eq(sessionsTable.userAgent, AGENT)));
  expect(rows).toHaveLength(1);
  return rows[0]!.ip;
}

const AGENT = 'behind-a-proxy';

async function loginThrough(t: TestApp, email: string, password: string, socket: string, forwardedFor?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: socket,
    headers: { 'user-agent': AGENT, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
  });
}

describe('behind one proxy that appends to X-Forwarded-For (TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    const overrides: Partial<Config> = {
      trustProxy: 1,
      login: { maxFailuresPerAccount: 100, maxFailuresPerAddress: 3, windowMinutes: 15 },
    };
    t = await createTestApp(overrides);
  });
  afterAll(() => t.close());

  it('takes the client from the entry the proxy wrote, not from the one the client forged', async () => {
    const user = await t.staff('viewer');
    const res = await loginThrough(t, user.email, TEST_PASSWORD, '10.0.0.1', '192.0.2.66, 203.0.113.7');
    expect(res.statusCode).toBe(200);
    expect(await sessionAddress(t, user.id)).toBe('203.0.113.7');
  });

  it('throttles failed logins of one client however it fills the leftmost entry', async () => {
    const proxy = '10.0.0.1';
    for (let i = 0; i < 3; i++) {
      const res = await loginThrough(t, `guess${i}@example.eu`, 'wrong password 123', proxy, `192.0.2.${i}, 203.0.113.20`);
      expect(res.statusCode).toBe(401);
    }
    const forged = await loginThrough(t, 'guess9@example.eu', 'wrong password 123', proxy, '192.0.2.99, 203.0.113.20');
    expect(forged.statusCode).toBe(429);
    // Another client behind the same proxy is not affected.
    const other = await loginThrough(t, 'guess9@example.eu', 'wrong password 123', proxy, '192.0.2.99, 203.0.113.21');
    expect(other.statusCode).toBe(401);
  });
});

describe('behind proxies named by address (TRUST_PROXY=10.0.0.0/8)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ trustProxy: ['10.0.0.0/8'] });
  });
  afterAll(() => t.close());

  it('skips the trusted proxies from the right and stops at the first address outside them', async () => {
    const user = await t.staff('viewer');
    const res = await loginThrough(t, user.email, TEST_PASSWORD, '10.0.0.1', '192.0.2.66, 203.0.113.9, 10.0.0.2');
    expect(res.statusCode).toBe(200);
    expect(await sessionAddress(t, user.id)).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For from a connection that does not come from a trusted proxy', async () => {
    const user = await t.staff('viewer');
    const res = await loginThrough(t, user.email, TEST_PASSWORD, '198.51.100.5', '203.0.113.9');
    expect(res.statusCode).toBe(200);
    expect(await sessionAddress(t, user.id)).toBe('198.51.100.5');
  });
});

describe('without a proxy (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('takes the address of the connection and ignores X-Forwarded-For', async () => {
    const user = await t.staff('viewer');
    const res = await loginThrough(t, user.email, TEST_PASSWORD, '198.51.100.6', '203.0.113.9');
    expect(res.statusCode).toBe(200);
    expect(await sessionAddress(t, user.id)).toBe('198.51.100.6');
  });
});
