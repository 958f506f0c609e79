import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import S3rver from 's3rver';
import sharp from 'sharp';
import type { AuditPage, FileList, Problem, Publication, PublicPublication, StoredFile } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, ok, testConfig, type Principal, type TestApp } from '../../test/app.js';
import { multipart, PDF } from '../../test/files.js';

/** A Windows program: what a renamed `.pdf` must not smuggle in. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200, 1)]);

interface Fixture {
  t: TestApp;
  bic: Principal;
  lop: Principal;
  viewer: Principal;
  portal: Principal;
  publication(over?: Record<string, unknown>): Promise<Publication>;
  upload(by: Principal, ownerId: string, name: string, content: Buffer, declaredType?: string): ReturnType<Principal['inject']>;
  publish(p: Publication): Promise<Publication>;
}

async function fixture(overrides: Parameters<typeof createTestApp>[0]): Promise<Fixture> {
  const t = await createTestApp(overrides);
  const bic = await t.staff('consultant', 'BIC');
  const lop = await t.staff('consultant', 'LOP');
  const viewer = await t.staff('viewer', 'LOP');
  const portal = await t.apiKey(['public:read']);
  let n = 0;
  return {
    t,
    bic,
    lop,
    viewer,
    portal,
    async publication(over = {}) {
      const res = await bic.inject({
        method: 'POST',
        url: '/api/v1/publications',
        payload: { kind: 'study', title: { pl: `Raport ${++n}` }, partner: 'BIC', ...over },
      });
      return ok<Publication>(res, 201);
    },
    upload(by, ownerId, name, content, declaredType) {
      return by.inject({
        method: 'POST',
        url: `/api/v1/files?ownerType=publication&ownerId=${ownerId}`,
        ...multipart(name, content, declaredType),
      });
    },
    async publish(p) {
      const res = await bic.inject({
        method: 'POST',
        url: `/api/v1/publications/${p.id}/transitions`,
        headers: { 'if-match': `"v${p.version}"` },
        payload: { to: 'published' },
      });
      return ok<Publication>(res);
    },
  };
}

const filesDir = mkdtempSync(join(tmpdir(), 'euregionet-files-'));
let f: Fixture;
const MAX = 64 * 1024;

beforeAll(async () => {
  const base = testConfig();
  f = await fixture({ files: { maxBytes: MAX, storage: { kind: 'folder', dir: filesDir } }, ...{ bodyLimit: base.bodyLimit } });
});
afterAll(async () => {
  await f?.t.close();
  rmSync(filesDir, { recursive: true, force: true });
});

describe('uploading files', () => {
  it('stores a PDF under its safe name, reads the type from the content, audits it', async () => {
    const p = await f.publication();
    const res = await f.upload(f.bic, p.id, '../../etc/Raport końcowy <2026>.pdf', PDF, 'image/png');
    const stored = await ok<StoredFile>(res, 201);
    expect(stored).toMatchObject({
      ownerType: 'publication',
      ownerId: p.id,
      name: 'Raport końcowy _2026_.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
      hasThumbnail: false,
      url: `/api/v1/files/${stored.id}`,
    });
    expect(readdirSync(join(filesDir, stored.id))).toEqual(['original']);
    const audit = await ok<AuditPage>(
      await (await f.t.admin()).inject({ method: 'GET', url: `/api/v1/audit-log?entity=file&entityId=${stored.id}` }),
    );
    expect(audit.items.map((e) => e.action)).toEqual(['create']);
    const list = await ok<FileList>(await f.viewer.inject({ method: 'GET', url: `/api/v1/files?ownerType=publication&ownerId=${p.id}` }));
    expect(list.items.map((i) => i.id)).toEqual([stored.id]);
  });

  it('refuses a program named .pdf, an empty file, and a file over the limit', async () => {
    const p = await f.publication();
    const exe = await f.upload(f.bic, p.id, 'bericht.pdf', EXE, 'application/pdf');
    expect(exe.statusCode).toBe(415);
    expect(json<Problem>(exe).code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect((await f.upload(f.bic, p.id, 'leer.txt', Buffer.alloc(0))).statusCode).toBe(415);
    const big = await f.upload(f.bic, p.id, 'gross.txt', Buffer.alloc(MAX + 1, 'a'));
    expect(big.statusCode).toBe(413);
    expect(json<Problem>(big).code).toBe('FILE_TOO_LARGE');
    expect((await f.upload(f.bic, p.id, 'genau.txt', Buffer.alloc(MAX, 'a'))).statusCode).toBe(201);
  });

  it('holds at most 100 files per record, the most its one list shows: the next is refused and leaves no bytes', async () => {
    const p = await f.publication();
    // 99 files already there (rows only: their bytes are not read here).
    await queryRows(
      f.t.database.db,
      sql`INSERT INTO files (owner_type, owner_id, name, media_type, size, sha256, storage_key)
          SELECT 'publication', ${p.id}, 'alt-' || n || '.txt', 'text/plain', 1, 'x', 'none/' || n FROM generate_series(1, 99) AS n`,
    );
    expect((await f.upload(f.bic, p.id, 'hundertste.txt', Buffer.from('100'))).statusCode).toBe(201);
    const folders = readdirSync(filesDir).length;
    const over = await f.upload(f.bic, p.id, 'zuviel.txt', Buffer.from('101'));
    expect([over.statusCode, json<Problem>(over).code]).toEqual([413, 'TOO_MANY_FILES']);
    expect(readdirSync(filesDir)).toHaveLength(folders);
    const list = await ok<FileList>(await f.viewer.inject({ method: 'GET', url: `/api/v1/files?ownerType=publication&ownerId=${p.id}` }));
    expect(list.items).toHaveLength(100);
  });

  it('takes UTF-8 text as plain text or CSV, and refuses binary text', async () => {
    const p = await f.publication();
    const csv = await ok<StoredFile>(await f.upload(f.bic, p.id, 'klastry.csv', Buffer.from('nazwa;region\nKlaster Żary;PL432\n')), 201);
    expect(csv.mediaType).toBe('text/csv');
    const txt = await ok<StoredFile>(await f.upload(f.bic, p.id, 'notiz', Buffer.from('Grüße aus Forst\n')), 201);
    expect(txt.mediaType).toBe('text/plain');
    expect((await f.upload(f.bic, p.id, 'nul.txt', Buffer.from('a\0b'))).statusCode).toBe(415);
  });

  it('makes a 320-pixel WebP thumbnail of an image', async () => {
    const p = await f.publication();
    const png = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const stored = await ok<StoredFile>(await f.upload(f.bic, p.id, 'logo.png', png), 201);
    expect(stored).toMatchObject({ mediaType: 'image/png', hasThumbnail: true });
    const thumb = await f.bic.inject({ method: 'GET', url: `/api/v1/files/${stored.id}/thumbnail` });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 160]);
  });

  it('needs multipart with a part named file', async () => {
    const p = await f.publication();
    const json = await f.bic.inject({ method: 'POST', url: `/api/v1/files?ownerType=publication&ownerId=${p.id}`, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const other = await f.bic.inject({
      method: 'POST',
      url: `/api/v1/files?ownerType=publication&ownerId=${p.id}`,
      ...multipart('a.txt', Buffer.from('a'), 'text/plain', 'upload'),
    });
    expect(other.statusCode).toBe(400);
  });
});

describe('who reads and changes files', () => {
  let draft: Publication;
  let draftFile: StoredFile;
  beforeAll(async () => {
    draft = await f.publication();
    draftFile = await ok<StoredFile>(await f.upload(f.bic, draft.id, 'wyniki.pdf', PDF), 201);
  });

  it('keeps a draft’s files from anyone who cannot read the draft: the same 404 as a missing file', async () => {
    const anonymous = await f.t.anonymous.inject({ method: 'GET', url: draftFile.url });
    expect(anonymous.statusCode).toBe(404);
    expect(json<Problem>(anonymous).code).toBe('FILE_NOT_FOUND');
    expect((await f.portal.inject({ method: 'GET', url: draftFile.url })).statusCode).toBe(404);
    expect((await f.viewer.inject({ method: 'GET', url: draftFile.url })).statusCode).toBe(200);
  });

  it('downloads with a safe Content-Disposition, nosniff and no caching of private files', async () => {
    const res = await f.viewer.inject({ method: 'GET', url: draftFile.url });
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="wyniki.pdf"; filename*=UTF-8''wyniki.pdf`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.rawPayload.equals(PDF)).toBe(true);
  });

  it('lets only the record’s editors attach and remove: another partner’s consultant gets 403', async () => {
    expect((await f.upload(f.lop, draft.id, 'fremd.pdf', PDF)).statusCode).toBe(403);
    expect((await f.upload(f.viewer, draft.id, 'fremd.pdf', PDF)).statusCode).toBe(403);
    expect((await f.lop.inject({ method: 'DELETE', url: draftFile.url })).statusCode).toBe(403);
    const missing = await f.upload(f.bic, '00000000-0000-4000-8000-000000000000', 'x.pdf', PDF);
    expect(json<Problem>(missing).code).toBe('FILE_OWNER_NOT_FOUND');
  });

  it('opens a published publication’s files to anyone, and lists them in the public API', async () => {
    const p = await f.publication({ slug: 'raport-z-zalacznikiem' });
    const file = await ok<StoredFile>(await f.upload(f.bic, p.id, 'Załącznik.pdf', PDF), 201);
    await f.publish(p);
    const res = await f.t.anonymous.inject({ method: 'GET', url: file.url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Za_acznik.pdf"; filename*=UTF-8''Za%C5%82%C4%85cznik.pdf`);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const read = await ok<PublicPublication>(
      await f.portal.inject({ method: 'GET', url: '/api/v1/public/publications/raport-z-zalacznikiem' }),
    );
    expect(read.attachments).toEqual([
      { name: 'Załącznik.pdf', mediaType: 'application/pdf', size: PDF.length, url: file.url, thumbnailUrl: null },
    ]);
  });

  it('removes a file with its bytes, and a deleted publication’s files with it', async () => {
    const p = await f.publication();
    const a = await ok<StoredFile>(await f.upload(f.bic, p.id, 'a.pdf', PDF), 201);
    const b = await ok<StoredFile>(await f.upload(f.bic, p.id, 'b.pdf', PDF), 201);
    expect((await f.bic.inject({ method: 'DELETE', url: a.url })).statusCode).toBe(204);
    expect((await f.bic.inject({ method: 'GET', url: a.url })).statusCode).toBe(404);
    expect(readdirSync(filesDir)).not.toContain(a.id);
    expect((await f.bic.inject({ method: 'DELETE', url: `/api/v1/publications/${p.id}` })).statusCode).toBe(204);
    expect((await f.bic.inject({ method: 'GET', url: b.url })).statusCode).toBe(404);
    expect(readdirSync(filesDir)).not.toContain(b.id);
    expect(readdirSync(join(filesDir, draftFile.id))).toEqual(['original']);
  });
});

describe('files in an S3-compatible object store (s3rver)', () => {
  const s3Dir = mkdtempSync(join(tmpdir(), 'euregionet-s3-'));
  let s3: S3rver;
  let first: Fixture;
  let second: TestApp;

  beforeAll(async () => {
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'euregionet-files' }] });
    const { port } = await s3.run();
    const storage = {
      kind: 's3' as const,
      endpoint: `http://127.0.0.1:${port}`,
      region: 'eu-central-1',
      bucket: 'euregionet-files',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    };
    first = await fixture({ files: { maxBytes: MAX, storage } });
    // A second API process on the same database and bucket.
    const { buildApp } = await import('../../app.js');
    // The first app closes the database; the second only lets go of it.
    const shared = { ...first.t.database, close: async () => undefined };
    second = { ...first.t, app: await buildApp({ config: { ...first.t.config }, database: shared, clock: first.t.clock }) };
  });
  afterAll(async () => {
    await second?.app.close();
    await first?.t.close();
    await s3?.close();
    rmSync(s3Dir, { recursive: true, force: true });
  });

  it('stores in the bucket: what one process uploads, another serves, and a removal removes it there', async () => {
    const p = await first.publication();
    const png = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const stored = await ok<StoredFile>(await first.upload(first.bic, p.id, 'mapa.png', png), 201);
    await first.publish(p);
    const elsewhere = await second.app.inject({ method: 'GET', url: stored.url });
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.rawPayload.equals(png)).toBe(true);
    expect((await second.app.inject({ method: 'GET', url: `${stored.url}/thumbnail` })).statusCode).toBe(200);
    expect((await first.bic.inject({ method: 'DELETE', url: stored.url })).statusCode).toBe(204);
    expect((await second.app.inject({ method: 'GET', url: stored.url })).statusCode).toBe(404);
    // s3rver keeps each object as files under the bucket's folder, named by the key.
    const left = readdirSync(join(s3Dir, 'euregionet-files'), { recursive: true }).map(String);
    expect(left.some((n) => n.includes(stored.id))).toBe(false);
  });
});
