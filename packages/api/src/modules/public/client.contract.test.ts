import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { createClient } from '@euregionet/client';
import { sql } from 'drizzle-orm';
import { createTestApp, json, type TestApp } from '../../test/app.js';
import { createTestRecords, intakeBody, interestBody, registrationBody, type TestRecords } from '../../test/records.js';
import { queryRows } from '../../db/client.js';
import { portalDocument } from '../../test/portal-document.js';
import { changesSettled } from '../../test/changes.js';

/*
 * The typed client of `packages/client` against the real API, listening on a port: every
 * operation of the public API is called through it once, and its committed document is the one
 * the API serves (a change of the public contract fails here until the client is regenerated:
 * `UPDATE_CLIENT=1` writes the document, then `pnpm --filter @euregionet/client generate`).
 */

const CLIENT_DOCUMENT = new URL('../../../../client/openapi.json', import.meta.url);

let t: TestApp;
let records: TestRecords;
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  records = await createTestRecords(t, 'Contract');
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

describe('the typed client', () => {
  it('is generated from the document the API serves', async () => {
    const served = portalDocument(json(await t.app.inject({ method: 'GET', url: '/openapi.json' })));
    if (process.env.UPDATE_CLIENT) writeFileSync(CLIENT_DOCUMENT, `${JSON.stringify(served, null, 2)}\n`);
    expect(JSON.parse(readFileSync(CLIENT_DOCUMENT, 'utf8'))).toEqual(served);
  });

  it('calls every public operation of the API', async () => {
    const served = portalDocument(json(await t.app.inject({ method: 'GET', url: '/openapi.json' })));
    const documented = Object.entries(served.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.length).toBeGreaterThan(10);

    const reader = createClient({ baseUrl, apiKey: await secretOf(['public:read']) });
    const intake = createClient({ baseUrl, apiKey: await secretOf(['requests:create']) });
    const registrar = createClient({ baseUrl, apiKey: await secretOf(['registrations:create']) });
    const called = new Map<string, number>();
    const seen = (method: string, path: string, status: number) => called.set(`${method} ${path}`, status);

    const cluster = await records.cluster({ published: true });
    const call = await records.fundingCall();
    const event = await records.publishedEvent();
    const publication = await records.publication(true);
    const award = await records.brandAward();
    const awarded = await queryRows<{ slug: string }>(
      t.database.db,
      sql`SELECT slug FROM clusters WHERE id = (SELECT cluster_id FROM brand_awards WHERE id = ${award.id})`,
    );
    const badgeSlug = awarded[0]!.slug;
    const registration = await records.eventRegistration();

    {
      const { data, response } = await reader.GET('/api/v1/public/clusters', { params: { query: { limit: 1 } } });
      seen('GET', '/api/v1/public/clusters', response.status);
      expect(data!.items.length).toBe(1);
      const next = await reader.GET('/api/v1/public/clusters', { params: { query: { limit: 1, cursor: data!.nextCursor! } } });
      expect(next.response.status).toBe(200);
      // The same answer again with its ETag: 304, no body.
      const again = await reader.GET('/api/v1/public/clusters', {
        params: { query: { limit: 1 } },
        headers: { 'if-none-match': response.headers.get('etag')! },
      });
      expect(again.response.status).toBe(304);
    }
    {
      // A mirror follows the changes: the cluster published above comes as an upsert, with a cursor to go on from.
      await changesSettled(t.database.db);
      const { data, response } = await reader.GET('/api/v1/public/changes', {
        params: { query: { limit: 100, since: '2026-05-01T00:00:00Z' } },
      });
      seen('GET', '/api/v1/public/changes', response.status);
      expect(data!.items.find((i) => i.slug === cluster.slug)).toMatchObject({ resource: 'cluster', action: 'upsert' });
      expect(data!.nextCursor).toEqual(expect.any(String));
    }
    {
      const { data } = await reader.GET('/api/v1/public/clusters', {
        params: { query: { updatedSince: '2026-01-01T00:00:00Z', limit: 100 } },
      });
      expect(data!.items.map((c) => c.slug)).toContain(cluster.slug);
    }
    seen('GET', '/api/v1/public/clusters/facets', (await reader.GET('/api/v1/public/clusters/facets')).response.status);
    {
      const { data, response } = await reader.GET('/api/v1/public/clusters.geojson', {
        params: { query: { lang: 'pl' } },
        parseAs: 'json',
      });
      seen('GET', '/api/v1/public/clusters.geojson', response.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      expect((data as { type: string }).type).toBe('FeatureCollection');
    }
    {
      const { data, response } = await reader.GET('/api/v1/public/clusters/{slug}', { params: { path: { slug: cluster.slug } } });
      seen('GET', '/api/v1/public/clusters/{slug}', response.status);
      expect(data!.slug).toBe(cluster.slug);
    }
    const branded = await records.cluster({ published: true, brand: true });
    seen(
      'GET',
      '/api/v1/public/clusters/{slug}/badge.svg',
      (await reader.GET('/api/v1/public/clusters/{slug}/badge.svg', { params: { path: { slug: branded.slug } }, parseAs: 'text' })).response
        .status,
    );
    seen(
      'GET',
      '/api/v1/public/taxonomies/{name}',
      (await reader.GET('/api/v1/public/taxonomies/{name}', { params: { path: { name: 'nace' } } })).response.status,
    );
    seen('GET', '/api/v1/public/funding-calls', (await reader.GET('/api/v1/public/funding-calls')).response.status);
    seen(
      'GET',
      '/api/v1/public/funding-calls/{slug}',
      (await reader.GET('/api/v1/public/funding-calls/{slug}', { params: { path: { slug: call.slug } } })).response.status,
    );
    seen('GET', '/api/v1/public/events', (await reader.GET('/api/v1/public/events')).response.status);
    seen(
      'GET',
      '/api/v1/public/events/{slug}',
      (await reader.GET('/api/v1/public/events/{slug}', { params: { path: { slug: event.slug } } })).response.status,
    );
    {
      const { response } = await registrar.POST('/api/v1/public/events/{slug}/registrations', {
        params: { path: { slug: event.slug } },
        body: { ...registrationBody('Contract'), country: 'DE', language: 'de', consent: true, wantsMeetings: false } as never,
      });
      seen('POST', '/api/v1/public/events/{slug}/registrations', response.status);
    }
    seen(
      'GET',
      '/api/v1/public/event-registrations/cancel',
      (
        await reader.GET('/api/v1/public/event-registrations/cancel', {
          params: { query: { token: registration.token } as never },
          parseAs: 'text',
        })
      ).response.status,
    );
    seen(
      'POST',
      '/api/v1/public/event-registrations/cancel',
      (
        await reader.POST('/api/v1/public/event-registrations/cancel', {
          params: { query: { token: registration.token } as never },
          parseAs: 'text',
        })
      ).response.status,
    );
    {
      // The personal link of an invitation: a page with a form, no key.
      const invitation = await records.eventInvitation();
      const anyone = createClient({ baseUrl });
      seen(
        'GET',
        '/api/v1/public/event-invitations/register',
        (
          await anyone.GET('/api/v1/public/event-invitations/register', {
            params: { query: { token: invitation.token } as never },
            parseAs: 'text',
          })
        ).response.status,
      );
      seen(
        'POST',
        '/api/v1/public/event-invitations/register',
        (
          await anyone.POST('/api/v1/public/event-invitations/register', {
            params: { query: { token: invitation.token } as never },
            body: { name: 'Contract', country: 'PL', language: 'pl', consent: 'on' } as never,
            bodySerializer: (body: Record<string, string>) => new URLSearchParams(body).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            parseAs: 'text',
          })
        ).response.status,
      );
    }
    {
      // One-to-one meetings, as a registrant does them with the token of their e-mail (no key).
      const m = await records.eventMeeting();
      const participant = createClient({ baseUrl });
      const as = (token: string) => ({ header: { 'x-registration-token': token } });
      const third = as(m.third.token);
      seen(
        'PUT',
        '/api/v1/public/event-registrations/meeting-profile',
        (
          await participant.PUT('/api/v1/public/event-registrations/meeting-profile', {
            params: third,
            body: { profile: 'Laser cutting, looking for partners in Lubuskie', cooperationProfileId: null },
          })
        ).response.status,
      );
      seen(
        'GET',
        '/api/v1/public/event-registrations/meetings',
        (await participant.GET('/api/v1/public/event-registrations/meetings', { params: third })).response.status,
      );
      seen(
        'GET',
        '/api/v1/public/event-registrations/meetings/suggestions',
        (await participant.GET('/api/v1/public/event-registrations/meetings/suggestions', { params: third })).response.status,
      );
      seen(
        'POST',
        '/api/v1/public/event-registrations/meetings',
        (await participant.POST('/api/v1/public/event-registrations/meetings', { params: third, body: { withId: m.requester.id } }))
          .response.status,
      );
      seen(
        'POST',
        '/api/v1/public/event-registrations/meetings/{meetingId}/answer',
        (
          await participant.POST('/api/v1/public/event-registrations/meetings/{meetingId}/answer', {
            params: { ...as(m.invitee.token), path: { meetingId: m.meetingId } },
            body: { accept: true },
          })
        ).response.status,
      );
    }
    seen('GET', '/api/v1/public/brand/assets', (await reader.GET('/api/v1/public/brand/assets')).response.status);
    seen('GET', '/api/v1/public/publications', (await reader.GET('/api/v1/public/publications')).response.status);
    seen(
      'GET',
      '/api/v1/public/publications/{slug}',
      (await reader.GET('/api/v1/public/publications/{slug}', { params: { path: { slug: publication.slug } } })).response.status,
    );
    {
      // Every public list takes updatedSince, typed in the client.
      const query = { updatedSince: '2026-01-01T00:00:00Z', limit: 100 };
      const calls = await reader.GET('/api/v1/public/funding-calls', { params: { query } });
      const events = await reader.GET('/api/v1/public/events', { params: { query } });
      const publications = await reader.GET('/api/v1/public/publications', { params: { query } });
      expect([calls.data!.items, events.data!.items, publications.data!.items].map((items) => items.map((i) => i.slug))).toEqual([
        expect.arrayContaining([call.slug]),
        expect.arrayContaining([event.slug]),
        expect.arrayContaining([publication.slug]),
      ]);
    }
    seen('GET', '/api/v1/public/brand', (await reader.GET('/api/v1/public/brand')).response.status);
    seen(
      'GET',
      '/api/v1/public/brand/{ref}',
      (await reader.GET('/api/v1/public/brand/{ref}', { params: { path: { ref: badgeSlug } } })).response.status,
    );
    seen(
      'GET',
      '/api/v1/public/brand/{ref}/badge.svg',
      (await reader.GET('/api/v1/public/brand/{ref}/badge.svg', { params: { path: { ref: badgeSlug } }, parseAs: 'text' })).response.status,
    );
    {
      const { data, response } = await intake.POST('/api/v1/public/consulting-requests', { body: intakeBody('Contract') as never });
      seen('POST', '/api/v1/public/consulting-requests', response.status);
      const reference = data!.reference;
      const [mail] = await queryRows<{ body: string }>(
        t.database.db,
        sql`SELECT body FROM outbox_messages WHERE body LIKE ${`%${reference}%`} AND body LIKE '%/status/%'`,
      );
      const token = /\/status\/([\w-]+)/.exec(mail!.body)![1]!;
      const status = await intake.GET('/api/v1/public/consulting-requests/{reference}', {
        params: { path: { reference }, header: { 'x-status-token': token } },
      });
      seen('GET', '/api/v1/public/consulting-requests/{reference}', status.response.status);
      expect(status.data!.reference).toBe(reference);
    }

    {
      const profileId = await records.profile();
      const { data, response } = await reader.GET('/api/v1/public/opportunities', {
        params: { query: { type: ['technology'], limit: 1 } },
      });
      seen('GET', '/api/v1/public/opportunities', response.status);
      expect(data!.items.length).toBe(1);
      seen(
        'GET',
        '/api/v1/public/opportunities/{id}',
        (await reader.GET('/api/v1/public/opportunities/{id}', { params: { path: { id: profileId } } })).response.status,
      );
      const interest = await intake.POST('/api/v1/public/opportunities/{id}/interest', {
        params: { path: { id: profileId } },
        body: interestBody('Contract') as never,
      });
      seen('POST', '/api/v1/public/opportunities/{id}/interest', interest.response.status);
      expect(interest.data!.status).toBe('received');
    }
    // The lists of events, publications and opportunities follow the directory's conventions: a page with
    // `nextCursor`, the language asked for, and an ETag that makes the same question a 304.
    for (const path of [
      '/api/v1/public/funding-calls',
      '/api/v1/public/events',
      '/api/v1/public/publications',
      '/api/v1/public/opportunities',
    ] as const) {
      const first = await reader.GET(path, { params: { query: { lang: 'pl', limit: 1 } } });
      expect([path, first.response.status, first.response.headers.get('content-language'), first.data!.items.length]).toEqual([
        path,
        200,
        'pl',
        1,
      ]);
      expect(first.data).toHaveProperty('nextCursor');
      const again = await reader.GET(path, {
        params: { query: { lang: 'pl', limit: 1 } },
        headers: { 'if-none-match': first.response.headers.get('etag')! },
      });
      expect([path, again.response.status]).toEqual([path, 304]);
    }

    expect([...called.keys()].sort()).toEqual(documented.sort());
    const failed = [...called].filter(([, status]) => status >= 300);
    expect(failed).toEqual([]);
  });
});

async function secretOf(scopes: Parameters<TestApp['apiKey']>[0]): Promise<string> {
  const key = await t.apiKey(scopes);
  return key.headers.authorization!.replace('Bearer ', '');
}
