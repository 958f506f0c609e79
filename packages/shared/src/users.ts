import { z } from 'zod';
import {
  EmailTextSchema,
  IdSchema,
  LocaleSchema,
  pageSchema,
  PaginationQuerySchema,
  PersonNameTextSchema,
  TimestampSchema,
  versionedRecordFields,
} from './common.js';
import { EmailSchema, PasswordSchema, RoleSchema } from './access.js';
import { PartnerCodeSchema } from './partners.js';

export const USER_STATUSES = ['active', 'deactivated'] as const;
export const UserStatusSchema = z.enum(USER_STATUSES).meta({ id: 'UserStatus' });

const name = z.string().trim().min(1).max(120);
const language = LocaleSchema.describe('The language of the admin app and of the e-mails sent to this person');

export const UserSchema = z
  .object({
    id: IdSchema,
    email: EmailTextSchema.nullable().describe('Only for administrators (null for everyone else)'),
    name: PersonNameTextSchema,
    partner: PartnerCodeSchema,
    role: RoleSchema,
    language,
    status: UserStatusSchema,
    lastLoginAt: TimestampSchema.nullable().describe('Only for administrators (null for everyone else)'),
    ...versionedRecordFields,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const UserCreateSchema = z
  .strictObject({
    email: EmailSchema,
    name,
    partner: PartnerCodeSchema,
    role: RoleSchema,
    language: language.optional().describe('Default: the language of the partner’s country'),
    password: PasswordSchema.describe('Initial password; the user should change it after the first login'),
  })
  .meta({ id: 'UserCreate' });
export type UserCreate = z.input<typeof UserCreateSchema>;

export const UserUpdateSchema = z
  .strictObject({
    name,
    partner: PartnerCodeSchema,
    role: RoleSchema,
    language,
    status: UserStatusSchema.describe('`deactivated` ends the user’s sessions at once'),
  })
  .partial()
  .meta({ id: 'UserUpdate' });
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export const PasswordResetSchema = z.strictObject({ password: PasswordSchema }).meta({ id: 'PasswordReset' });

export const UserListQuerySchema = PaginationQuerySchema.extend({
  q: z.string().trim().min(1).max(100).optional().describe('Part of the name (for administrators also of the e-mail)'),
  partner: PartnerCodeSchema.optional(),
  role: RoleSchema.optional(),
  status: UserStatusSchema.optional(),
});
export type UserListQuery = z.infer<typeof UserListQuerySchema>;

export const UserPageSchema = pageSchema(UserSchema, 'UserPage');
export type UserPage = z.infer<typeof UserPageSchema>;
