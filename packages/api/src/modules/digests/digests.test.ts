import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { DigestSubscription, Publication } from '@euregionet/shared';
import type { Clock } from '../../clock.js';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, ok, type Principal, type TestApp } from '../../test/app.js';
import { clusterBody, eventBody, fundingCallBody, organisationBody, uniqueSuffix } from '../../test/records.js';
import { createDigestService } from './digests.service.js';

/**
 * Digests, driven through the job on the app's clock. Two clusters: "Metall" (NACE C, RIS3
 * BB-ENERGY) with organisation X, and "Gesundheit" (NACE Q) with organisation Y. Each record
 * below says whom it must reach; titles carry the language, so a digest shows which one it used.
 */

// Like the test app's clock (a millisecond further at each reading), but the test moves it on.
let at = new Date('2026-06-03T08:00:00Z');
const clock: Clock = { now: () => (at = new Date(at.getTime() + 1)) };
let t: TestApp;
let bic: Principal;
const tag = uniqueSuffix();
let orgX: string;
let orgY: string;

interface OutboxRow {
  recipient: string;
  language: string;
  subject: string;
  body: string;
  headers: Record<string, string>;
}
const digestsTo = async (recipient: string) =>
  queryRows<OutboxRow>(
    t.database.db,
    sql`SELECT recipient, language, subject, body, headers FROM outbox_messages WHERE kind = 'digest' AND recipient = ${recipient} ORDER BY created_at`,
  );
const runDigests = () => createDigestService(t.database.db, { clock, publicBaseUrl: 'https://eur.example.eu' }).runDigests();

const mail = (name: string) => `${name}.${tag}@example.eu`;

async function publish(title: Record<string, string>, tags: { sectors?: string[]; ris3Areas?: string[] }, publishNow = true) {
  let p = await ok<Publication>(
    await bic.inject({ method: 'POST', url: '/api/v1/publications', payload: { kind: 'news', title, partner: 'BIC', ...tags } }),
    201,
  );
  if (publishNow) {
    p = await ok<Publication>(
      await bic.inject({
        method: 'POST',
        url: `/api/v1/publications/${p.id}/transitions`,
        headers: { 'if-match': `"v${p.version}"` },
        payload: { to: 'published' },
      }),
    );
  }
  return p;
}

async function subscribe(organisationId: string, body: Record<string, unknown>) {
  return ok<DigestSubscription>(
    await bic.inject({
      method: 'POST',
      url: `/api/v1/organisations/${organisationId}/digest-subscriptions`,
      payload: { consentSource: 'signed form, cluster day 2026-05-20', ...body },
    }),
    201,
  );
}

