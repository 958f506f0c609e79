import { z } from 'zod';
import { UserPageSchema, UserSchema, type UserCreate, type UserListQuery, type UserUpdate } from '@euregionet/shared';
import { request, toQuery } from './http';

export const listUsers = (query: Partial<UserListQuery>) => request('GET', `/users${toQuery({ ...query })}`, UserPageSchema);
export const createUser = (body: UserCreate) => request('POST', '/users', UserSchema, { body });
export const updateUser = (id: string, version: number, body: UserUpdate) =>
  request('PATCH', `/users/${id}`, UserSchema, { body, headers: { 'if-match': `"v${version}"` } });
export const resetUserPassword = (id: string, password: string) =>
  request('POST', `/users/${id}/password`, z.null(), { body: { password } });
