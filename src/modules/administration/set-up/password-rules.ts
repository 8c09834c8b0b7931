import { z } from 'zod';

/*
 * Pure: the password a member of staff chooses through their set-up link. Length over complexity rules
 * (NCSC guidance): at least 12 characters, not their email address, typed the same twice.
 */

export const MIN_PASSWORD_LENGTH = 12;
/** The sign-in form accepts up to 200 characters, so a longer password could never be used. */
export const MAX_PASSWORD_LENGTH = 200;

export function passwordForm(email: string) {
  return z
    .object({
      password: z
        .string({ error: 'Enter a password' })
        .min(1, 'Enter a password')
        .min(MIN_PASSWORD_LENGTH, `Your password must be at least ${MIN_PASSWORD_LENGTH} characters`)
        .max(MAX_PASSWORD_LENGTH, `Your password must be ${MAX_PASSWORD_LENGTH} characters or fewer`)
        .refine(
          (password) => !containsName(password, email),
          'Your password must not contain your email address'
        ),
      confirm: z.string({ error: 'Enter the password again' }).min(1, 'Enter the password again'),
    })
    .refine((form) => form.password === form.confirm, {
      path: ['confirm'],
      message: 'The passwords do not match: enter the same password twice',
    });
}

/** Whether the password holds the email's name part (a name of 3 letters or fewer is too common to refuse). */
function containsName(password: string, email: string): boolean {
  const name = email.toLowerCase().split('@')[0]!;
  return name.length > 3 && password.toLowerCase().includes(name);
}
