import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from '@euregionet/shared';
import { AppError } from '../../errors.js';

// The most common passwords (about 49,000, from the zxcvbn-ts project), compared without case.
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** argon2id with the library's defaults: 19 MiB memory, 2 iterations (OWASP's recommendation). */
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when no user has the e-mail keeps the answer time the same, so the
// time of a failed login does not tell whether the account exists.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('no-such-user-placeholder');
  await verifyPassword(await dummyHash, password);
  return false;
}

function containsEmail(password: string, email: string): boolean {
  const local = email.split('@')[0] ?? '';
  return password === email || (local.length >= 4 && password.includes(local));
}

/** The rules a password must meet, by the code of the field error that names the one broken. */
export const PASSWORD_RULES = {
  too_short: `it must have at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: 'it must have at most 256 characters',
  password_common: 'it must not be one of the most common passwords',
  password_contains_email: 'it must not contain the e-mail address or its part before the @',
  password_repetitive: 'it must have at least 4 different characters',
} as const;
export type PasswordRule = keyof typeof PASSWORD_RULES;

/**
 * The rule a password breaks, if any. No composition rules (NIST SP 800-63B): at least 12
 * characters, not one of the most common passwords, not the e-mail address, not one character
 * repeated.
 */
export function brokenPasswordRule(password: string, context: { email?: string } = {}): PasswordRule | undefined {
  const lower = password.toLowerCase();
  if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > 256) return 'too_long';
  if (COMMON.has(lower) || COMMON.has(lower.replace(/\d+$/, ''))) return 'password_common';
  if (context.email && containsEmail(lower, context.email.toLowerCase())) return 'password_contains_email';
  if (new Set(password).size < 4) return 'password_repetitive';
  return undefined;
}

/** Refuses a weak password with a field error that names the rule it breaks. */
export function assertStrongPassword(password: string, context: { email?: string } = {}, pointer = '/body/password') {
  const reason = brokenPasswordRule(password, context);
  if (reason) {
    throw new AppError(400, 'PASSWORD_TOO_WEAK', 'Choose a longer or less common password', {
      errors: [{ pointer, code: reason, message: `This password is too weak: ${PASSWORD_RULES[reason]}` }],
    });
  }
}
