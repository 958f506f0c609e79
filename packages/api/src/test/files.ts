import { brandCriteriaFileOwner } from '../modules/brand/brand.service.js';
import { consultingRequestFileOwner } from '../modules/consulting/consulting.service.js';
import { PublicationCreateSchema } from '@euregionet/shared';
import { SYSTEM_CONTEXT, type Actor } from '../modules/auth/actor.js';
import { createFileStore } from '../modules/files/file-store.js';
import { evaluationFileOwner } from '../modules/evaluations/evaluation-shares.service.js';
import { createFileService } from '../modules/files/files.service.js';
import { clusterLogoFileOwner } from '../modules/clusters/clusters.service.js';
import { measureFileOwner } from '../modules/indicators/indicators.service.js';
import { organisationLogoFileOwner } from '../modules/organisations/organisations.service.js';
import { createPublicationService, publicationFileOwner } from '../modules/publications/publications.service.js';
import { eventFileOwner } from '../modules/dialogue-events/dialogue-events.service.js';
import type { TestApp } from './app.js';

/** 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A multipart/form-data body with one part `file`, built by hand so that the test controls every byte. */
export function multipart(name: string, content: Buffer, declaredType = 'application/octet-stream', field = 'file') {
  const boundary = '----euregionet-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: ${declaredType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A minimal PDF. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** Every kind of record with files, as the app registers them. */
export const TEST_FILE_OWNERS = {
  publication: publicationFileOwner,
  cluster_logo: clusterLogoFileOwner,
  organisation_logo: organisationLogoFileOwner,
  internationalisation_measure: measureFileOwner,
  evaluation: evaluationFileOwner,
  event: eventFileOwner,
  brand_criteria: brandCriteriaFileOwner,
  consulting_request: consultingRequestFileOwner,
};

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
      const files = createFileService(t.database.db, { store, owners: TEST_FILE_OWNERS });
      return (await files.upload(ctx(), 'publication', (await publication(published)).id, { name: 'test.png', content: TINY_PNG })).id;
    },
  };
}
