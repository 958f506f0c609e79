import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { AuditPage, ClusterDetail } from '@euregionet/shared';
import { createTestAppWithAdmin, json, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
});
afterAll(() => t.close());

describe('audit trail', () => {
  it('records who created, changed and deleted a record, with the changed fields before and after', async () => {
    const consultant = await t.staff('consultant', 'CIT');
    const created = json<ClusterDetail>(
      await consultant.inject({
        method: 'POST',
        url: '/api/v1/clusters',
        payload: { kind: 'network', name: { de: 'Lausitzer Holznetz' }, regions: ['DE40G'], partner: 'CIT' },
      }),
    );
    const url = `/api/v1/clusters/${created.id}`;
    await consultant.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': '"v1"' },
      payload: { name: { de: 'Lausitzer Holznetzwerk' }, published: true },
    });
    await admin.inject({ method: 'DELETE', url });

    const trail = json<AuditPage>(await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=cluster&entityId=${created.id}` }));
    expect(trail.items.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    const [deleted, updated, create] = trail.items;
    expect(create!.actorId).toBe(consultant.id);
    expect(create!.changes.slug).toEqual({ after: 'lausitzer-holznetz' });
    expect(updated!.changes).toEqual({
      name: { before: { de: 'Lausitzer Holznetz' }, after: { de: 'Lausitzer Holznetzwerk' } },
      published: { before: false, after: true },
    });
    expect(deleted!.actorId).toBe(admin.id);
    expect(deleted!.changes.name).toEqual({ before: { de: 'Lausitzer Holznetzwerk' } });
  });

  it('filters by user, record and date', async () => {
    const byAdmin = json<AuditPage>(await admin.inject({ method: 'GET', url: `/api/v1/audit-log?actorId=${admin.id}` }));
    expect(byAdmin.items.length).toBeGreaterThan(0);
    expect(byAdmin.items.every((e) => e.actorId === admin.id)).toBe(true);
    const future = json<AuditPage>(
      await admin.inject({
        method: 'GET',
        url: `/api/v1/audit-log?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
      }),
    );
    expect(future.items).toEqual([]);
  });

  it('is read by administrators and coordinators only, and cannot be changed', async () => {
    expect((await (await t.staff('coordinator')).inject({ method: 'GET', url: '/api/v1/audit-log' })).statusCode).toBe(200);
    expect((await (await t.staff('consultant')).inject({ method: 'GET', url: '/api/v1/audit-log' })).statusCode).toBe(403);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      expect((await admin.inject({ method, url: '/api/v1/audit-log', payload: {} })).statusCode).toBe(404);
    }
    // Not even a bug in the application could rewrite it: the database refuses.
    await expect(t.database.db.execute(sql`UPDATE audit_log SET actor_label = 'someone else'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
  });
});
