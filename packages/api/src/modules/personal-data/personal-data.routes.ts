import { MANAGERS, PersonalDataErasureSchema, PersonalDataExportSchema, PersonalDataQuerySchema } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoutes } from '../../api-route.js';
import type { Config } from '../../config.js';
import { baseUrlOf } from '../../http.js';
import { contextOf } from '../auth/auth.plugin.js';
import { consultingOptions, createConsultingService, type ConsultingOptions } from '../consulting/consulting.service.js';
import { dialogueEventsPersonalData } from '../dialogue-events/dialogue-events.personal-data.js';
import { createDialogueEventService } from '../dialogue-events/dialogue-events.service.js';
import { digestsPersonalData } from '../digests/digests.personal-data.js';
import { organisationsPersonalData } from '../organisations/organisations.personal-data.js';
import { outboxPersonalData } from '../outbox/outbox.personal-data.js';
import { usersPersonalData } from '../users/users.personal-data.js';
import type { PersonalDataProvider } from './personal-data.provider.js';
import { createPersonalDataService } from './personal-data.service.js';

/**
 * Every module's part, in the order of PERSONAL_DATA_MODULES: consulting before the outbox, so
 * that it reaches the e-mails about its requests first. A module holding e-mail addresses adds
 * its provider here (personal-data.coverage.test fails until it does).
 */
export function personalDataProviders(
  consulting: PersonalDataProvider,
  events: Pick<ReturnType<typeof createDialogueEventService>, 'seatsFreed'>,
): PersonalDataProvider[] {
  return [
    consulting,
    dialogueEventsPersonalData(events.seatsFreed),
    digestsPersonalData,
    organisationsPersonalData,
    usersPersonalData,
    outboxPersonalData,
  ];
}

/**
 * GDPR: export and erase everything held about a person by e-mail address (coordinators and
 * administrators, as the consulting operation it replaces). The address travels in the body, never
 * in the URL, so that it never lands in an access log; both are POST for that reason.
 */
export const personalDataRoutes: FastifyPluginAsyncZod<{ config: Config; files?: ConsultingOptions['files'] }> = async (
  app,
  { config, files },
) => {
  const consulting = createConsultingService(app.db, consultingOptions(config, app.clock, files));
  const events = createDialogueEventService(app.db, { clock: app.clock });
  const service = createPersonalDataService(app.db, {
    providers: personalDataProviders(consulting.personalData, events),
    clock: app.clock,
  });
  const tags = ['personal-data'];
  const route = apiRoutes(tags);

  app.post('/personal-data/export', {
    ...route({
      access: { roles: MANAGERS },
      operationId: 'exportPersonalData',
      summary: 'GDPR: everything the platform holds about an e-mail address, by module',
      body: PersonalDataQuerySchema,
      response: { 200: PersonalDataExportSchema },
    }),
    handler: async (request) => service.export(contextOf(request), request.body.email),
  });

  app.post('/personal-data/erasure', {
    ...route({
      access: { roles: MANAGERS },
      operationId: 'erasePersonalData',
      summary: 'GDPR: erase an e-mail address’s personal data in every module, in one transaction',
      body: PersonalDataQuerySchema,
      response: { 200: PersonalDataErasureSchema },
    }),
    handler: async (request) => service.erase(contextOf(request), request.body.email, baseUrlOf(request)),
  });
};
