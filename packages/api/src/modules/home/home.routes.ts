import { ANY_STAFF, HomeSchema } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoute } from '../../api-route.js';
import type { Config } from '../../config.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createConsultingService } from '../consulting/consulting.service.js';
import { createDialogueEventService } from '../dialogue-events/dialogue-events.service.js';
import { createEvaluationService } from '../evaluations/evaluations.service.js';
import { createFundingCallService } from '../funding-calls/funding-calls.service.js';
import { createIndicatorService } from '../indicators/indicators.service.js';
import type { MatchFigureSource } from '../indicators/match-figures.js';
import { createHomeService } from './home.service.js';

/** The home page of the admin app: a person's work of today. Staff only: an API key has no "today". */
export const homeRoutes: FastifyPluginAsyncZod<{ config: Config; matches?: MatchFigureSource }> = async (app, { config, matches }) => {
  const home = createHomeService({
    consulting: createConsultingService(app.db, {
      firstResponseDays: config.consulting.firstResponseDays,
      duplicateWindowMinutes: config.consulting.duplicateWindowMinutes,
      clock: app.clock,
    }),
    evaluations: createEvaluationService(app.db, { clock: app.clock }),
    fundingCalls: createFundingCallService(app.db, { clock: app.clock }),
    events: createDialogueEventService(app.db),
    indicators: createIndicatorService(app.db, { clock: app.clock, ...(matches ? { matches } : {}) }),
    clock: app.clock,
  });

  app.get('/home', {
    ...apiRoute(['home'], {
      access: { roles: ANY_STAFF },
      operationId: 'getHome',
      summary:
        'The signed-in person’s work of today: open consulting requests (overdue first), evaluations to review and own drafts, funding calls closing soon that fit followed clusters, upcoming events, progress against the targets',
      response: { 200: HomeSchema },
    }),
    handler: async (request) => home.get(contextOf(request)),
  });
};
