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
import type { Config } from '../../config.js';
import { apiErrors, etagOf, IfMatchHeadersSchema, versionFromIfMatch } from '../../http.js';
import { contextOf } from '../auth/auth.plugin.js';
import { createUserService } from './users.service.js';

export const userRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const users = createUserService(app.db, config.session);
  const tags = ['users'];

  app.get('/users', {
    config: { access: { roles: ANY_STAFF } },
    schema: {
      operationId: 'listUsers',
      summary: 'List staff accounts (e-mail addresses for administrators only)',
      tags,
      querystring: UserListQuerySchema,
      response: { 200: UserPageSchema, ...apiErrors() },
    },
    handler: async (request) => users.list(contextOf(request), request.query),
  });

  app.post('/users', {
    config: { access: { roles: ADMINS } },
    schema: {
      operationId: 'createUser',
      summary: 'Create a staff account',
      tags,
      body: UserCreateSchema,
      response: { 201: UserSchema, ...apiErrors(409, 413, 415) },
    },
    handler: async (request, reply) => {
      const user = await users.create(contextOf(request), request.body);
      return reply.status(201).header('location', `/api/v1/users/${user.id}`).header('etag', etagOf(user.version)).send(user);
    },
  });

  app.get('/users/:id', {
    config: { access: { roles: ANY_STAFF } },
    schema: {
      operationId: 'getUser',
      summary: 'Get a staff account',
      tags,
      params: IdParamsSchema,
      response: { 200: UserSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const user = await users.get(contextOf(request), request.params.id);
      return reply.header('etag', etagOf(user.version)).send(user);
    },
  });

  app.patch('/users/:id', {
    config: { access: { roles: ADMINS } },
    schema: {
      operationId: 'updateUser',
      summary: 'Rename, re-role, move or deactivate a staff account (needs If-Match)',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: UserUpdateSchema,
      response: { 200: UserSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const user = await users.update(contextOf(request), request.params.id, versionFromIfMatch(request.headers['if-match']), request.body);
      return reply.header('etag', etagOf(user.version)).send(user);
    },
  });

  app.post('/users/:id/password', {
    config: { access: { roles: ADMINS } },
    schema: {
      operationId: 'resetUserPassword',
      summary: 'Set a new password for a user; their sessions end',
      tags,
      params: IdParamsSchema,
      body: PasswordResetSchema,
      response: { 204: z.null().describe('Set'), ...apiErrors(404, 413, 415) },
    },
    handler: async (request, reply) => {
      await users.resetPassword(contextOf(request), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  });
};
