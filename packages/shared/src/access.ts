import { z } from 'zod';
import { IdSchema, LocaleSchema, TimestampSchema, INT32_MIN, int32, boundedText, EmailTextSchema, PersonNameTextSchema } from './common.js';
import { PartnerCodeSchema, type PartnerCode } from './partners.js';
import { normaliseEmail } from './text.js';

export const ACCESS_ERROR_CODES = [
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'INVALID_API_KEY',
  'FORBIDDEN',
  'CSRF_FAILED',
  'ORIGIN_NOT_ALLOWED',
  'PASSWORD_TOO_WEAK',
  'PASSWORD_INCORRECT',
  'EMAIL_TAKEN',
  'USER_NOT_FOUND',
  'LAST_ADMIN',
  'API_KEY_NOT_FOUND',
] as const;

/**
 * Staff roles. admin: everything, including users and keys. coordinator (the lead partner):
 * reads and edits everything, no user management. consultant: reads shared data, edits the
 * records of its own partner and those assigned to it. viewer: reads only.
 */
export const ROLES = ['admin', 'coordinator', 'consultant', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES).meta({ id: 'Role' });
export type Role = z.infer<typeof RoleSchema>;

/** What an API key may do. */
export const API_SCOPES = ['public:read', 'requests:create', 'registrations:create', 'import:write', 'read'] as const;
export const ApiScopeSchema = z.enum(API_SCOPES).meta({ id: 'ApiScope' });
export type ApiScope = z.infer<typeof ApiScopeSchema>;

/** Role sets that routes grant access to. */
export const ANY_STAFF: readonly Role[] = ROLES;
export const EDITORS: readonly Role[] = ['admin', 'coordinator', 'consultant'];
export const MANAGERS: readonly Role[] = ['admin', 'coordinator'];
export const ADMINS: readonly Role[] = ['admin'];

export interface StaffIdentity {
  id: string;
  partner: PartnerCode;
  role: Role;
}

/** A record that belongs to a partner, optionally with staff assigned to it. */
export interface OwnedRecord {
  partner: PartnerCode;
  assigneeIds?: readonly string[];
}

/**
 * Whether a staff member may change a record: admins and coordinators any; consultants those
 * of their own partner and those assigned to them; viewers none. The admin app asks the same
 * function to decide which buttons to show.
 */
export function canEditRecord(user: StaffIdentity, record: OwnedRecord): boolean {
  if (user.role === 'admin' || user.role === 'coordinator') return true;
  if (user.role !== 'consultant') return false;
  return record.partner === user.partner || (record.assigneeIds ?? []).includes(user.id);
}

export function canEdit(user: StaffIdentity): boolean {
  return EDITORS.includes(user.role);
}

/** Passwords: at least 12 characters, no composition rules (NIST SP 800-63B). */
export const PASSWORD_MIN_LENGTH = 12;
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(256)
  .meta({ id: 'Password', description: `At least ${PASSWORD_MIN_LENGTH} characters; common passwords are refused`, format: 'password' });

export const EmailSchema = z.email().max(254).transform(normaliseEmail);

export const LoginSchema = z
  .strictObject({
    email: z.string().trim().min(1).max(254),
    password: z.string().min(1).max(256),
  })
  .meta({ id: 'Login' });
export type Login = z.infer<typeof LoginSchema>;

export const CurrentUserSchema = z
  .object({
    id: IdSchema,
    email: EmailTextSchema,
    name: PersonNameTextSchema,
    partner: PartnerCodeSchema,
    role: RoleSchema,
    language: LocaleSchema.describe('The language the person chose for the app and for the e-mails sent to them'),
  })
  .meta({ id: 'CurrentUser' });
export type CurrentUser = z.infer<typeof CurrentUserSchema>;

export const SessionInfoSchema = z
  .object({
    user: CurrentUserSchema,
    csrfToken: boundedText(100).describe('Send as `X-CSRF-Token` with every change made with the session cookie'),
    expiresAt: TimestampSchema.describe('When the session ends at the latest'),
    idleMinutes: int32(INT32_MIN).describe('The session ends after this long without a request'),
  })
  .meta({ id: 'SessionInfo' });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const PasswordChangeSchema = z
  .strictObject({
    currentPassword: z.string().min(1).max(256),
    newPassword: PasswordSchema,
  })
  .meta({ id: 'PasswordChange' });
export type PasswordChange = z.infer<typeof PasswordChangeSchema>;

/** What a signed-in person may change of their own account. */
export const AccountUpdateSchema = z.strictObject({ language: LocaleSchema }).meta({ id: 'AccountUpdate' });
export type AccountUpdate = z.infer<typeof AccountUpdateSchema>;
