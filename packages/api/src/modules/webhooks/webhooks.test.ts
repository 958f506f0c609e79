import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import type { WebhookDelivery, WebhookDeliveryList, WebhookEndpointCreated, WebhookEndpoint } from '@euregionet/shared';
import type { Clock } from '../../clock.js';
import { loadConfig } from '../../config.js';
import { createTestApp, ok, testConfig, type Principal, type TestApp } from '../../test/app.js';
import { changesSettled } from '../../test/changes.js';
import { postWebhook, TargetRefused } from './webhook-transport.js';
import { createWebhookSender } from './webhooks.sender.js';
import { createWebhookService } from './webhooks.service.js';

/** A portal's receiver on this machine: records what arrives, answers the statuses queued. */
let server: Server;
let base: string;
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
/** Statuses to answer, per path, in order; 204 when none is left. */
const answers = new Map<string, number[]>();

/** The app's clock, moved by the tests; near the real time, as the signature check allows 5 minutes. */
let now = new Date(Math.floor(Date.now() / 1000) * 1000);
const clock: Clock = { now: () => new Date(now) };

let t: TestApp;
let admin: Principal;
let keyId: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = answers.get(req.url ?? '')?.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = testConfig();
  t = await createTestApp({ webhooks: { ...config.webhooks, allowPrivateTargets: true } }, { clock });
  admin = await t.admin();
  keyId = (await t.apiKey(['public:read'])).id;
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received.length = 0;
  answers.clear();
});

/** Dispatches once the change log's newest changes can be read (see `changesSettled`). */
async function dispatched(webhooks: ReturnType<typeof createWebhookService>) {
  await changesSettled(t.database.db);
  return webhooks.dispatch();
}

const services = () => ({
  webhooks: createWebhookService(t.database.db, { clock, publicBaseUrl: 'https://euregionet.example.eu', allowPrivateTargets: true }),
  sender: createWebhookSender(t.database.db, { clock, transport: { allowPrivateTargets: true }, retryBaseMs: 30_000, maxAttempts: 4 }),
});

async function register(path: string, events: string[]) {
  return ok<WebhookEndpointCreated>(
    await admin.inject({ method: 'POST', url: `/api/v1/api-keys/${keyId}/webhooks`, payload: { url: `${base}${path}`, events } }),
    201,
  );
}
const deliveries = async (endpointId: string) =>
  (await ok<WebhookDeliveryList>(await admin.inject({ method: 'GET', url: `/api/v1/api-keys/${keyId}/webhooks/${endpointId}/deliveries` })))
    .items;

async function publishCluster(name: string) {
  return ok<{ id: string; slug: string; version: number }>(
    await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { kind: 'cluster', name: { de: name }, regions: ['PL431'], partner: 'BIC', published: true },
    }),
    201,
  );
}

