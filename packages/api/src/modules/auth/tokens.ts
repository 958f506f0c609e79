import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret: 32 random bytes, URL-safe. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** What the database keeps of a secret. Secrets are random, so a fast hash is enough. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** The CSRF token of a session: derived from its id, so the browser script can send it and no table has to keep it. */
export const csrfTokenOf = (sessionToken: string) => sha256(`csrf:${sessionToken}`);

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
