import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The first administrator of every server the tests start. */
export const ADMIN = { email: 'admin@e2e.example.eu', password: 'Frankfurt an der Oder 2017' };

export interface Server {
  url: string;
  /** What the server printed, for a failing test's report. */
  log: string[];
  process: ChildProcess;
  stop(): Promise<number | null>;
}

/**
 * The product as a user starts it: the built API serving the built admin app, on a fresh
 * embedded database with the demo data, on a free port.
 */
export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const entry = join(root, 'packages/api/dist/server.js');
  if (!existsSync(entry) || !existsSync(join(root, 'packages/admin/dist/index.html'))) {
    throw new Error('Build the product first (pnpm build): the browser tests drive the built app');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'euregionet-e2e-'));
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // The tests count on the demo directory's figures; one that needs the workflows passes DEMO_DATA: 'true'.
      DEMO_DATA: 'directory',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
  // A fresh embedded database is created and seeded on start: slow on a busy 2-core machine.
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log.join('')}`)), 120_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log.join('')}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log.push(line);
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  }).catch((err: unknown) => {
    // A server that never said it listens must not outlive the test run (jest would hang on it).
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return {
    url,
    log,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * What the browser may see go wrong in a test because the test provokes it: an answer
 * (`'412 PATCH /api/v1/clusters/*'`) or a request that fails (`'net::ERR_INTERNET_DISCONNECTED PUT
 * /api/v1/evaluations/*'`), written as the problem is reported; `*` stands for one path segment,
 * `**` for several, and the query is ignored unless the pattern has one. Each must happen at least once, so that the
 * list never excuses more than the test provokes.
 */
// A path on the app's own server, or a whole address on another (a tile server the map asks).
export type ExpectedProblem = `${number | `net::${string}`} ${string} ${'/' | 'http://' | 'https://'}${string}`;

/** The app asks whether someone is signed in; before signing in the answer is 401. */
const ALWAYS_EXPECTED: ExpectedProblem[] = ['401 GET /api/v1/auth/me'];

interface Watched {
  context: BrowserContext;
  problems: string[];
  expected: { text: ExpectedProblem; pattern: RegExp; seen: boolean }[];
}

/** The contexts opened by the running test, checked and closed after it (see setup.ts). */
const watched: Watched[] = [];

function compile(expected: string): RegExp {
  const [status, method, path] = expected.split(' ');
  const glob = path!
    .split('**')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/?]*'))
    .join('[^?]*');
  return new RegExp(`^${status!.replace(/[.]/g, '\\.')} ${method} ${glob}${path!.includes('?') ? '' : '(\\?.*)?'}$`);
}

/**
 * A page whose problems fail the test: an uncaught script error, a console error, an answer of
 * 400 or more and a request that fails, unless the test declared it in `expected`. `errors` lists
 * those seen so far; the check after each test (setup.ts) covers what the test did not ask about.
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  locale = 'en-GB',
  options: { expected?: ExpectedProblem[] } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL, locale });
  const entry: Watched = {
    context,
    problems: [],
    expected: (options.expected ?? []).map((text) => ({ text, pattern: compile(text), seen: false })),
  };
  watched.push(entry);
  const always = ALWAYS_EXPECTED.map(compile);
  const report = (problem: string) => {
    const match = entry.expected.find((e) => e.pattern.test(problem));
    if (match) match.seen = true;
    else if (!always.some((pattern) => pattern.test(problem))) entry.problems.push(problem);
  };
  const where = (url: string) => {
    const parsed = new URL(url);
    return parsed.origin === new URL(baseURL).origin ? `${parsed.pathname}${parsed.search}` : url;
  };
  context.on('weberror', (error) => entry.problems.push(`uncaught: ${error.error().message}`));
  context.on('console', (message) => {
    // Chromium logs every failed request as "Failed to load resource"; the listeners below see
    // the same failures with their method and address.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource:')) {
      entry.problems.push(`console error: ${message.text()}`);
    }
  });
  context.on('response', (response) => {
    if (response.status() >= 400) report(`${response.status()} ${response.request().method()} ${where(response.url())}`);
  });
  context.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'net::UNKNOWN';
    // Aborted by the page itself: a search superseded by the next keystroke, a navigation or a
    // download that replaces the request. Not a failure of the product.
    if (failure === 'net::ERR_ABORTED') return;
    report(`${failure} ${request.method()} ${where(request.url())}`);
  });
  const page = await context.newPage();
  return { page, errors: entry.problems };
}

/**
 * After each test: fails it with every problem the browser saw that the test did not declare,
 * and every declared one that did not happen; closes what the test left open.
 */
