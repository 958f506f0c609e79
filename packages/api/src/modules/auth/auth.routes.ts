import { ANY_STAFF, LoginSchema, PasswordChangeSchema, AccountUpdateSchema, SessionInfoSchema } from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { createUserService } from '../users/users.service.js';
import { contextOf, SESSION_COOKIE } from './auth.plugin.js';

export const authRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const tags = ['auth'];
  const route = apiRoutes(tags);
  const users = createUserService(app.db, config.session);

  app.post('/auth/login', {
    ...route({
      access: { public: true },
      operationId: 'login',
      summary: 'Sign in; sets the session cookie',
      description:
        'Wrong e-mail or password get the same answer. Repeated failures per account and per address are throttled (429); an address that signed in to the account before keeps its own allowance.',
      body: LoginSchema,
      response: { 200: SessionInfoSchema },
    }),
    handler: async (request, reply) => {
      // A login from another web site would sign the browser in to an account of the attacker's.
      const origin = request.headers.origin?.toLowerCase();
      if (origin && origin !== `${request.protocol}://${request.host}`.toLowerCase() && !config.corsOrigins.includes(origin)) {
        throw new AppError(403, 'ORIGIN_NOT_ALLOWED', 'Sign in through the admin app');
      }
      const { token, expiresAt, info } = await app.auth.login(
        contextOf(request),
        request.body.email,
        request.body.password,
        request.headers['user-agent'],
      );
      void reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        expires: expiresAt,
      });
      return info;
    },
  });

  app.post('/auth/logout', {
    ...route({
      access: { roles: ANY_STAFF },
      operationId: 'logout',
      summary: 'Sign out; ends the session at once',
      response: { 204: z.null().describe('Signed out') },
    }),
    handler: async (request, reply) => {
      if (request.actor?.kind === 'user') await app.auth.logout(contextOf(request), request.actor);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.get('/auth/me', {
    ...route({
      access: { roles: ANY_STAFF },
      operationId: 'getSession',
      summary: 'The signed-in user and the CSRF token of the session',
      response: { 200: SessionInfoSchema },
    }),
    handler: async (request) => {
      const actor = request.actor;
      if (actor?.kind !== 'user') throw new AppError(403, 'FORBIDDEN', 'Only a signed-in user has a session');
      const session = await app.auth.sessions.resolve(request.sessionToken!);
      const { sessionHash: _hash, kind: _kind, ...user } = actor;
      return app.auth.info(user, request.sessionToken!, session?.expiresAt ?? new Date());
    },
  });

  app.patch('/auth/me', {
    ...route({
      access: { roles: ANY_STAFF },
      operationId: 'updateOwnAccount',
      summary: 'Choose the language of your admin app and of the e-mails sent to you',
      body: AccountUpdateSchema,
      response: { 200: SessionInfoSchema },
    }),
    handler: async (request) => {
      const actor = request.actor;
      if (actor?.kind !== 'user') throw new AppError(403, 'FORBIDDEN', 'Only a signed-in user has an account');
      const user = await users.setOwnLanguage(contextOf(request), request.body.language);
      const session = await app.auth.sessions.resolve(request.sessionToken!);
      const { sessionHash: _hash, kind: _kind, ...current } = actor;
      return app.auth.info({ ...current, language: user.language }, request.sessionToken!, session?.expiresAt ?? new Date());
    },
  });

  app.post('/auth/password', {
    ...route({
      access: { roles: ANY_STAFF },
      operationId: 'changeOwnPassword',
      summary: 'Change your own password; your other sessions end',
      body: PasswordChangeSchema,
      response: { 204: z.null().describe('Changed') },
    }),
    handler: async (request, reply) => {
      const actor = request.actor;
      if (actor?.kind !== 'user') throw new AppError(403, 'FORBIDDEN', 'Only a signed-in user has a password');
      await app.auth.checkingOwnPassword(actor.id, () =>
        users.changeOwnPassword(contextOf(request), request.body.currentPassword, request.body.newPassword),
      );
      return reply.status(204).send(null);
    },
  });
};
