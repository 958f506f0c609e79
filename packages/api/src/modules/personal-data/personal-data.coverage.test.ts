import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { PERSONAL_DATA_MODULES } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { consultingOptions, createConsultingService } from '../consulting/consulting.service.js';
import { createDialogueEventService } from '../dialogue-events/dialogue-events.service.js';
import { personalDataProviders } from './personal-data.routes.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/**
 * Columns whose name says they hold e-mail addresses or contact persons. Read from the migrated
 * database, not from a list in the code: a table added later with such a column and no provider
 * fails here, before a person's data can outlive their erasure.
 */
const ADDRESS_COLUMN = '(^|_)(e_?mail|recipient|contacts?)($|_)';

const providers = () =>
  personalDataProviders(
    createConsultingService(t.database.db, consultingOptions(t.config, t.clock)).personalData,
    createDialogueEventService(t.database.db, { clock: t.clock }),
  );

it('has a personal-data provider for every column that holds e-mail addresses', async () => {
  const columns = await queryRows<{ column: string }>(
    t.database.db,
    sql`SELECT c.table_name || '.' || c.column_name AS column
          FROM information_schema.columns c
          JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
         WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE' AND c.column_name ~ ${ADDRESS_COLUMN}
         ORDER BY 1`,
  );
  const covered = providers().flatMap((p) => p.columns);
  const found = columns.map((c) => c.column);
  // Literal, so that a new column is a visible change of this test too.
  expect(found).toEqual([
    'consulting_requests.requester_email',
    'dialogue_event_invitations.email',
    'dialogue_event_registrations.email',
    'digest_subscriptions.email',
    'organisations.contacts',
    'outbox_messages.recipient',
    'users.email',
  ]);
  expect(found.filter((c) => !covered.includes(c))).toEqual([]);
  // And no provider answers for a column that is gone.
  expect(covered.filter((c) => !found.includes(c))).toEqual([]);
});

it('runs the providers in the order of PERSONAL_DATA_MODULES, one each', () => {
  expect(providers().map((p) => p.module)).toEqual([...PERSONAL_DATA_MODULES]);
});