export async function checkPages(): Promise<void> {
  const entries = watched.splice(0);
  const problems = entries.flatMap((e) => [
    ...e.problems,
    ...e.expected.filter((x) => !x.seen).map((x) => `declared in expected, never happened: ${x.text}`),
  ]);
  await Promise.all(entries.map((e) => e.context.close().catch(() => undefined)));
  if (problems.length) {
    throw new Error(`Browser problems (declare those the test provokes in openPage's expected):\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Signs in through the login page, as someone whose account speaks the language the page shows
 * (the app switches to the account's language on sign-in; the tests choose theirs by the browser's).
 */
export async function signIn(page: Page, email: string, password: string) {
  // The form shows once the app has set the page's language (index.html says `de` until then).
  await page.locator('input[name="email"]').waitFor();
  const language = await page.evaluate(() => document.documentElement.lang);
  const api = await apiAs(new URL(page.url()).origin, email, password);
  const set = await api('/auth/me', { method: 'PATCH', body: { language } });
  if (!set.ok) throw new Error(`setting the language of ${email} failed: ${set.status} ${await set.text()}`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.getByTestId('current-user').waitFor();
  // The app shows the user before it has left the sign-in page for the one asked for.
  await page.waitForURL((url) => url.pathname !== '/login');
}

/**
 * The built product and a browser for the tests of one file: started before them, stopped after
 * them. `started` hands both to the file (`({ server, browser } = product)`); set-up that needs
 * them follows in the file's own `beforeAll`, which runs after this one.
 */
export function startForFile(started: (product: { server: Server; browser: Browser }) => void, env: Record<string, string> = {}) {
  let product: { server: Server; browser: Browser } | undefined;
  beforeAll(async () => {
    const [server, browser] = await Promise.all([startServer(env), launchBrowser()]);
    product = { server, browser };
    started(product);
  });
  afterAll(async () => {
    await product?.browser.close();
    await product?.server.stop();
  });
}

/** The id of a cluster of the demo data, by its slug. */
export async function clusterIdBySlug(api: Awaited<ReturnType<typeof apiAs>>, q: string, slug: string): Promise<string> {
  const page = (await (await api(`/clusters?q=${encodeURIComponent(q)}&limit=100`)).json()) as { items: { id: string; slug: string }[] };
  const cluster = page.items.find((c) => c.slug === slug);
  if (!cluster) throw new Error(`no cluster ${slug} in the demo data`);
  return cluster.id;
}

/**
 * The demo's East Brandenburg Metal Network on its page, signed in as the administrator: where the
 * journeys from a cluster (its funding calls, its partners) begin.
 */
export async function openMetalNetwork(browser: Browser, baseUrl: string) {
  const admin = await apiAs(baseUrl, ADMIN.email, ADMIN.password);
  const id = await clusterIdBySlug(admin, 'metal', 'metall-netzwerk-ostbrandenburg');
  const opened = await openPage(browser, baseUrl);
  await opened.page.goto(`/clusters/${id}`);
  await signIn(opened.page, ADMIN.email, ADMIN.password);
  await opened.page.getByTestId('cluster-name').filter({ hasText: 'East Brandenburg Metal Network' }).waitFor();
  return opened;
}

/** The API as another signed-in user, outside the browser (a colleague at another desk). */
export async function apiAs(baseUrl: string, email: string, password: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login of ${email} failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
}

/**
 * The cast of a consulting journey, made by the administrator: a portal's key that forwards
 * requests (its secret) and a consultant of the same partner (their id).
 */
export async function portalAndConsultant(
  baseUrl: string,
  portal: { name: string; partner: string },
  consultant: { email: string; name: string; password: string },
): Promise<{ portalKey: string; consultantId: string }> {
  const admin = await apiAs(baseUrl, ADMIN.email, ADMIN.password);
  const key = await admin('/api-keys', { method: 'POST', body: { ...portal, scopes: ['requests:create'] } });
  if (key.status !== 201) throw new Error(`creating the portal key failed: ${key.status} ${await key.text()}`);
  const user = await admin('/users', { method: 'POST', body: { ...consultant, partner: portal.partner, role: 'consultant' } });
  if (user.status !== 201) throw new Error(`creating the consultant failed: ${user.status} ${await user.text()}`);
  return {
    portalKey: ((await key.json()) as { secret: string }).secret,
    consultantId: ((await user.json()) as { id: string }).id,
  };
}

/**
 * Looks at pages as a user on common screens: signed in, in Polish and German, at 1366 and 1024
 * pixels wide, each page with nothing sticking out sideways, and a screenshot of each in `shots`.
 */
export async function checkLayouts(
  browser: Browser,
  url: string,
  paths: string[],
  shots: string,
  options: { expected?: ExpectedProblem[] } = {},
) {
  mkdirSync(shots, { recursive: true });
  for (const locale of ['pl-PL', 'de-DE']) {
    const { page } = await openPage(browser, url, locale, options);
    await page.goto(paths[0]!);
    await signIn(page, ADMIN.email, ADMIN.password);
    for (const width of [1366, 1024]) {
      await page.setViewportSize({ width, height: 768 });
      for (const path of paths) {
        await page.goto(path);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect([locale, path, width, overflow]).toEqual([locale, path, width, 0]);
        await page.screenshot({ path: `${shots}/${locale}-${width}${path.replaceAll('/', '_')}.png`, fullPage: true });
      }
    }
  }
}
