import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import {
  PublicPublicationListQuerySchema,
  PublicPublicationPageSchema,
  PublicPublicationSchema,
  languageOrder,
  type Locale,
} from '@euregionet/shared';
import { assertReadModel, compareWithTables, createPortalTestApp, type PortalGet } from '../../test/read-model.js';
import type { TestApp } from '../../test/app.js';
import { folderStore } from '../files/file-store.js';
import { createPublicationService } from './publications.service.js';

let t: TestApp;
let get: PortalGet;

beforeAll(async () => ({ t, get } = await createPortalTestApp()));
afterAll(() => t.close());

/*
 * The property: after any sequence of writes (made in SQL, as an import would make them), with
 * reads in between that build documents, every public answer about publications (search
 * included) equals the answer computed from the tables by the service that served it before the
 * read model, serialized as the API does.
 */
const PUBLICATIONS = 4;
const publicationId = (i: number) => `00000000-0000-4000-8000-0000000ab00${i}`;
const slugOf = (i: number) => `publication-${i}`;

type Write =
  | { op: 'upsert'; i: number; title: object; body: object; kind: string; status: string; publishedAt: string }
  | { op: 'delete'; i: number; hard: boolean }
  | { op: 'attach'; i: number; name: string }
  | { op: 'detach'; i: number }
  | { op: 'renameFile'; i: number; name: string };

const writes: fc.Arbitrary<Write> = fc.oneof(
  fc.record({
    op: fc.constant('upsert' as const),
    i: fc.nat(PUBLICATIONS - 1),
    title: fc.constantFrom({ de: 'Wasserstoff' }, { pl: 'Wodór', en: 'Hydrogen' }, { en: 'Mobility study' }),
    body: fc.constantFrom({}, { de: '**Fett** und _schräg_' }, { pl: '# Nagłówek\n\n[link](https://example.pl)' }),
    kind: fc.constantFrom('news', 'study'),
    status: fc.constantFrom('draft', 'published', 'archived'),
    // Two on the same instant: the id decides the order.
    publishedAt: fc.constantFrom('2026-05-01T10:00:00Z', '2026-05-02T10:00:00Z', '2026-05-02T10:00:00Z'),
  }),
  fc.record({ op: fc.constant('delete' as const), i: fc.nat(PUBLICATIONS - 1), hard: fc.boolean() }),
  fc.record({ op: fc.constant('attach' as const), i: fc.nat(PUBLICATIONS - 1), name: fc.constantFrom('bericht.pdf', 'raport.pdf') }),
  fc.record({ op: fc.constant('detach' as const), i: fc.nat(PUBLICATIONS - 1) }),
  fc.record({ op: fc.constant('renameFile' as const), i: fc.nat(PUBLICATIONS - 1), name: fc.constantFrom('final.pdf', 'ostateczny.pdf') }),
);

async function apply(w: Write) {
  const db = t.database.db;
  switch (w.op) {
    case 'upsert':
      await db.execute(sql`INSERT INTO publications (id, slug, kind, title, body, partner, status, published_at)
        VALUES (${publicationId(w.i)}, ${slugOf(w.i)}, ${w.kind}, ${JSON.stringify(w.title)}::jsonb, ${JSON.stringify(w.body)}::jsonb, 'BIC', ${w.status}, ${w.publishedAt}::timestamptz)
        ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, body = EXCLUDED.body, status = EXCLUDED.status,
          published_at = EXCLUDED.published_at, deleted_at = NULL, updated_at = now()`);
      return;
    case 'delete':
      if (w.hard) await db.execute(sql`DELETE FROM files WHERE owner_type = 'publication' AND owner_id = ${publicationId(w.i)}`);
      await db.execute(
        w.hard
          ? sql`DELETE FROM publications WHERE id = ${publicationId(w.i)}`
          : sql`UPDATE publications SET deleted_at = now() WHERE id = ${publicationId(w.i)} AND deleted_at IS NULL`,
      );
      return;
    case 'attach':
      await db.execute(sql`INSERT INTO files (owner_type, owner_id, name, media_type, size, sha256, storage_key)
        SELECT 'publication', ${publicationId(w.i)}, ${w.name}, 'application/pdf', 1234, 'x', 'none/' || gen_random_uuid()
         WHERE EXISTS (SELECT 1 FROM publications WHERE id = ${publicationId(w.i)})`);
      return;
    case 'detach':
      await db.execute(sql`DELETE FROM files WHERE owner_type = 'publication' AND owner_id = ${publicationId(w.i)}`);
      return;
    case 'renameFile':
      await db.execute(sql`UPDATE files SET name = ${w.name} WHERE owner_type = 'publication' AND owner_id = ${publicationId(w.i)}`);
      return;
  }
}

const ORDERS: Locale[][] = [['pl'], ['de'], ['en', 'pl']];
const FILTERS: Record<string, string>[] = [{}, { kind: 'study' }, { q: 'hydrogen' }];

const compare = compareWithTables((url) => get(url));

/** Every answer of the read model against the tables' answer, as bytes. */
async function compareAll() {
  const oracle = createPublicationService(t.database.db, { clock: t.clock, store: folderStore(tmpdir()) });
  for (const order of ORDERS) {
    const lang = order.join(',');
    const full = languageOrder(order);
    for (const filter of FILTERS) {
      const list = async (params: Record<string, string>) => {
        const { lang: _lang, ...query } = PublicPublicationListQuerySchema.parse(params);
        return { lang: full[0], ...(await oracle.listPublished(query, full)) };
      };
      await compare.pages('/publications', { lang, ...filter }, list, PublicPublicationPageSchema);
    }
    for (let i = 0; i < PUBLICATIONS; i++) {
      const detail = () => oracle.publishedBySlug(slugOf(i), full);
      await compare.detail(`/publications/${slugOf(i)}?lang=${lang}`, detail, PublicPublicationSchema);
    }
  }
}

/** Each run starts from published publications, each with an attachment, so that most writes change a document. */
async function reset() {
  const db = t.database.db;
  await db.execute(sql`DELETE FROM files WHERE owner_type = 'publication'`);
  await db.execute(sql`DELETE FROM publications`);
  for (let i = 0; i < PUBLICATIONS; i++) {
    await apply({
      op: 'upsert',
      i,
      title: i % 2 ? { en: `Hydrogen ${i}` } : { de: `Bericht ${i}` },
      body: {},
      kind: i % 2 ? 'study' : 'news',
      status: 'published',
      publishedAt: `2026-05-0${i + 1}T10:00:00Z`,
    });
    await apply({ op: 'attach', i, name: `anhang-${i}.pdf` });
  }
}

describe('the publications read model', () => {
  it('answers what the tables answer after any sequence of writes', async () => {
    await assertReadModel({
      writes,
      reset,
      apply,
      compareAll,
      // After a read: a file attached, an attachment renamed, then a publication withdrawn (archived).
      examples: [
        [
          [
            [{ op: 'attach', i: 2, name: 'raport.pdf' }, true],
            [{ op: 'renameFile', i: 0, name: 'final.pdf' }, true],
            [
              {
                op: 'upsert',
                i: 1,
                title: { pl: 'Wodór' },
                body: {},
                kind: 'news',
                status: 'archived',
                publishedAt: '2026-05-01T10:00:00Z',
              },
              true,
            ],
          ],
        ],
      ],
    });
  }, 600_000);
});
