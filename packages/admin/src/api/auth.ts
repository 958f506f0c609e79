import { z } from 'zod';
import { SessionInfoSchema, type AccountUpdate, type Login, type PasswordChange } from '@euregionet/shared/access';
import { request } from './http';

export const login = (body: Login) => request('POST', '/auth/login', SessionInfoSchema, { body });
export const logout = () => request('POST', '/auth/logout', z.null());
export const getSession = () => request('GET', '/auth/me', SessionInfoSchema);
export const updateOwnAccount = (body: AccountUpdate) => request('PATCH', '/auth/me', SessionInfoSchema, { body });
export const changeOwnPassword = (body: PasswordChange) => request('POST', '/auth/password', z.null(), { body });
