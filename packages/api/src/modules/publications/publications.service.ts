import {
  LOCALES,
  PUBLICATION_TRANSITIONS,
  slugify,
  type Locale,
  type Publication,
  type PublicationCreateData,
  type PublicationListQuery,
  type PublicationPage,
  type PublicationStatus,
  type PublicationUpdate,
  type PublicPublication,
  type PublicPublicationListQuery,
} from '@euregionet/shared';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import type { Page } from '../../db/cursor.js';
import { AppError, changedMeanwhile, conflict, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import type { FileStore } from '../files/file-store.js';
import { filesOf, removeFilesOf, toPublicFile, type FileOwnerResolver } from '../files/files.service.js';
import { localise } from '../public/languages.js';
import type { ReportingPeriod } from '../indicators/period.js';
import { renderMarkdown } from './markdown.js';
import { createPublicationRepo, toPublication, type PublicationRow } from './publications.repo.js';

const publicationNotFound = (id: string) => notFound('PUBLICATION_NOT_FOUND', `No publication with id ${id}`);

/** The audited view: the fields, not what is derived from them. */
const audited = ({ missingTranslations: _missing, ...p }: Publication) => p;

/** Staff read every publication (drafts included), keys with `read` too; the author partner's staff edit. */
const readsDrafts = (ctx: RequestContext) =>
  ctx.actor?.kind === 'user' || (ctx.actor?.kind === 'apiKey' && ctx.actor.scopes.includes('read'));

function canEdit(ctx: RequestContext, row: PublicationRow): boolean {
  if (ctx.actor?.kind !== 'user') return false;
  try {
    assertCanEdit(ctx, row);
    return true;
  } catch {
    return false;
  }
}

/** The indicators' supporting figure: publications published in a reporting period (see the repo). */
export const countPublished = (db: Db, period: ReportingPeriod) => createPublicationRepo(db).countPublished(period);

/** Who may read and attach to a publication's files: published ones are public. */
export const publicationFileOwner: FileOwnerResolver = async (db, ctx, id) => {
  const row = await createPublicationRepo(db).get(id);
  if (!row) return null;
  return { public: row.status === 'published', read: readsDrafts(ctx), edit: canEdit(ctx, row) };
};

async function availableSlug(tx: Db, base: string): Promise<string> {
  const repo = createPublicationRepo(tx);
  const root = base.length >= 3 ? base : `publication-${base}`.replace(/-$/, '');
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? root.slice(0, 80) : `${root.slice(0, 76)}-${n}`;
    if (!(await repo.slugExists(candidate))) return candidate;
  }
  throw conflict('PUBLICATION_SLUG_TAKEN', 'Could not derive a free slug from the title; give one');
}

