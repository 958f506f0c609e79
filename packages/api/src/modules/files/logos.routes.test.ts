import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type {
  AuditPage,
  ClusterDetail,
  FileList,
  InternationalisationMeasure,
  Organisation,
  Problem,
  PublicClusterDetail,
  PublicClusterPage,
  StoredFile,
} from '@euregionet/shared';
import { createTestApp, json, ok, type Principal, type TestApp } from '../../test/app.js';
import { multipart, PDF, TINY_PNG } from '../../test/files.js';
import { clusterBody, organisationBody } from '../../test/records.js';

const filesDir = mkdtempSync(join(tmpdir(), 'euregionet-logos-'));
let t: TestApp;
let bic: Principal;
let lop: Principal;
let viewer: Principal;
let portal: Principal;

const upload = (by: Principal, ownerType: string, ownerId: string, name: string, content: Buffer) =>
  by.inject({ method: 'POST', url: `/api/v1/files?ownerType=${ownerType}&ownerId=${ownerId}`, ...multipart(name, content) });
const download = (by: Principal | TestApp['app'], id: string) => by.inject({ method: 'GET', url: `/api/v1/files/${id}` });

async function cluster(published: boolean): Promise<ClusterDetail> {
  return ok<ClusterDetail>(
    await bic.inject({ method: 'POST', url: '/api/v1/clusters', payload: { ...clusterBody('Logo', 'BIC'), published } }),
    201,
  );
}

beforeAll(async () => {
  t = await createTestApp({ files: { maxBytes: 1024 * 1024, storage: { kind: 'folder', dir: filesDir } } });
  bic = await t.staff('consultant', 'BIC');
  lop = await t.staff('consultant', 'LOP');
  viewer = await t.staff('viewer', 'BIC');
  portal = await t.apiKey(['public:read']);
});
afterAll(async () => {
  await t?.close();
  rmSync(filesDir, { recursive: true, force: true });
});

describe('a cluster’s logo', () => {
  it('is uploaded by the cluster’s editors only, and only as an image', async () => {
    const c = await cluster(false);
    const other = await upload(lop, 'cluster_logo', c.id, 'logo.png', TINY_PNG);
    expect(other.statusCode).toBe(403);
    expect((await upload(viewer, 'cluster_logo', c.id, 'logo.png', TINY_PNG)).statusCode).toBe(403);
    const pdf = await upload(bic, 'cluster_logo', c.id, 'logo.pdf', PDF);
    expect(pdf.statusCode).toBe(415);
    expect(json<Problem>(pdf).code).toBe('FILE_TYPE_NOT_ALLOWED');
    const logo = await ok<StoredFile>(await upload(bic, 'cluster_logo', c.id, 'logo.png', TINY_PNG), 201);
    expect(logo).toMatchObject({ ownerType: 'cluster_logo', ownerId: c.id, mediaType: 'image/png', hasThumbnail: true });
  });

  it('is one: a new upload replaces the old one, whose bytes and download are gone', async () => {
    const c = await cluster(false);
    const first = await ok<StoredFile>(await upload(bic, 'cluster_logo', c.id, 'alt.png', TINY_PNG), 201);
    const second = await ok<StoredFile>(await upload(bic, 'cluster_logo', c.id, 'neu.png', TINY_PNG), 201);
    const list = await ok<FileList>(await viewer.inject({ method: 'GET', url: `/api/v1/files?ownerType=cluster_logo&ownerId=${c.id}` }));
    expect(list.items.map((f) => f.id)).toEqual([second.id]);
    expect((await download(bic, first.id)).statusCode).toBe(404);
    expect(existsSync(join(filesDir, first.id))).toBe(false);
    expect(existsSync(join(filesDir, second.id, 'original'))).toBe(true);
    const audit = await ok<AuditPage>(
      await (await t.admin()).inject({ method: 'GET', url: `/api/v1/audit-log?entity=file&entityId=${first.id}` }),
    );
    expect(audit.items.map((e) => e.action).sort()).toEqual(['create', 'delete']);
  });

  it('of a published cluster is in the public API as a URL that works without a key', async () => {
    const c = await cluster(true);
    const logo = await ok<StoredFile>(await upload(bic, 'cluster_logo', c.id, 'logo.png', TINY_PNG), 201);
    const detail = await ok<PublicClusterDetail>(await portal.inject({ method: 'GET', url: `/api/v1/public/clusters/${c.slug}` }));
    expect(detail.logoUrl).toBe(`http://localhost:80/api/v1/files/${logo.id}`);
    const page = await ok<PublicClusterPage>(await portal.inject({ method: 'GET', url: '/api/v1/public/clusters?limit=100' }));
    expect(page.items.find((i) => i.slug === c.slug)?.logoUrl).toBe(`http://localhost:80/api/v1/files/${logo.id}`);
    const anonymous = await download(t.app, logo.id);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers['content-type']).toBe('image/png');
    expect(anonymous.rawPayload.equals(TINY_PNG)).toBe(true);
  });

  it('of an unpublished cluster is for staff only, and absent from the public API', async () => {
    const c = await cluster(false);
    const logo = await ok<StoredFile>(await upload(bic, 'cluster_logo', c.id, 'logo.png', TINY_PNG), 201);
    expect((await download(t.app, logo.id)).statusCode).toBe(404);
    expect((await download(portal, logo.id)).statusCode).toBe(404);
    expect((await download(viewer, logo.id)).statusCode).toBe(200);
    expect((await portal.inject({ method: 'GET', url: `/api/v1/public/clusters/${c.slug}` })).statusCode).toBe(404);
  });

  it('goes when the cluster is deleted: the row, the bytes and the public download', async () => {
    const c = await cluster(true);
    const logo = await ok<StoredFile>(await upload(bic, 'cluster_logo', c.id, 'logo.png', TINY_PNG), 201);
    expect((await (await t.admin()).inject({ method: 'DELETE', url: `/api/v1/clusters/${c.id}` })).statusCode).toBe(204);
    expect((await download(t.app, logo.id)).statusCode).toBe(404);
    expect((await download(await t.admin(), logo.id)).statusCode).toBe(404);
    expect(existsSync(join(filesDir, logo.id))).toBe(false);
  });
});

