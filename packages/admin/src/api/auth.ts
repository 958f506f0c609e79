import type { AccountUpdate, Login, PasswordChange } from '@euregionet/shared/access';
import { request } from './http';

// The shell checks the session before any page shows. zod and the shared schemas are a third of
// its JavaScript, so these calls load them alongside their request instead of with the shell.
const sessionInfo = async () => (await import('@euregionet/shared/access')).SessionInfoSchema;
const noContent = async () => (await import('zod')).z.null();

export const login = (body: Login) => request('POST', '/auth/login', sessionInfo, { body });
export const logout = () => request('POST', '/auth/logout', noContent);
export const getSession = () => request('GET', '/auth/me', sessionInfo);
export const updateOwnAccount = (body: AccountUpdate) => request('PATCH', '/auth/me', sessionInfo, { body });
export const changeOwnPassword = (body: PasswordChange) => request('POST', '/auth/password', noContent, { body });