const contact = (name: string) => ({ name, email: mail(name.toLowerCase()) });

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  bic = await t.staff('consultant', 'BIC');
  const metall = await ok<{ id: string }>(
    await bic.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { ...clusterBody('Metall'), sectors: ['C'], ris3Areas: ['BB-ENERGY'] },
    }),
    201,
  );
  const health = await ok<{ id: string }>(
    await bic.inject({ method: 'POST', url: '/api/v1/clusters', payload: { ...clusterBody('Gesundheit'), sectors: ['Q'] } }),
    201,
  );
  orgX = (
    await ok<{ id: string }>(
      await bic.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        payload: { ...organisationBody('X'), contacts: [contact('Anna'), contact('Bernd'), contact('Carl'), contact('Erik')] },
      }),
      201,
    )
  ).id;
  orgY = (
    await ok<{ id: string }>(
      await bic.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        payload: { ...organisationBody('Y'), contacts: [contact('Dora')] },
      }),
      201,
    )
  ).id;
  for (const [cluster, org] of [
    [metall.id, orgX],
    [health.id, orgY],
  ]) {
    const res = await bic.inject({ method: 'PUT', url: `/api/v1/clusters/${cluster}/members/${org}`, payload: { role: 'member' } });
    expect(res.statusCode).toBe(201);
  }

  // Publications of June 3 (the clock's day).
  await publish({ pl: 'PL Stal i spawanie', de: 'DE Stahl und Schweißen' }, { sectors: ['25'] }); // division 25 lies in C: Metall
  await publish({ de: 'DE Wasserstoff', en: 'EN Hydrogen' }, { ris3Areas: ['BB-ENERGY'] }); // Metall, by RIS3 area; no Polish: falls back
  await publish({ en: 'EN Hospitals abroad' }, { sectors: ['Q'] }); // Gesundheit
  await publish({ en: 'EN Without any topic' }, {}); // fits no cluster
  await publish({ en: 'EN Draft on metals' }, { sectors: ['C'] }, false); // not published

  const call = async (title: string, closesOn: string, sectors: string[], published = true) =>
    ok(
      await bic.inject({
        method: 'POST',
        url: '/api/v1/funding-calls',
        payload: { ...fundingCallBody('x'), title: { en: title }, closesOn, sectors, published },
      }),
      201,
    );
  await call('EN Call for metal SMEs', '2026-06-13', ['C']); // closes in 10 days: Metall
  await call('EN Call far away', '2026-09-30', ['C']); // not soon
  await call('EN Call for clinics', '2026-06-08', ['Q']); // Gesundheit
  await call('EN Unpublished metal call', '2026-06-10', ['C'], false);

  const event = async (title: string, date: string, sectors: string[], status: string) =>
    ok(
      await bic.inject({
        method: 'POST',
        url: '/api/v1/events',
        payload: { ...eventBody('x'), title: { en: title }, date, sectors, status, participantCount: null },
      }),
      201,
    );
  await event('EN Metal dialogue', '2026-06-23', ['C'], 'published');
  await event('EN Metal draft event', '2026-06-24', ['C'], 'draft');

  await subscribe(orgX, { email: contact('Anna').email, language: 'pl' }); // every topic
  await subscribe(orgX, { email: contact('Bernd').email, language: 'de', topics: ['funding_calls'] });
  await subscribe(orgX, { email: contact('Erik').email, language: 'en' });
  await subscribe(orgY, { email: contact('Dora').email, language: 'en' });
  // Carl never consented.
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('the digest of one period', () => {
  it('reaches each consenting person once, with what fits their clusters, in their language', async () => {
    expect(await runDigests()).toEqual({ sent: 4 });

    const [anna, ...moreAnna] = await digestsTo(mail('anna'));
    expect(moreAnna).toEqual([]);
    expect(anna!.language).toBe('pl');
    expect(anna!.subject).toBe('EuRegioNet: nowości dla Twoich klastrów (06.2026)');
    expect(anna!.body).toContain('Dzień dobry Anna,');
    // Newest first: the hydrogen news was published after the steel one.
    expect(anna!.body).toContain('Nowe publikacje\n- DE Wasserstoff\n- PL Stal i spawanie\n\n');
    expect(anna!.body).toContain('Nabory wkrótce zamykane\n- EN Call for metal SMEs (Termin składania wniosków 13.06.2026)');
    expect(anna!.body).toContain('Nadchodzące wydarzenia\n- 23.06.2026: EN Metal dialogue, Cottbus');
    for (const absent of ['Hospitals', 'Without any topic', 'Draft on metals', 'far away', 'clinics', 'Unpublished', 'draft event']) {
      expect(anna!.body).not.toContain(absent);
    }

    const [bernd] = await digestsTo(mail('bernd'));
    expect(bernd!.language).toBe('de');
    expect(bernd!.subject).toBe('EuRegioNet: Neuigkeiten für Ihre Cluster (06.2026)');
    expect(bernd!.body).toContain('Förderaufrufe, die bald enden\n- EN Call for metal SMEs (Einreichung bis 13.06.2026)');
    expect(bernd!.body).not.toContain('Veröffentlichungen');
    expect(bernd!.body).not.toContain('Veranstaltungen\n');

    const [dora] = await digestsTo(mail('dora'));
    expect(dora!.body).toContain('New publications\n- EN Hospitals abroad');
    expect(dora!.body).toContain('Funding calls closing soon\n- EN Call for clinics (Deadline 08/06/2026)');
    expect(dora!.body).not.toContain('metal');
    expect(dora!.body).not.toContain('Stahl');

    expect(await digestsTo(mail('carl'))).toEqual([]);
  });

  it('carries a one-click unsubscribe link in the text and the RFC 8058 headers', async () => {
    const [dora] = await digestsTo(mail('dora'));
    const link = /Unsubscribe with one click: (https:\/\/eur\.example\.eu\/digest\/unsubscribe\/[\w-]{43})\n/.exec(dora!.body)?.[1];
    expect(link).toBeDefined();
    expect(dora!.headers).toEqual({ 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  it('is not sent again in the same period', async () => {
    at = new Date('2026-06-29T20:00:00Z');
    expect(await runDigests()).toEqual({ sent: 0 });
    expect(await digestsTo(mail('anna'))).toHaveLength(1);
  });
});

describe('unsubscribing', () => {
  const linkOf = async (who: string) => {
    const [m] = await digestsTo(mail(who));
    return /\/digest\/unsubscribe\/[\w-]{43}/.exec(m!.body)![0];
  };

  it('shows a page in the person’s language that only unsubscribes when its button is pressed', async () => {
    const path = await linkOf('anna');
    const page = await t.app.inject({ method: 'GET', url: path, headers: { 'accept-language': 'de' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<html lang="pl">');
    expect(page.body).toContain('Czy nie chcesz już otrzymywać biuletynu EuRegioNet?');
    const list = await ok<{ items: DigestSubscription[] }>(
      await bic.inject({ method: 'GET', url: `/api/v1/organisations/${orgX}/digest-subscriptions` }),
    );
    expect(list.items.find((s) => s.email === mail('anna'))!.enabled).toBe(true);
  });

  it('unsubscribes with one POST, as a mail program sends it, and records when', async () => {
    const path = await linkOf('erik');
    const res = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are unsubscribed and will receive no more EuRegioNet digests.');
    const list = await ok<{ items: DigestSubscription[] }>(
      await bic.inject({ method: 'GET', url: `/api/v1/organisations/${orgX}/digest-subscriptions` }),
    );
    const erik = list.items.find((s) => s.email === mail('erik'))!;
    expect(erik.enabled).toBe(false);
    expect(erik.unsubscribedAt!.slice(0, 16)).toBe('2026-06-29T20:00');
    expect(erik.name).toBe('Erik');
  });

  it('answers 404 for a link that opens nothing', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/digest/unsubscribe/${'a'.repeat(43)}`, payload: '' });
    expect(res.statusCode).toBe(404);
  });
});

describe('the next period', () => {
  it('brings only what is new since the last digest, and nothing to whoever unsubscribed', async () => {
    at = new Date('2026-06-20T10:00:00Z');
    await publish({ pl: 'PL Nowa huta', en: 'EN New steelworks' }, { sectors: ['C'] });
    at = new Date('2026-07-01T06:00:00Z');
    // Only Anna has news: no call closes and no event takes place in the next weeks, Dora's
    // cluster had no new publication, and Erik unsubscribed.
    expect(await runDigests()).toEqual({ sent: 1 });
    const anna = await digestsTo(mail('anna'));
    expect(anna).toHaveLength(2);
    expect(anna[1]!.subject).toBe('EuRegioNet: nowości dla Twoich klastrów (07.2026)');
    expect(anna[1]!.body).toContain('Nowe publikacje\n- PL Nowa huta\n\n');
    expect(anna[1]!.body).not.toContain('Stal i spawanie');
    expect(await digestsTo(mail('erik'))).toHaveLength(1);
  });
});

describe('staff', () => {
  it('record a consent only for a contact person of the organisation, once', async () => {
    const stranger = await bic.inject({
      method: 'POST',
      url: `/api/v1/organisations/${orgX}/digest-subscriptions`,
      payload: { email: 'nobody@example.eu', language: 'de', consentSource: 'phone call' },
    });
    expect(stranger.statusCode).toBe(400);
    expect(json(stranger).errors).toEqual([
      { pointer: '/body/email', code: 'contact_not_found', message: 'The organisation has no contact person with this address' },
    ]);
    const twice = await bic.inject({
      method: 'POST',
      url: `/api/v1/organisations/${orgX}/digest-subscriptions`,
      payload: { email: mail('anna'), language: 'de', consentSource: 'phone call' },
    });
    expect(twice.statusCode).toBe(409);
    expect(json(twice).code).toBe('DIGEST_SUBSCRIPTION_EXISTS');
  });

  it('see the consent with its text version, and switch digests on again only with a new consent', async () => {
    const list = await ok<{ items: DigestSubscription[] }>(
      await bic.inject({ method: 'GET', url: `/api/v1/organisations/${orgX}/digest-subscriptions` }),
    );
    const erik = list.items.find((s) => s.email === mail('erik'))!;
    expect(erik.consentTextVersion).toBe('digest-consent-2026-12');
    expect(erik.consentSource).toBe('signed form, cluster day 2026-05-20');
    const without = await bic.inject({
      method: 'PATCH',
      url: `/api/v1/digest-subscriptions/${erik.id}`,
      headers: { 'if-match': `"v${erik.version}"` },
      payload: { enabled: true },
    });
    expect(without.statusCode).toBe(400);
    const again = await ok<DigestSubscription>(
      await bic.inject({
        method: 'PATCH',
        url: `/api/v1/digest-subscriptions/${erik.id}`,
        headers: { 'if-match': `"v${erik.version}"` },
        payload: { enabled: true, consentSource: 'e-mail of 2026-07-01', frequency: 'weekly' },
      }),
    );
    expect(again).toMatchObject({ enabled: true, unsubscribedAt: null, frequency: 'weekly', consentSource: 'e-mail of 2026-07-01' });
    expect(again.consentedAt.slice(0, 16)).toBe('2026-07-01T06:00');
    const stale = await bic.inject({
      method: 'PATCH',
      url: `/api/v1/digest-subscriptions/${erik.id}`,
      headers: { 'if-match': `"v${erik.version}"` },
      payload: { language: 'de' },
    });
    expect(stale.statusCode).toBe(412);
  });
});

describe('a contact person taken off the organisation', () => {
  it('loses their subscription in the same edit; the others keep theirs', async () => {
    const org = await ok<{ id: string; version: number }>(
      await bic.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        payload: { ...organisationBody('Z'), contacts: [contact('Greta'), contact('Hanna')] },
      }),
      201,
    );
    for (const name of ['greta', 'hanna']) await subscribe(org.id, { email: mail(name), language: 'de' });
    const edited = await bic.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${org.id}`,
      headers: { 'if-match': `"v${org.version}"` },
      payload: { contacts: [contact('Hanna')] },
    });
    expect(edited.statusCode).toBe(200);
    const list = await ok<{ items: DigestSubscription[] }>(
      await bic.inject({ method: 'GET', url: `/api/v1/organisations/${org.id}/digest-subscriptions` }),
    );
    expect(list.items.map((s) => s.email)).toEqual([mail('hanna')]);
  });
});
