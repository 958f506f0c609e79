import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ADMIN, apiAs, checkLayouts, openPage, signIn, startForFile, type Server } from './harness.js';

let server: Server;
let browser: Browser;
let portalKey: string;
const SHOTS = '/tmp/publications';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const TITLE = 'Badanie rynku współpracy transgranicznej 2026';

startForFile((product) => ({ server, browser } = product));
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
  const key = await admin('/api-keys', { method: 'POST', body: { name: 'Portal Gorzów', partner: 'LOP', scopes: ['public:read'] } });
  if (key.status !== 201) throw new Error(`creating the portal key failed: ${key.status} ${await key.text()}`);
  portalKey = ((await key.json()) as { secret: string }).secret;
});

describe('publications in the browser', () => {
  it('writes a publication in Polish with an attachment, publishes it, and portals and feed readers get it', async () => {
    const { page, errors } = await openPage(browser, server.url, 'pl-PL');
    await page.goto('/publications');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('new-publication').click();
    // The list has a "kind" filter too: the form is there once its title fields are.
    await page.locator('input[name="title.pl"]').waitFor();

    await page.locator('select[name="kind"]').selectOption('study');
    await page.locator('input[name="title.pl"]').fill(TITLE);
    await page.locator('textarea[name="summary.pl"]').fill('Wyniki badania klastrów w województwie lubuskim.');
    // Sectors are NACE codes, kept upper-case however typed; a related cluster is found by typing.
    await page.locator('input[name="sectors"]').fill('c 25; 62');
    await page.getByLabel('Dodaj klaster (wpisz nazwę)').fill('zielono');
    await page
      .getByRole('option')
      .getByRole('button', { name: /Zielonogórski Klaster IT/ })
      .click();
    await page
      .locator('textarea[name="body.pl"]')
      .fill('# Wyniki\n\n**Klastry** rosną.<script>window.hacked = 1</script>\n\n[mapa](javascript:alert(1))');

    // The preview is what readers get: rendered, and without the script or the javascript: link.
    await page.getByTestId('preview-pl').click();
    const preview = page.getByTestId('preview-html-pl');
    await preview.locator('strong', { hasText: 'Klastry' }).waitFor();
    expect(await preview.locator('h1').textContent()).toBe('Wyniki');
    expect(await preview.locator('script').count()).toBe(0);
    expect(await preview.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();

    await page.getByTestId('save').click();
    await page.waitForURL(/\/publications\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').first().textContent()).toBe(TITLE);
    // The saved cluster is named (the publication holds only its id) and links to it.
    await page.getByRole('link', { name: 'Zielonogórski Klaster IT' }).waitFor();
    const admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
    const saved = (await (await admin(`/publications/${page.url().split('/').pop()!}`)).json()) as {
      sectors: string[];
      clusterIds: string[];
    };
    expect(saved.sectors).toEqual(['C', '25', '62']);
    expect(saved.clusterIds).toHaveLength(1);

    // The attachment, uploaded with its progress, listed with a download link.
    await page.getByTestId('attachment-input').setInputFiles({ name: 'Raport końcowy.pdf', mimeType: 'application/pdf', buffer: PDF });
    const attachment = page.getByTestId('attachment').filter({ hasText: 'Raport końcowy.pdf' });
    await attachment.waitFor();

    await page.getByTestId('transition-published').click();
    await page.getByTestId('publication-status').filter({ hasText: 'Opublikowana' }).waitFor();
    await page.getByTestId('transition-archived').waitFor();

    // The list shows it published.
    await page.getByRole('navigation').getByRole('link', { name: 'Publikacje' }).click();
    const row = page.getByTestId('publication-row').filter({ hasText: TITLE });
    await row.waitFor();
    expect(await row.textContent()).toContain('Opublikowana');

    // A portal reads it through the public API, in Polish, with the attachment's URL.
    const portal = { headers: { authorization: `Bearer ${portalKey}` } };
    const list = (await (await fetch(`${server.url}/api/v1/public/publications?lang=pl`, portal)).json()) as {
      items: { slug: string; title: { text: string; lang: string } }[];
    };
    const listed = list.items.find((p) => p.title.text === TITLE);
    expect(listed?.title.lang).toBe('pl');
    const detail = (await (await fetch(`${server.url}/api/v1/public/publications/${listed!.slug}?lang=pl`, portal)).json()) as {
      bodyHtml: { text: string };
      attachments: { name: string; url: string; mediaType: string }[];
    };
    expect(detail.bodyHtml.text).toContain('<strong>Klastry</strong>');
    expect(detail.bodyHtml.text).not.toContain('script');
    expect(detail.attachments.map((a) => [a.name, a.mediaType])).toEqual([['Raport końcowy.pdf', 'application/pdf']]);
    // A published publication's file is anyone's.
    const file = await fetch(new URL(detail.attachments[0]!.url, server.url));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);

    // Feed readers get it in the Polish Atom feed, without a key.
    const feed = await fetch(`${server.url}/feeds/pl/publications.atom`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const atom = await feed.text();
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    const entry = atom
      .split('<entry>')
      .slice(1)
      .find((e) => e.includes(TITLE));
    expect(entry).toBeDefined();
    expect(entry).toContain('Klastry');
    expect(entry).not.toContain('<script');

    expect(errors).toEqual([]);
  });

  it('fits the publication pages on common screens in Polish and German', async () => {
    const admin = await apiAs(server.url, ADMIN.email, ADMIN.password);
    // Linked to two clusters, so that their chips are on the form page too.
    const clusters = (await (await admin('/clusters?limit=2')).json()) as { items: { id: string }[] };
    const written = await admin('/publications', {
      method: 'POST',
      body: {
        kind: 'guide',
        partner: 'LOP',
        title: { pl: 'Poradnik: jak przygotować wspólny wniosek transgraniczny do programu INTERREG VI A' },
        summary: { de: 'Schritt für Schritt zum gemeinsamen Antrag.' },
        body: { pl: '## Krok 1\n\nZnajdź partnera po drugiej stronie granicy.' },
        clusterIds: clusters.items.map((c) => c.id),
      },
    });
    const { id } = (await written.json()) as { id: string };
    const paths = ['/publications', `/publications/${id}`, '/publications/new'];
    await checkLayouts(browser, server.url, paths, SHOTS);
  });
});
