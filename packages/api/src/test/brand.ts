import { BrandCriteriaCreateSchema, ClusterCreateSchema } from '@euregionet/shared';
import type { Db } from '../db/client.js';
import { SYSTEM_CONTEXT, type Actor } from '../modules/auth/actor.js';
import { createBrandRepo } from '../modules/brand/brand.repo.js';
import { createBrandService } from '../modules/brand/brand.service.js';
import { createClusterService } from '../modules/clusters/clusters.service.js';

export const brandCriteriaBody = { name: { en: 'Test criteria' }, text: {}, conditions: { evaluationMaxAgeMonths: 24 } };

/**
 * Brand records for the route-wide tests (authorization matrix, fuzzer): each call makes a new
 * one. `applicantOfLop` is a LOP staff member, so that BIC's coordinator may decide.
 */
export function brandFixtures(db: Db, applicantOfLop: () => Promise<Actor>) {
  const brand = createBrandService(db);
  const fixtures = {
    /** Published criteria, and no open draft. */
    async published(): Promise<void> {
      const versions = await brand.listCriteria();
      const draft = versions.find((c) => c.status === 'draft');
      if (draft) await brand.publishCriteria(SYSTEM_CONTEXT, draft.id, draft.version);
      else if (!versions.length) {
        const created = await brand.createCriteria(SYSTEM_CONTEXT, BrandCriteriaCreateSchema.parse(brandCriteriaBody));
        await brand.publishCriteria(SYSTEM_CONTEXT, created.id, created.version);
      }
    },
    /** A new draft version (an open draft is published first). */
    async draft(): Promise<string> {
      await fixtures.published();
      return (await brand.createCriteria(SYSTEM_CONTEXT, BrandCriteriaCreateSchema.parse(brandCriteriaBody))).id;
    },
    /** A pending application of a new LOP cluster, made by LOP's staff. */
    async application(): Promise<string> {
      await fixtures.published();
      const cluster = await createClusterService(db).create(
        SYSTEM_CONTEXT,
        ClusterCreateSchema.parse({ kind: 'network', name: { de: `Marke ${Math.random()}` }, regions: ['PL431'], partner: 'LOP' }),
      );
      return (await brand.apply({ ...SYSTEM_CONTEXT, actor: await applicantOfLop() }, cluster.id)).id;
    },
    /** A valid award of the given cluster. */
    async award(clusterId: string): Promise<{ id: string; certificate: string }> {
      const repo = createBrandRepo(db);
      const certificate = await repo.nextCertificateNumber('2026');
      const id = await repo.insertAward({ certificateNumber: certificate, clusterId, validFrom: '2026-06-01', validUntil: '2028-05-31' });
      return { id, certificate };
    },
  };
  return fixtures;
}
