import {
  ADMINS,
  ClusterMemberSchema,
  EDITORS,
  MANAGERS,
  MembershipParamsSchema,
  MembershipUpsertSchema,
  OrganisationCreateQuerySchema,
  OrganisationCreateSchema,
  OrganisationListQuerySchema,
  OrganisationPageSchema,
  OrganisationSchema,
  OrganisationUpdateSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import { recordRoutes } from '../../record-routes.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createOrganisationService } from './organisations.service.js';
import { READERS } from '../auth/access.js';
import type { FileStore } from '../files/file-store.js';

export const organisationRoutes: FastifyPluginAsyncZod<{ store: FileStore }> = async (app, { store }) => {
  const organisations = createOrganisationService(app.db, { store, clock: app.clock });
  const tags = ['organisations'];
  const route = apiRoutes(tags);

  const routes = recordRoutes(app, { path: '/organisations', tags, record: OrganisationSchema });

  routes.list({
    access: READERS,
    operationId: 'listOrganisations',
    summary: 'List and search organisations',
    query: OrganisationListQuerySchema,
    page: OrganisationPageSchema,
    list: (query, ctx) => organisations.list(ctx, query),
  });

  routes.create({
    access: { roles: EDITORS },
    operationId: 'createOrganisation',
    summary: 'Create an organisation (refuses duplicates with 409 naming the existing record)',
    description:
      '`ORGANISATION_DUPLICATE`: an organisation with the same NIP, KRS or commercial register entry exists. `ORGANISATION_SIMILAR_EXISTS`: one with a very similar name exists in the same city; send `?confirmDistinct=true` to create it anyway. Both list the existing records in `existing`.',
    query: OrganisationCreateQuerySchema,
    body: OrganisationCreateSchema,
    create: (ctx, body, query) => organisations.create(ctx, body, { confirmDistinct: query.confirmDistinct }),
  });

  routes.get({
    access: READERS,
    operationId: 'getOrganisation',
    summary: 'Get an organisation with its contact persons and memberships',
    get: (id) => organisations.get(id),
  });

  routes.change({
    access: { roles: EDITORS },
    operationId: 'updateOrganisation',
    summary: 'Change an organisation (needs If-Match)',
    body: OrganisationUpdateSchema,
    change: (ctx, id, version, body) => organisations.update(ctx, id, version, body),
  });

  routes.remove({
    access: { roles: MANAGERS },
    operationId: 'deleteOrganisation',
    summary: 'Delete an organisation (coordinators and administrators); administrators can restore it',
    remove: (ctx, id) => organisations.remove(ctx, id),
  });

  routes.restore({
    access: { roles: ADMINS },
    operationId: 'restoreOrganisation',
    summary: 'Restore a deleted organisation (administrators)',
    errors: [409],
    restore: (ctx, id) => organisations.restore(ctx, id),
  });

  app.put('/clusters/:id/members/:organisationId', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'putClusterMember',
      summary: 'Add an organisation to a cluster, or change its role and since-date',
      params: MembershipParamsSchema,
      body: MembershipUpsertSchema,
      response: { 200: ClusterMemberSchema, 201: ClusterMemberSchema },
    }),
    handler: async (request, reply) => {
      const { member, created } = await organisations.putMembership(
        contextOf(request),
        request.params.id,
        request.params.organisationId,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(member);
    },
  });

  app.delete('/clusters/:id/members/:organisationId', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'deleteClusterMember',
      summary: 'Remove an organisation from a cluster',
      params: MembershipParamsSchema,
      response: { 204: z.null().describe('Removed') },
    }),
    handler: async (request, reply) => {
      await organisations.removeMembership(contextOf(request), request.params.id, request.params.organisationId);
      return reply.status(204).send(null);
    },
  });
};
