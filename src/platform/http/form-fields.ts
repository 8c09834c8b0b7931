import { z } from 'zod';

/** Text the user must give: trimmed, then at least one character, at most `max`. */
export function requiredText(max: number, missing: string, tooLong = `Must be ${max} characters or fewer`) {
  return z.string({ error: missing }).trim().min(1, missing).max(max, tooLong);
}

/** Text the user may leave out: trimmed, and blank counts as not given. */
export function optionalText(max: number, tooLong = `Must be ${max} characters or fewer`) {
  return z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((value) => value || undefined);
}
