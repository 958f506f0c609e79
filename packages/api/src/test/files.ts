import { brandCriteriaFileOwner } from '../modules/brand/brand.service.js';
import { PublicationCreateSchema } from '@euregionet/shared';
import { SYSTEM_CONTEXT, type Actor } from '../modules/auth/actor.js';
import { createFileStore } from '../modules/files/file-store.js';
import { createFileService } from '../modules/files/files.service.js';
import { createPublicationService, publicationFileOwner } from '../modules/publications/publications.service.js';
import type { TestApp } from './app.js';

/** 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Publications and their files for the access tests, written by `author` through the services. */
export function publicationFixtures(t: Pick<TestApp, 'database' | 'config'>, author: () => Actor) {
  const store = createFileStore(t.config.files.storage);
  const ctx = () => ({ ...SYSTEM_CONTEXT, actor: author() });
  async function publication(published = false) {
    const service = createPublicationService(t.database.db, { store });
    const p = await service.create(
      ctx(),
      PublicationCreateSchema.parse({ kind: 'news', title: { pl: `Test ${Math.random()}` }, partner: 'BIC' }),
    );
    if (published) await service.transition(ctx(), p.id, 1, 'published');
    return { id: p.id, slug: p.slug };
  }
  return {
    publication,
    /** A PNG (with its thumbnail) of a new publication. */
    async file(published = false) {
      const files = createFileService(t.database.db, {
        store,
        owners: { publication: publicationFileOwner, brand_criteria: brandCriteriaFileOwner },
      });
      return (await files.upload(ctx(), 'publication', (await publication(published)).id, { name: 'test.png', content: TINY_PNG })).id;
    },
  };
}
