import { randomBytes } from 'node:crypto';
import type { Locale, User, UserCreate, UserListQuery, UserUpdate } from '@euregionet/shared';
import { defaultLanguageOf, UserCreateSchema } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { AppError, changedMeanwhile, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertStrongPassword, brokenPasswordRule, hashPassword, PASSWORD_RULES, verifyPassword } from '../auth/passwords.js';
import { createSessions, type SessionPolicy } from '../auth/sessions.js';
import { recordAudit } from '../audit/audit.repo.js';
import { createUserRepo, toUser } from './users.repo.js';

const userNotFound = (id: string) => notFound('USER_NOT_FOUND', `No user with id ${id}`);

/**
 * Staff see each other's names, partners and roles (to assign work, to read the audit trail);
 * e-mail addresses and the time of the last login only administrators, who manage the accounts.
 */
function seesContactDetails(ctx: RequestContext): boolean {
  return ctx.actor === null || (ctx.actor.kind === 'user' && ctx.actor.role === 'admin');
}
const withoutContactDetails = (user: User): User => ({ ...user, email: null, lastLoginAt: null });

/** Whom the first administrator is created as when ADMIN_EMAIL is not set. */
export const INITIAL_ADMIN_EMAIL = 'admin@euregionet.local';

/**
 * Why ADMIN_PASSWORD would be refused as the first administrator's password, in one line; checked
 * at start before anything else, so that a refused password never ends in a stack trace.
 */
export function initialAdminPasswordProblem(admin: { email: string | undefined; password: string | undefined }): string | undefined {
  if (admin.password === undefined) return undefined;
  const rule = brokenPasswordRule(admin.password, { email: admin.email ?? INITIAL_ADMIN_EMAIL });
  return (
    rule && `ADMIN_PASSWORD is refused (rule ${rule}): ${PASSWORD_RULES[rule]}. Choose another, or leave it unset to get a generated one.`
  );
}

/** Staff accounts. Only admins reach the changing methods (see the routes' access rules). */
export function createUserService(db: Db, sessionPolicy: SessionPolicy) {
  const repo = createUserRepo(db);

  return {
    async list(ctx: RequestContext, query: UserListQuery) {
      const full = seesContactDetails(ctx);
      const page = await repo.list(query, { byEmail: full });
      return full ? page : { ...page, items: page.items.map(withoutContactDetails) };
    },

    async get(ctx: RequestContext, id: string): Promise<User> {
      const row = await repo.byId(id);
      if (!row) throw userNotFound(id);
      return seesContactDetails(ctx) ? toUser(row) : withoutContactDetails(toUser(row));
    },

    async create(ctx: RequestContext, input: UserCreate): Promise<User> {
      const data = UserCreateSchema.parse(input);
      assertStrongPassword(data.password, { email: data.email });
      const { password, ...rest } = data;
      const passwordHash = await hashPassword(password);
      return db.transaction(async (tx) => {
        const row = await createUserRepo(tx).insert({ ...rest, language: rest.language ?? defaultLanguageOf(rest.partner), passwordHash });
        const user = toUser(row);
        await recordAudit(tx, ctx, { action: 'create', entity: 'user', entityId: user.id, after: user });
        return user;
      });
    },

    async update(ctx: RequestContext, id: string, expectedVersion: number, patch: UserUpdate): Promise<User> {
      return db.transaction(async (tx) => {
        const users = createUserRepo(tx);
        const before = await users.byId(id);
        if (!before) throw userNotFound(id);
        if (before.version !== expectedVersion) throw changedMeanwhile('user', before.version);
        const losesAdmin =
          before.role === 'admin' &&
          before.status === 'active' &&
          ((patch.role && patch.role !== 'admin') || patch.status === 'deactivated');
        if (losesAdmin && (await users.countActiveAdmins(id)) === 0) {
          throw new AppError(409, 'LAST_ADMIN', 'The last active administrator cannot be deactivated or given another role');
        }
        const row = await users.update(id, expectedVersion, patch);
        if (!row) throw changedMeanwhile('user');
        // A deactivated user is out at once: every session of theirs ends now.
        if (patch.status === 'deactivated') await createSessions(tx, sessionPolicy).destroyAllOf(id);
        const after = toUser(row);
        await recordAudit(tx, ctx, { action: 'update', entity: 'user', entityId: id, before: toUser(before), after });
        return after;
      });
    },

    /** An admin sets a new password; the user's sessions end. */
    async resetPassword(ctx: RequestContext, id: string, password: string): Promise<void> {
      const user = await repo.byId(id);
      if (!user) throw userNotFound(id);
      assertStrongPassword(password, { email: user.email });
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        await createUserRepo(tx).update(id, undefined, { passwordHash });
        await createSessions(tx, sessionPolicy).destroyAllOf(id);
        await recordAudit(tx, ctx, {
          action: 'password_change',
          entity: 'user',
          entityId: id,
          changes: { password: { after: '(reset by an administrator)' } },
        });
      });
    },

    /** A signed-in person chooses the language of their app and of the e-mails sent to them. */
    async setOwnLanguage(ctx: RequestContext, language: Locale): Promise<User> {
      const actor = ctx.actor;
      if (actor?.kind !== 'user') throw new AppError(403, 'FORBIDDEN', 'Only a signed-in user has a language of their own');
      return db.transaction(async (tx) => {
        const users = createUserRepo(tx);
        const before = await users.byId(actor.id);
        if (!before) throw userNotFound(actor.id);
        const row = await users.update(actor.id, undefined, { language });
        if (!row) throw userNotFound(actor.id);
        const after = toUser(row);
        await recordAudit(tx, ctx, { action: 'update', entity: 'user', entityId: actor.id, before: toUser(before), after });
        return after;
      });
    },

    /** A user changes their own password; their other sessions end, this one stays. */
    async changeOwnPassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<void> {
      const actor = ctx.actor;
      if (actor?.kind !== 'user') throw new AppError(403, 'FORBIDDEN', 'Only a signed-in user has a password');
      const user = await repo.byId(actor.id);
      if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new AppError(400, 'PASSWORD_INCORRECT', 'The current password is not correct', {
          errors: [{ pointer: '/body/currentPassword', code: 'password_incorrect', message: 'Not correct' }],
        });
      }
      assertStrongPassword(newPassword, { email: user.email }, '/body/newPassword');
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await createUserRepo(tx).update(user.id, undefined, { passwordHash });
        await createSessions(tx, sessionPolicy).destroyAllOf(user.id, { except: actor.sessionHash });
        await recordAudit(tx, ctx, {
          action: 'password_change',
          entity: 'user',
          entityId: user.id,
          changes: { password: { after: '(changed by the user)' } },
        });
      });
    },

    /**
     * The first administrator, on an empty user table: from ADMIN_EMAIL/ADMIN_PASSWORD, or with a
     * generated password that the caller prints once.
     */
    async ensureInitialAdmin(ctx: RequestContext, admin: { email: string | undefined; password: string | undefined }) {
      if ((await repo.count()) > 0) return undefined;
      const email = admin.email ?? INITIAL_ADMIN_EMAIL;
      const generated = admin.password === undefined;
      const password = admin.password ?? randomBytes(18).toString('base64url');
      await this.create(ctx, { email, name: 'Administrator', partner: 'BIC', role: 'admin', password });
      return { email, generatedPassword: generated ? password : undefined };
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
