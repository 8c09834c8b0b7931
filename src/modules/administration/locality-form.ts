import { z } from 'zod';

/*
 * Pure: the child population a council records for a locality (children aged 0 to 17 living there),
 * read from the form as typed. Rates per 10,000 children on the performance pages divide by it.
 */

/** More children than any English council has (Kent, the largest, has about 350,000). */
export const MAX_CHILD_POPULATION = 2_000_000;

/** The figure as typed: digits, with commas or spaces between thousands if wanted. */
const population = z
  .string({ error: 'Enter the number of children aged 0 to 17 living in the locality' })
  .trim()
  .min(1, 'Enter the number of children aged 0 to 17 living in the locality')
  .transform((typed) => typed.replace(/[,\s]/g, ''))
  .refine((typed) => !/^-/.test(typed), 'The number of children cannot be less than 0')
  .refine((typed) => !/^[0-9]*\.[0-9]+$/.test(typed), 'Enter a whole number of children, like 24500')
  .refine((typed) => /^[0-9]+$/.test(typed), 'Enter the number of children in figures, like 24500')
  .transform(Number)
  .refine(
    (children) => children <= MAX_CHILD_POPULATION,
    `The number of children must be ${MAX_CHILD_POPULATION.toLocaleString('en-GB')} or fewer`
  );

/** What the form showed when it was opened ('' for no figure), so a save can tell if another came first. */
const opened = z
  .string()
  .regex(/^[0-9]{0,7}$/)
  .transform((value) => (value === '' ? null : Number(value)))
  .catch(null);

export const localityForm = z.object({ population, opened });

export type LocalityForm = z.output<typeof localityForm>;
