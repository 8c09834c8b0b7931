import { createHash, randomBytes } from 'node:crypto';

/*
 * One-time secrets (set-up links, the first-run code): random, shown once, and kept only as their
 * SHA-256, so a copy of the database gives no one a working link.
 */

/** A new link token: 32 random bytes, safe in a URL. */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A code a person types from a terminal: 12 letters and digits in groups of four, no look-alikes. */
export function newTypedCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const letters = [...randomBytes(12)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return letters.match(/.{4}/g)!.join('-');
}

/** How a typed code is compared: case, spaces and dashes as typed do not matter. */
export function normaliseTypedCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
