import { ANY_STAFF, MapSettingsSchema } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoute } from '../../api-route.js';
import type { Config } from '../../config.js';

/** What the admin's map needs from the server's configuration: which tile server, if any. */
export const locationRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  app.get('/map-settings', {
    ...apiRoute(['locations'], {
      access: { roles: ANY_STAFF },
      operationId: 'getMapSettings',
      summary: 'The tile server of the admin map (set by the operator with MAP_TILE_URL)',
      response: { 200: MapSettingsSchema },
    }),
    handler: async () => ({ tileUrl: config.map.tileUrl, attribution: config.map.attribution }),
  });
};
