import { randomInt } from 'node:crypto';

/** Letters and digits nobody confuses when reading a reference out over the phone (no 0/O, 1/I/L, U/V). */
const UNAMBIGUOUS = '23456789ABCDEFGHJKMNPQRSTWXYZ';

export const PUBLIC_REFERENCE = new RegExp(`^FD-[${UNAMBIGUOUS}]{4}-[${UNAMBIGUOUS}]{4}$`);

/** A random reference such as FD-7K3M-9QX2 for the person asking; it reveals nothing about the contact. */
export function newPublicReference(): string {
  const block = () => Array.from({ length: 4 }, () => UNAMBIGUOUS[randomInt(UNAMBIGUOUS.length)]).join('');
  return `FD-${block()}-${block()}`;
}