describe('an organisation’s logo', () => {
  it('shows with the member in a published cluster while the organisation is published; deleting it removes the logo', async () => {
    const c = await cluster(true);
    const org = await ok<Organisation>(
      await bic.inject({ method: 'POST', url: '/api/v1/organisations', payload: { ...organisationBody('Logo'), published: true } }),
      201,
    );
    await ok(await bic.inject({ method: 'PUT', url: `/api/v1/clusters/${c.id}/members/${org.id}`, payload: { role: 'member' } }), 201);
    // Every editor changes the joint directory's organisations, so another partner's consultant too.
    const logo = await ok<StoredFile>(await upload(lop, 'organisation_logo', org.id, 'firma.png', TINY_PNG), 201);
    const detail = await ok<PublicClusterDetail>(await portal.inject({ method: 'GET', url: `/api/v1/public/clusters/${c.slug}` }));
    expect(detail.members.map((m) => [m.name, m.logoUrl])).toEqual([[org.name, `http://localhost:80/api/v1/files/${logo.id}`]]);
    expect(detail.logoUrl).toBeNull();
    expect((await download(t.app, logo.id)).statusCode).toBe(200);

    expect((await (await t.admin()).inject({ method: 'DELETE', url: `/api/v1/organisations/${org.id}` })).statusCode).toBe(204);
    expect((await download(await t.admin(), logo.id)).statusCode).toBe(404);
    expect(existsSync(join(filesDir, logo.id))).toBe(false);
  });

  it('of an unpublished organisation is not public', async () => {
    const org = await ok<Organisation>(
      await bic.inject({ method: 'POST', url: '/api/v1/organisations', payload: organisationBody('Intern') }),
      201,
    );
    const logo = await ok<StoredFile>(await upload(bic, 'organisation_logo', org.id, 'firma.png', TINY_PNG), 201);
    expect((await download(t.app, logo.id)).statusCode).toBe(404);
    expect((await download(viewer, logo.id)).statusCode).toBe(200);
    expect((await upload(viewer, 'organisation_logo', org.id, 'firma.png', TINY_PNG)).statusCode).toBe(403);
  });
});

describe('files of an internationalisation measure', () => {
  it('are attached by the cluster’s editors, never public, and removed with the measure', async () => {
    const c = await cluster(true);
    const measure = await ok<InternationalisationMeasure>(
      await bic.inject({
        method: 'POST',
        url: '/api/v1/internationalisation-measures',
        payload: {
          clusterId: c.id,
          kind: 'internationalisation',
          date: '2026-03-04',
          description: 'Gemeinsamer Stand auf der Hannover Messe',
        },
      }),
      201,
    );
    expect((await upload(lop, 'internationalisation_measure', measure.id, 'bericht.pdf', PDF)).statusCode).toBe(403);
    const report = await ok<StoredFile>(await upload(bic, 'internationalisation_measure', measure.id, 'bericht.pdf', PDF), 201);
    expect((await download(t.app, report.id)).statusCode).toBe(404);
    expect((await download(portal, report.id)).statusCode).toBe(404);
    expect((await download(lop, report.id)).statusCode).toBe(200);

    expect((await bic.inject({ method: 'DELETE', url: `/api/v1/internationalisation-measures/${measure.id}` })).statusCode).toBe(204);
    expect((await download(await t.admin(), report.id)).statusCode).toBe(404);
    expect(existsSync(join(filesDir, report.id))).toBe(false);
  });
});
