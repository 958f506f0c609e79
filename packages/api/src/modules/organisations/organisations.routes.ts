import {
  ADMINS,
  ClusterMemberSchema,
  EDITORS,
  IdParamsSchema,
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
import { apiErrors, etagOf, IfMatchHeadersSchema, versionFromIfMatch } from '../../http.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createOrganisationService } from './organisations.service.js';
import { READERS } from '../auth/access.js';
import type { FileStore } from '../files/file-store.js';

export const organisationRoutes: FastifyPluginAsyncZod<{ store: FileStore }> = async (app, { store }) => {
  const organisations = createOrganisationService(app.db, { store, clock: app.clock });
  const tags = ['organisations'];

  app.get('/organisations', {
    config: { access: READERS },
    schema: {
      operationId: 'listOrganisations',
      summary: 'List and search organisations',
      tags,
      querystring: OrganisationListQuerySchema,
      response: { 200: OrganisationPageSchema, ...apiErrors() },
    },
    handler: async (request) => organisations.list(contextOf(request), request.query),
  });

  app.post('/organisations', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'createOrganisation',
      summary: 'Create an organisation (refuses duplicates with 409 naming the existing record)',
      description:
        '`ORGANISATION_DUPLICATE`: an organisation with the same NIP, KRS or commercial register entry exists. `ORGANISATION_SIMILAR_EXISTS`: one with a very similar name exists in the same city; send `?confirmDistinct=true` to create it anyway. Both list the existing records in `existing`.',
      tags,
      querystring: OrganisationCreateQuerySchema,
      body: OrganisationCreateSchema,
      response: { 201: OrganisationSchema, ...apiErrors(409, 413, 415) },
    },
    handler: async (request, reply) => {
      const created = await organisations.create(contextOf(request), request.body, { confirmDistinct: request.query.confirmDistinct });
      return reply
        .status(201)
        .header('location', `/api/v1/organisations/${created.id}`)
        .header('etag', etagOf(created.version))
        .send(created);
    },
  });

  app.get('/organisations/:id', {
    config: { access: READERS },
    schema: {
      operationId: 'getOrganisation',
      summary: 'Get an organisation with its contact persons and memberships',
      tags,
      params: IdParamsSchema,
      response: { 200: OrganisationSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const organisation = await organisations.get(request.params.id);
      return reply.header('etag', etagOf(organisation.version)).send(organisation);
    },
  });

  app.patch('/organisations/:id', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'updateOrganisation',
      summary: 'Change an organisation (needs If-Match)',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: OrganisationUpdateSchema,
      response: { 200: OrganisationSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const organisation = await organisations.update(contextOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(organisation.version)).send(organisation);
    },
  });

  app.delete('/organisations/:id', {
    config: { access: { roles: MANAGERS } },
    schema: {
      operationId: 'deleteOrganisation',
      summary: 'Delete an organisation (coordinators and administrators); administrators can restore it',
      tags,
      params: IdParamsSchema,
      response: { 204: z.null().describe('Deleted'), ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      await organisations.remove(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.post('/organisations/:id/restore', {
    config: { access: { roles: ADMINS } },
    schema: {
      operationId: 'restoreOrganisation',
      summary: 'Restore a deleted organisation (administrators)',
      tags,
      params: IdParamsSchema,
      response: { 200: OrganisationSchema, ...apiErrors(404, 409) },
    },
    handler: async (request, reply) => {
      const organisation = await organisations.restore(contextOf(request), request.params.id);
      return reply.header('etag', etagOf(organisation.version)).send(organisation);
    },
  });

  app.put('/clusters/:id/members/:organisationId', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'putClusterMember',
      summary: 'Add an organisation to a cluster, or change its role and since-date',
      tags,
      params: MembershipParamsSchema,
      body: MembershipUpsertSchema,
      response: { 200: ClusterMemberSchema, 201: ClusterMemberSchema, ...apiErrors(404, 413, 415) },
    },
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
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'deleteClusterMember',
      summary: 'Remove an organisation from a cluster',
      tags,
      params: MembershipParamsSchema,
      response: { 204: z.null().describe('Removed'), ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      await organisations.removeMembership(contextOf(request), request.params.id, request.params.organisationId);
      return reply.status(204).send(null);
    },
  });
};
