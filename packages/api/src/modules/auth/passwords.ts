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

/**
 * Refuses weak passwords with a reason, without composition rules (NIST SP 800-63B): at least
 * 12 characters, not one of the most common passwords, not the e-mail address, not one
 * character repeated.
 */
export function assertStrongPassword(password: string, context: { email?: string } = {}, pointer = '/body/password') {
  const lower = password.toLowerCase();
  const reason =
    password.length < PASSWORD_MIN_LENGTH
      ? 'too_short'
      : COMMON.has(lower) || COMMON.has(lower.replace(/\d+$/, ''))
        ? 'password_common'
        : context.email && containsEmail(lower, context.email.toLowerCase())
          ? 'password_contains_email'
          : new Set(password).size < 4
            ? 'password_repetitive'
            : undefined;
  if (reason) {
    throw new AppError(400, 'PASSWORD_TOO_WEAK', 'Choose a longer or less common password', {
      errors: [{ pointer, code: reason, message: 'This password is too weak' }],
    });
  }
}
