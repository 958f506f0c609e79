import type { CurrentUser, SessionInfo } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { createUserRepo } from '../users/users.repo.js';
import type { Actor, RequestContext } from './actor.js';
import { createLoginThrottle, type ThrottleLimits } from './login-throttle.js';
import { verifyAgainstNothing, verifyPassword } from './passwords.js';
import { createSessions, type SessionPolicy } from './sessions.js';
import { csrfTokenOf } from './tokens.js';

/** One message for every failed login, so that nobody learns whether an e-mail has an account. */
const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'E-mail or password is not correct');

export function createAuthService(db: Db, options: { session: SessionPolicy; login: ThrottleLimits }) {
  const users = createUserRepo(db);
  const sessions = createSessions(db, options.session);
  const throttle = createLoginThrottle(db, options.login);

  const info = (user: CurrentUser, token: string, expiresAt: Date): SessionInfo => ({
    user,
    csrfToken: csrfTokenOf(token),
    expiresAt: expiresAt.toISOString(),
    idleMinutes: options.session.idleMinutes,
  });

  return {
    sessions,

    /** Removes expired sessions and login throttle entries that no longer count; run periodically. */
    async housekeeping(): Promise<{ sessions: number; throttle: number }> {
      return { sessions: await sessions.purgeExpired(), throttle: await throttle.purgeStale() };
    },

    async login(ctx: RequestContext, email: string, password: string, userAgent: string | undefined) {
      const attempt = await throttle.reserveLogin(email, ctx.ip);
      const user = await users.byEmail(email);
      const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
      if (!user || !valid || user.status !== 'active') {
        await attempt.failed();
        if (user) await recordAudit(db, ctx, { action: 'login_failed', entity: 'user', entityId: user.id, changes: {} });
        throw invalidCredentials();
      }
      await attempt.succeeded();
      const { token, expiresAt } = await sessions.create(user.id, { ip: ctx.ip, userAgent });
      await users.touchLogin(user.id);
      const current: CurrentUser = {
        id: user.id,
        email: user.email,
        name: user.name,
        partner: user.partner,
        role: user.role,
        language: user.language,
      };
      await recordAudit(
        db,
        { ...ctx, actor: { kind: 'user', ...current, sessionHash: '' } },
        { action: 'login', entity: 'user', entityId: user.id, changes: {} },
      );
      return { token, expiresAt, info: info(current, token, expiresAt) };
    },

    async logout(ctx: RequestContext, actor: Extract<Actor, { kind: 'user' }>) {
      await sessions.destroy(actor.sessionHash);
      await recordAudit(db, ctx, { action: 'logout', entity: 'user', entityId: actor.id, changes: {} });
    },

    /** Runs a check of the signed-in user's current password under the throttle. */
    async checkingOwnPassword<T>(userId: string, check: () => Promise<T>): Promise<T> {
      const attempt = await throttle.reservePasswordCheck(userId);
      try {
        const result = await check();
        await attempt.succeeded();
        return result;
      } catch (error) {
        if (error instanceof AppError && error.code === 'PASSWORD_INCORRECT') await attempt.failed();
        else await attempt.succeeded();
        throw error;
      }
    },

    info,
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
