import {
  ADMINS,
  ANY_STAFF,
  IdParamsSchema,
  PasswordResetSchema,
  UserCreateSchema,
  UserListQuerySchema,
  UserPageSchema,
  UserSchema,
  UserUpdateSchema,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import type { Config } from '../../config.js';
import { recordRoutes } from '../../record-routes.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createUserService } from './users.service.js';

export const userRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const users = createUserService(app.db, config.session);
  const tags = ['users'];
  const route = apiRoutes(tags);

  const routes = recordRoutes(app, { path: '/users', tags, record: UserSchema });

  routes.list({
    access: { roles: ANY_STAFF },
    operationId: 'listUsers',
    summary: 'List staff accounts (e-mail addresses for administrators only)',
    query: UserListQuerySchema,
    page: UserPageSchema,
    list: (query, ctx) => users.list(ctx, query),
  });

  routes.create({
    access: { roles: ADMINS },
    operationId: 'createUser',
    summary: 'Create a staff account',
    body: UserCreateSchema,
    create: (ctx, body) => users.create(ctx, body),
  });

  routes.get({
    access: { roles: ANY_STAFF },
    operationId: 'getUser',
    summary: 'Get a staff account',
    get: (id, ctx) => users.get(ctx, id),
  });

  routes.change({
    access: { roles: ADMINS },
    operationId: 'updateUser',
    summary: 'Rename, re-role, move or deactivate a staff account (needs If-Match)',
    body: UserUpdateSchema,
    change: (ctx, id, version, body) => users.update(ctx, id, version, body),
  });

  app.post('/users/:id/password', {
    ...route({
      access: { roles: ADMINS },
      operationId: 'resetUserPassword',
      summary: 'Set a new password for a user; their sessions end',
      params: IdParamsSchema,
      body: PasswordResetSchema,
      response: { 204: z.null().describe('Set') },
    }),
    handler: async (request, reply) => {
      await users.resetPassword(contextOf(request), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  });
};
