import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, apiAs, checkLayouts, openPage, signIn, startForFile, type Server } from './harness.js';

const SHOTS = '/tmp/webhooks';

let server: Server;
let browser: Browser;
let keyId: string;

/** The portal's receiver on this machine: records what arrives; `/broken` answers 500. */
let receiver: HttpServer;
let receiverUrl: string;
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

// A local receiver is a private target: allowed only outside production, as in development.
startForFile((product) => ({ server, browser } = product), { NODE_ENV: 'development', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = req.url === '/broken' ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const api = await apiAs(server.url, ADMIN.email, ADMIN.password);
  const created = await api('/api-keys', {
    method: 'POST',
    body: {
      name: 'Portal Lubuskie',
      partner: 'BIC',
      scopes: ['public:read'],
      allowedOrigins: [],
      rateLimitPerMinute: 600,
      expiresAt: null,
    },
  });
  expect(created.status).toBe(201);
  keyId = ((await created.json()) as { key: { id: string } }).key.id;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

describe('webhooks in the browser', () => {
  it('registers a portal endpoint, shows its secret once, sends a signed test and logs deliveries', async () => {
    const { page, errors } = await openPage(browser, server.url);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto('/api-keys');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('api-key-table').getByRole('row').filter({ hasText: 'Portal Lubuskie' }).getByTestId('api-key-webhooks').click();
    await page.getByRole('heading', { name: 'Webhooks of the key “Portal Lubuskie”' }).waitFor();
    expect(await page.locator('.empty').textContent()).toContain("No endpoint yet: register the portal's address above");

    // Register for two events only.
    const form = page.getByTestId('webhook-create');
    await form.getByLabel('Address (HTTPS)').fill(`${receiverUrl}/hooks`);
    for (const event of ['Cluster changed', 'Cluster unpublished', 'Funding call published', 'Publication published']) {
      await form.getByLabel(event).uncheck();
    }
    await form.getByRole('button', { name: 'Register' }).click();
    const secret = (await page.getByTestId('webhook-secret').getByTestId('secret').textContent())!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await page.getByTestId('webhook-secret').textContent()).toContain('it is shown only this once');
    const endpoint = page.getByTestId('webhook-endpoint').filter({ hasText: `${receiverUrl}/hooks` });
    expect(await endpoint.textContent()).toContain('Cluster published, Event published');

    // Once dismissed, the secret is nowhere on the page any more.
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.reload();
    await endpoint.waitFor();
    expect(await page.content()).not.toContain(secret);

    // The test arrives, signed with the secret shown (checked here with HMAC-SHA256, independently of the product).
    await endpoint.getByTestId('webhook-test').click();
    expect(await endpoint.getByTestId('webhook-test-result').textContent()).toMatch(/The test was delivered\s*\(HTTP 204\)/);
    expect(received).toHaveLength(1);
    const [hook] = received;
    expect(hook!.path).toBe('/hooks');
    expect(JSON.parse(hook!.body)).toMatchObject({ type: 'test' });
    const signed = `${hook!.headers['webhook-id']}.${hook!.headers['webhook-timestamp']}.${hook!.body}`;
    const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
      .update(signed)
      .digest('base64');
    expect(String(hook!.headers['webhook-signature']).split(' ')).toContain(`v1,${expected}`);

    await endpoint.getByTestId('webhook-log').click();
    const delivery = endpoint.getByTestId('webhook-delivery');
    await delivery.first().waitFor();
    expect(await delivery.count()).toBe(1);
    expect(await delivery.first().textContent()).toMatch(/Test\s*Delivered\s*1\s*–\s*HTTP 204/);

    // A portal that fails: the test says it will be retried, the log shows when and what came back.
    await form.getByLabel('Address (HTTPS)').fill(`${receiverUrl}/broken`);
    await form.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('webhook-secret').waitFor();
    const broken = page.getByTestId('webhook-endpoint').filter({ hasText: `${receiverUrl}/broken` });
    await broken.getByTestId('webhook-log').click();
    await broken.getByText('Nothing has been sent to this endpoint yet: send a test.').waitFor();
    await broken.getByTestId('webhook-test').click();
    expect(await broken.getByTestId('webhook-test-result').textContent()).toMatch(/The test failed; it will be tried again\s*\(HTTP 500\)/);
    const failed = broken.getByTestId('webhook-delivery').first();
    await failed.waitFor();
    const cells = await failed.locator('td, th').allTextContents();
    expect(cells.map((c) => c.trim()).slice(1)).toEqual(['Test', 'Waiting', '1', expect.stringMatching(/\d/), 'HTTP 500']);

    // Deleting (after the confirmation) removes the endpoint and leaves the other.
    await broken.getByRole('button', { name: 'Delete' }).click();
    await broken.waitFor({ state: 'detached' });
    expect(await page.getByTestId('webhook-endpoint').count()).toBe(1);

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tells an admin why an address is refused, in their language', async () => {
    const { page, errors } = await openPage(browser, server.url, 'de-DE');
    await page.goto(`/api-keys/${keyId}/webhooks`);
    await signIn(page, ADMIN.email, ADMIN.password);
    const form = page.getByTestId('webhook-create');
    await form.getByLabel('Adresse (HTTPS)').fill('ftp://portal.example.pl/hooks');
    await form.getByRole('button', { name: 'Eintragen' }).click();
    await form.locator('.field-errors').waitFor();
    expect(await page.getByTestId('webhook-endpoint').filter({ hasText: 'ftp:' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fits the screen in Polish and German', async () => {
    await checkLayouts(browser, server.url, ['/api-keys', `/api-keys/${keyId}/webhooks`], SHOTS);
  });
});
