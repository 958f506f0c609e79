import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, apiAs, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;
let admin: Awaited<ReturnType<typeof apiAs>>;

const VIEWER = { email: 'viewer@lop.example.pl', password: 'Gorzów nad Wartą 1257' };
const CONSULTANT = { email: 'doradca@esnb.example.pl', password: 'Gubin i Guben razem' };

startForFile((product) => ({ server, browser } = product));
beforeAll(async () => {
  admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
  for (const [user, role, partner] of [
    [VIEWER, 'viewer', 'LOP'],
    [CONSULTANT, 'consultant', 'ESNB'],
  ] as const) {
    const res = await admin('/users', { method: 'POST', body: { ...user, name: `${role} ${partner}`, role, partner } });
    expect(res.status).toBe(201);
  }
});

describe('access in the browser', () => {
  it('signs in, shows the user with partner and role, and signs out', async () => {
    // The wrong password is refused on purpose.
    const { page, errors } = await openPage(browser, server.url, 'de-DE', { expected: ['401 POST /api/v1/auth/login'] });
    await page.goto('/clusters');
    await page.waitForURL(/\/login\?redirect=/);
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();

    await page.locator('input[name="email"]').fill(CONSULTANT.email);
    await page.locator('input[name="password"]').fill('falsches Passwort 123');
    await page.locator('form button[type="submit"]').click();
    await page.getByText('E-Mail oder Passwort ist nicht korrekt.').waitFor();

    await signIn(page, CONSULTANT.email, CONSULTANT.password);
    await page.waitForURL(/\/clusters$/);
    const header = page.getByTestId('current-user');
    expect(await header.innerText()).toContain('consultant ESNB');
    expect(await header.innerText()).toContain('ESNB · Berater');
    // Not an administrator: no user or key management in the navigation.
    expect(await page.getByRole('link', { name: 'Benutzer' }).count()).toBe(0);

    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    await page.goto('/clusters');
    await page.waitForURL(/\/login\?redirect=/);
    expect(errors).toEqual([]);
  });

  it('shows a viewer no edit buttons, and the API refuses a change anyway', async () => {
    const { page } = await openPage(browser, server.url, 'pl-PL', { expected: ['403 PATCH /api/v1/clusters/*'] });
    await page.goto('/clusters');
    await signIn(page, VIEWER.email, VIEWER.password);
    await page.getByTestId('cluster-row').first().waitFor();
    expect(await page.getByRole('link', { name: 'Nowy klaster' }).count()).toBe(0);
    await page.getByTestId('cluster-row').first().getByRole('link').click();
    await page.getByTestId('cluster-name').waitFor();
    expect(await page.getByTestId('edit').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Usuń' }).count()).toBe(0);

    // Even the edit page opened by its address cannot save.
    const id = page.url().split('/').pop()!;
    await page.goto(`/clusters/${id}/edit`);
    await page.locator('input[name="name.pl"]').fill('Zmiana czytelnika');
    await page.getByTestId('save').click();
    await page.getByText('Twoja rola na to nie pozwala.').waitFor();
    const viewer = await apiAs(server.url, VIEWER.email, VIEWER.password);
    const stored = (await (await viewer(`/clusters/${id}`)).json()) as { name: { pl?: string } };
    expect(stored.name.pl).not.toBe('Zmiana czytelnika');
  });

  it('after the session ends, the next action leads to the login and back to where the user was', async () => {
    // Whichever request comes first after the session ended is refused: the search, or the
    // navigation's count of open requests.
    const { page } = await openPage(browser, server.url, 'en-GB', { expected: ['401 GET /api/v1/**'] });
    await page.goto('/clusters?q=energy');
    await signIn(page, CONSULTANT.email, CONSULTANT.password);
    await page.waitForURL(/q=energy/);
    // The page has finished loading: the session ends between two actions of the user, not
    // while the page still fetches what it shows.
    await page.getByTestId('cluster-row').first().waitFor();
    await page.waitForLoadState('networkidle');

    // An administrator sets a new password: the consultant's sessions end at once.
    const users = (await (await admin(`/users?q=${encodeURIComponent(CONSULTANT.email)}`)).json()) as { items: { id: string }[] };
    const newPassword = 'Neiße fließt nach Norden';
    expect((await admin(`/users/${users.items[0]!.id}/password`, { method: 'POST', body: { password: newPassword } })).status).toBe(204);

    await page.getByTestId('search').fill('energy network');
    await page.waitForURL(/\/login\?redirect=/);
    await page.getByText('Your session has ended').waitFor();
    await signIn(page, CONSULTANT.email, newPassword);
    await page.waitForURL(/\/clusters\?q=energy/);
    await page.getByTestId('cluster-row').first().waitFor();

    // Signed in, the sign-in page (a reload while it was being left, a bookmark) leads on.
    await page.goto('/login?redirect=%2Ffunding-calls');
    await page.waitForURL(/\/funding-calls$/);
    await page.goto('/login');
    await page.waitForURL((url) => url.pathname === '/');
  });

  it('lets an administrator create an API key that is shown once, and browse the audit trail', async () => {
    const { page } = await openPage(browser, server.url, 'en-GB');
    await page.goto('/api-keys');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/api-keys$/);
    const form = page.getByTestId('api-key-create');
    await form.locator('input[name="name"]').fill('Portal Słubice');
    await form.getByRole('button', { name: 'Create' }).click();
    const secret = await page.getByTestId('secret').innerText();
    expect(secret).toMatch(/^eurn_/);
    // The key works, and the list shows only its beginning.
    expect((await fetch(`${server.url}/api/v1/clusters`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(403);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByTestId('secret').count()).toBe(0);
    const table = await page.getByTestId('api-key-table').innerText();
    expect(table).toContain('Portal Słubice');
    expect(table).not.toContain(secret);

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByTestId('audit-table').waitFor();
    expect(await page.getByTestId('audit-table').innerText()).toContain('api_key');
  });
});