/** A published publication in the portal's language order, its body as sanitised HTML. */
export function toPublicPublication(
  row: PublicationRow,
  order: readonly Locale[],
  attachments: PublicPublication['attachments'],
): PublicPublication {
  const body = localise(row.body, order);
  return {
    slug: row.slug,
    kind: row.kind,
    title: localise(row.title, order)!,
    summary: localise(row.summary, order),
    bodyHtml: body ? { text: renderMarkdown(body.text), lang: body.lang } : null,
    partner: row.partner,
    publishedAt: row.publishedAt!.toISOString(),
    sectors: row.sectors,
    ris3Areas: row.ris3Areas,
    topics: row.topics,
    attachments,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createPublicationService(db: Db, options: { clock?: Clock; store: FileStore }) {
  const clock = options.clock ?? systemClock;
  const repo = createPublicationRepo(db);

  async function publicPage(rows: PublicationRow[], order: readonly Locale[]) {
    const files = await filesOf(
      db,
      'publication',
      rows.map((r) => r.id),
    );
    return rows.map((r) => toPublicPublication(r, order, files.get(r.id)!.map(toPublicFile)));
  }

  /** Loads, checks the editing right and the version, changes, audits: one transaction. */
  function change(
    ctx: RequestContext,
    id: string,
    version: number,
    values: (row: PublicationRow) => Parameters<ReturnType<typeof createPublicationRepo>['update']>[2],
  ): Promise<Publication> {
    return db.transaction(async (tx) => {
      const publications = createPublicationRepo(tx);
      const row = await publications.get(id);
      if (!row) throw publicationNotFound(id);
      assertCanEdit(ctx, row);
      const patch = values(row);
      if (patch.partner) assertCanEdit(ctx, { partner: patch.partner });
      if (!(await publications.update(id, version, patch, clock.now()))) throw changedMeanwhile('publication', row.version);
      const after = toPublication((await publications.get(id))!);
      await recordAudit(tx, ctx, {
        action: 'update',
        entity: 'publication',
        entityId: id,
        before: audited(toPublication(row)),
        after: audited(after),
      });
      return after;
    });
  }

  return {
    async list(query: PublicationListQuery): Promise<PublicationPage> {
      const page = await repo.list(query);
      return { items: page.items.map(toPublication), nextCursor: page.nextCursor };
    },

    async get(id: string): Promise<Publication> {
      const row = await repo.get(id);
      if (!row) throw publicationNotFound(id);
      return toPublication(row);
    },

    create(ctx: RequestContext, input: PublicationCreateData): Promise<Publication> {
      assertCanEdit(ctx, input);
      return db.transaction(async (tx) => {
        const publications = createPublicationRepo(tx);
        const title = LOCALES.map((l) => input.title[l]).find(Boolean) ?? 'publication';
        const slug = input.slug ?? (await availableSlug(tx, slugify(title)));
        const id = await publications.insert({ ...input, slug }, clock.now());
        const created = toPublication((await publications.get(id))!);
        await recordAudit(tx, ctx, { action: 'create', entity: 'publication', entityId: id, after: audited(created) });
        return created;
      });
    },

    update(ctx: RequestContext, id: string, version: number, patch: PublicationUpdate): Promise<Publication> {
      return change(ctx, id, version, () => patch);
    },

    /** Moves along the workflow; the first publication sets the publication date, later ones keep it. */
    transition(ctx: RequestContext, id: string, version: number, to: PublicationStatus): Promise<Publication> {
      return change(ctx, id, version, (row) => {
        if (!PUBLICATION_TRANSITIONS[row.status].includes(to)) {
          throw new AppError(409, 'INVALID_TRANSITION', `A publication cannot move from ${row.status} to ${to}`);
        }
        return to === 'published' && !row.publishedAt ? { status: to, publishedAt: clock.now() } : { status: to };
      });
    },

    /** Soft delete: the row stays for the audit trail; its files go, with their bytes. */
    async remove(ctx: RequestContext, id: string): Promise<void> {
      const removeBytes = await db.transaction(async (tx) => {
        const publications = createPublicationRepo(tx);
        const row = await publications.get(id);
        if (!row) throw publicationNotFound(id);
        assertCanEdit(ctx, row);
        await publications.update(id, row.version, { deletedAt: clock.now() }, clock.now());
        await recordAudit(tx, ctx, { action: 'delete', entity: 'publication', entityId: id, before: audited(toPublication(row)) });
        return removeFilesOf(tx, ctx, options.store, 'publication', id);
      });
      await removeBytes();
    },

    preview(markdown: string): { html: string } {
      return { html: renderMarkdown(markdown) };
    },

    // ---- portals and feeds

    async listPublished(query: Omit<PublicPublicationListQuery, 'lang'>, order: readonly Locale[]): Promise<Page<PublicPublication>> {
      const page = await repo.listPublished(query);
      return { items: await publicPage(page.items, order), nextCursor: page.nextCursor };
    },

    async publishedBySlug(slug: string, order: readonly Locale[]): Promise<PublicPublication> {
      const row = await repo.publishedBySlug(slug);
      if (!row) throw notFound('PUBLICATION_NOT_FOUND', `No published publication with the slug ${slug}`);
      return (await publicPage([row], order))[0]!;
    },

    publishedCount: () => repo.publishedCount(),
  };
}
export type PublicationService = ReturnType<typeof createPublicationService>;
