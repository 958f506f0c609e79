import type { PersonalDataErasure, PersonalDataExport } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { systemClock, type Clock } from '../../clock.js';
import type { RequestContext } from '../auth/actor.js';
import { recordAudit, type AuditRecord } from '../audit/audit.repo.js';
import type { PersonalDataProvider } from './personal-data.provider.js';

/** How many records of each kind, by module: what the audit trail may hold of an export or erasure (never the data). */
function counted(parts: { module: string; counts: Record<string, number> }[]): NonNullable<AuditRecord['changes']> {
  return Object.fromEntries(parts.map((p) => [p.module, { after: p.counts }]));
}

/**
 * The personal-data export and erasure of a person known by e-mail address, across every module
 * that holds such data (each through its provider, in the order given). Both run in one
 * transaction: an export is one consistent picture, and an erasure that fails in any module
 * leaves nothing half-erased behind. Each records one audit entry, with counts only.
 */
export function createPersonalDataService(db: Db, options: { providers: readonly PersonalDataProvider[]; clock?: Clock }) {
  const { providers } = options;
  const clock = options.clock ?? systemClock;
  return {
    async export(ctx: RequestContext, email: string): Promise<PersonalDataExport> {
      return db.transaction(async (tx) => {
        const modules = [];
        for (const p of providers) modules.push({ module: p.module, records: await p.export(tx, email) });
        const counts = modules.map((m) => ({
          module: m.module,
          counts: Object.fromEntries(Object.entries(m.records).map(([kind, rows]) => [kind, rows.length])),
        }));
        await recordAudit(tx, ctx, { action: 'export', entity: 'personal_data', entityId: null, changes: counted(counts) });
        return { email, exportedAt: clock.now().toISOString(), modules };
      });
    },

    async erase(ctx: RequestContext, email: string, baseUrl: string): Promise<PersonalDataErasure> {
      const afterCommit: (() => Promise<void>)[] = [];
      const now = clock.now();
      const modules = await db.transaction(async (tx) => {
        const done = [];
        const scope = { now, ctx, baseUrl, afterCommit: (work: () => Promise<void>) => void afterCommit.push(work) };
        for (const p of providers) done.push({ module: p.module, counts: await p.erase(tx, email, scope) });
        await recordAudit(tx, ctx, { action: 'erase', entity: 'personal_data', entityId: null, changes: counted(done) });
        return done;
      });
      // Files' bytes go only once the records that point at them are gone for good.
      for (const work of afterCommit) await work();
      return { email, erasedAt: now.toISOString(), modules };
    },
  };
}
export type PersonalDataService = ReturnType<typeof createPersonalDataService>;
