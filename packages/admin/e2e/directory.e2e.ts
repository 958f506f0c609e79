import { describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, apiAs, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;

startForFile((product) => ({ server, browser } = product));

describe('directory in the browser', () => {
  it('searches clusters and organisations with facets whose counts match the results', async () => {
    const { page, errors } = await openPage(browser, server.url, 'en-GB');
    await page.goto('/search');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('search').fill('zywnosci');
    await page.getByTestId('result').getByRole('link', { name: 'Lubuskie Food and Wine Cluster' }).waitFor();

    await page.getByTestId('search').fill('gorzow');
    await page.waitForURL((url) => url.searchParams.get('q') === 'gorzow');
    await page.getByTestId('result').getByRole('link', { name: 'Gorzowskie Zakłady Metalowe Sp. z o.o.' }).waitFor();
    const lubuskie = page.getByTestId('facets').locator('[data-facet="region"] [data-value="PL43"]');
    const count = Number(await lubuskie.locator('.count').innerText());
    expect(count).toBeGreaterThan(1);
    await lubuskie.locator('input').check();
    await page.waitForURL((url) => url.searchParams.get('region') === 'PL43');
    await page.getByTestId('total').getByText(`${count} results`).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('names the existing organisation on a duplicate, and creates a similar one only when told it is another', async () => {
    // Both attempts before "create anyway" are refused as duplicates.
    const { page } = await openPage(browser, server.url, 'de-DE', { expected: ['409 POST /api/v1/organisations'] });
    await page.goto('/organisations/new');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.locator('input[name="name"]').fill('GZM Gorzów');
    await page.locator('select[name="country"]').selectOption('PL');
    await page.locator('input[name="city"]').fill('Gorzów Wielkopolski');
    await page.locator('input[name="nip"]').fill('599-123-45-68');
    await page.getByTestId('save').click();
    await page.getByTestId('duplicates').getByText('Diese Organisation ist bereits im Verzeichnis').waitFor();
    await page.getByTestId('duplicates').getByRole('link', { name: 'Gorzowskie Zakłady Metalowe Sp. z o.o.' }).waitFor();
    expect(await page.getByTestId('create-anyway').count()).toBe(0);

    await page.locator('input[name="nip"]').fill('');
    await page.locator('input[name="name"]').fill('Gorzowskie Zakłady Metalowe');
    await page.getByTestId('save').click();
    await page.getByTestId('duplicates').getByText('Am selben Ort gibt es eine sehr ähnliche Organisation').waitFor();
    await page.getByTestId('create-anyway').click();
    await page.getByRole('heading', { name: 'Gorzowskie Zakłady Metalowe', exact: true }).waitFor();
    await page.context().close();
  });

  it('adds a member on the cluster page, shows it on the organisation page, and updates the make-up', async () => {
    const { page, errors } = await openPage(browser, server.url, 'pl-PL');
    await page.goto('/clusters?q=photonics');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('cluster-row').getByRole('link').first().click();
    await page.getByTestId('member-row').first().waitFor();
    const members = await page.getByTestId('member-row').count();

    await page.getByTestId('find-organisation').fill('ostbrandenburg');
    await page
      .getByRole('option')
      .getByRole('button', { name: /IHK Ostbrandenburg/ })
      .click();
    await page.getByTestId('add-member').locator('select[name="role"]').selectOption('associated');
    await page.getByTestId('add-member-submit').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="member-row"]').length === n + 1, members);
    await page.getByTestId('make-up').locator('[data-type="chamber"]').getByText('1', { exact: true }).waitFor();

    await page.getByTestId('member-row').getByRole('link', { name: 'IHK Ostbrandenburg' }).click();
    await page.getByTestId('membership-row').getByRole('link', { name: 'Sieć Fotoniki Odra' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('pages the organisation list on the server, marks missing translations, and lets an administrator restore a deleted one', async () => {
    const { page } = await openPage(browser, server.url, 'en-GB');
    await page.goto('/organisations?missingTranslation=en');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('organisation-row').first().waitFor();
    expect(await page.getByTestId('organisation-row').count()).toBe(25);
    expect(await page.getByTestId('organisation-row').getByTestId('translation-missing').count()).toBe(25);
    await page.getByTestId('next-page').click();
    await page.waitForURL((url) => url.searchParams.has('cursor'));

    await page.goto('/organisations?q=Holzbau');
    await page.getByTestId('organisation-row').getByRole('link', { name: 'Uckermärker Holzbau GmbH' }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('delete').click();
    await page.waitForURL((url) => url.pathname === '/organisations');
    await page.goto('/organisations?deleted=true');
    const row = page.getByTestId('organisation-row').filter({ hasText: 'Uckermärker Holzbau GmbH' });
    await row.getByTestId('restore').click();
    await page.goto('/organisations?q=Holzbau');
    await page.getByTestId('organisation-row').getByRole('link', { name: 'Uckermärker Holzbau GmbH' }).waitFor();
    await page.context().close();
  });
});

describe('publication consent in the browser', () => {
  it('records a contact person’s consent with its source, and shows who recorded it', async () => {
    const admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
    const found = (await (await admin('/organisations?q=Gorzowskie')).json()) as { items: { id: string; name: string }[] };
    const id = found.items.find((o) => o.name === 'Gorzowskie Zakłady Metalowe Sp. z o.o.')!.id;
    // Whether a consent is new or changed only the server knows: the save without a source is
    // refused there (400 consent_source_required) and shown under the field.
    const { page, errors } = await openPage(browser, server.url, 'en-GB', { expected: ['400 PATCH /api/v1/organisations/*'] });
    await page.goto(`/organisations/${id}/edit`);
    await signIn(page, ADMIN.email, ADMIN.password);
    const piotr = page.getByTestId('contact').nth(1);
    await piotr.locator('input[name="contacts.1.publicationConsent"]').check();
    await piotr.locator('input[name="contacts.1.consentDate"]').fill('2026-02-10');
    await page.getByTestId('save').click();
    await piotr.getByText('Say how the consent was given.').waitFor();

    await piotr.locator('input[name="contacts.1.consentSource"]').fill('Signed form, 10 February 2026');
    await page.getByTestId('save').click();
    await page.waitForURL((url) => url.pathname === `/organisations/${id}`);
    await page.goto(`/organisations/${id}/edit`);
    const recorded = page.getByTestId('contact').nth(1).getByTestId('consent-recorded');
    expect(await recorded.innerText()).toMatch(/^Consent recorded by Administrator on \d\d\/\d\d\/\d{4}$/);
    // The demo's own consent names the demo loader that recorded it.
    expect(await page.getByTestId('contact').nth(0).getByTestId('consent-recorded').innerText()).toMatch(
      /^Consent recorded by the platform \(demo data or import\) on \d\d\/\d\d\/\d{4}$/,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