describe('webhooks', () => {
  it('delivers a cluster.published event from the change log, signed so that the Standard Webhooks library verifies it', async () => {
    const { endpoint, secret } = await register('/signed', ['cluster.published']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await publishCluster('Signaturcluster');
    const { webhooks, sender } = services();
    expect(await dispatched(webhooks)).toBe(1);
    expect(await sender.sendDue()).toEqual({ delivered: 1, failed: 0 });

    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    const verified = new Webhook(secret).verify(body, headers as Record<string, string>);
    expect(verified).toEqual({
      type: 'cluster.published',
      timestamp: expect.any(String),
      data: { resource: 'cluster', slug: 'signaturcluster', url: 'https://euregionet.example.eu/api/v1/public/clusters/signaturcluster' },
    });
    // A body changed on the way does not verify.
    expect(() => new Webhook(secret).verify(body.replace('signaturcluster', 'other'), headers as Record<string, string>)).toThrow();
    expect((await deliveries(endpoint.id)).map((d) => [d.eventType, d.status, d.attempts, d.lastStatusCode])).toEqual([
      ['cluster.published', 'delivered', 1, 204],
    ]);
    // Dispatched once only.
    expect(await dispatched(webhooks)).toBe(0);
  });

  it('retries a failed delivery after growing waits on the app clock, with the same webhook-id, until it is delivered', async () => {
    const { endpoint } = await register('/flaky', ['cluster.changed']);
    const c = await publishCluster('Wackelcluster');
    await ok(
      await admin.inject({
        method: 'PATCH',
        url: `/api/v1/clusters/${c.id}`,
        headers: { 'if-match': `"v${c.version}"` },
        payload: { website: 'https://wackel.example.de' },
      }),
    );
    const { webhooks, sender } = services();
    await dispatched(webhooks);
    answers.set('/flaky', [500, 503, 500]);
    const start = now.getTime();
    const at = (seconds: number) => {
      now = new Date(start + seconds * 1000);
    };
    const flaky = () => received.filter((r) => r.path === '/flaky');
    const pending = async () => (await deliveries(endpoint.id))[0]!;

    at(0);
    await sender.sendDue();
    expect(await pending()).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      nextAttemptAt: new Date(start + 30_000).toISOString(),
    });
    at(29);
    await sender.sendDue();
    expect(flaky()).toHaveLength(1);
    at(30);
    await sender.sendDue();
    expect(await pending()).toMatchObject({ attempts: 2, lastStatusCode: 503, nextAttemptAt: new Date(start + 90_000).toISOString() });
    at(89);
    await sender.sendDue();
    expect(flaky()).toHaveLength(2);
    at(90);
    await sender.sendDue();
    expect(await pending()).toMatchObject({ attempts: 3, nextAttemptAt: new Date(start + 210_000).toISOString() });
    at(210);
    await sender.sendDue();
    expect(await pending()).toMatchObject({ status: 'delivered', attempts: 4, lastStatusCode: 204, lastError: null, nextAttemptAt: null });
    expect(new Set(flaky().map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(flaky()).toHaveLength(4);
  });

  it('sends a test event on request and answers the delivery; lists and removes endpoints', async () => {
    const { endpoint } = await register('/test', ['event.published']);
    const sent = await ok<WebhookDelivery>(
      await admin.inject({ method: 'POST', url: `/api/v1/api-keys/${keyId}/webhooks/${endpoint.id}/test` }),
      201,
    );
    expect(sent).toMatchObject({ eventType: 'test', status: 'delivered', attempts: 1, lastStatusCode: 204 });
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'test', data: { message: 'A test from EuRegioNet' } });

    const list = await ok<{ items: WebhookEndpoint[] }>(await admin.inject({ method: 'GET', url: `/api/v1/api-keys/${keyId}/webhooks` }));
    expect(list.items.map((e) => e.url)).toContain(`${base}/test`);
    expect(JSON.stringify(list)).not.toContain('whsec_');
    const removed = await admin.inject({ method: 'DELETE', url: `/api/v1/api-keys/${keyId}/webhooks/${endpoint.id}` });
    expect(removed.statusCode).toBe(204);
    const gone = await admin.inject({ method: 'GET', url: `/api/v1/api-keys/${keyId}/webhooks/${endpoint.id}/deliveries` });
    expect(gone.statusCode).toBe(404);
  });
});

describe('webhook targets that are not public', () => {
  const strict = { allowPrivateTargets: false, timeoutMs: 3000 };
  const send = (url: string, options: Parameters<typeof postWebhook>[3] = strict) => postWebhook(url, {}, '{}', options);
  const port = () => (server.address() as AddressInfo).port;

  it.each([
    ['loopback', () => `https://127.0.0.1:${port()}/hook`],
    ['private 10.x', () => 'https://10.1.2.3/hook'],
    ['IPv4-mapped IPv6 loopback', () => `https://[::ffff:127.0.0.1]:${port()}/hook`],
    ['link-local (cloud metadata)', () => 'https://169.254.169.254/latest'],
  ])('refuses %s before connecting', async (_name, url) => {
    await expect(send(url())).rejects.toBeInstanceOf(TargetRefused);
    expect(received).toHaveLength(0);
  });

  it('refuses a name that resolves to 127.0.0.1, after the DNS answer', async () => {
    const toLoopback: LookupFunction = (_host, options, callback) => {
      const cb = callback as unknown as (err: null, address: unknown, family?: number) => void;
      if ((options as { all?: boolean }).all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    };
    await expect(send(`https://localhost:${port()}/hook`, { ...strict, lookup: toLoopback })).rejects.toBeInstanceOf(TargetRefused);
    await expect(send(`https://portal.example.pl:${port()}/hook`, { ...strict, lookup: toLoopback })).rejects.toBeInstanceOf(TargetRefused);
    expect(received).toHaveLength(0);
  });

  it('refuses plain http, and does not follow redirects', async () => {
    await expect(send('http://portal.example.pl/hook')).rejects.toThrow('HTTPS only');
    answers.set('/moved', [307]);
    const { webhooks, sender } = services();
    const { endpoint } = await register('/moved', ['fundingCall.published']);
    await webhooks.enqueueTest(keyId, endpoint.id);
    await sender.sendDue();
    expect((await deliveries(endpoint.id))[0]).toMatchObject({
      status: 'pending',
      lastStatusCode: 307,
      lastError: 'Redirect (307) not followed',
    });
  });

  it('allows private targets only outside production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS/);
    expect(loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).webhooks.allowPrivateTargets).toBe(true);
  });
});
