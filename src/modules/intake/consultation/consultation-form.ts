import { DateTime } from 'luxon';
import { z } from 'zod';
import { optionalText, requiredText } from '../../../platform/http/form-fields.ts';
import { formErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { UK_TIME_ZONE, ukDateTimeParts } from '../../../shared/uk-time.ts';

export type FormValues = Record<string, string | undefined>;

/** A professional consultation as recorded: the advice given, to whom, about which child. */
export interface NewConsultation {
  consultedAt: Date;
  professionalName: string;
  professionalRole?: string;
  organisation: string;
  agencyId?: number;
  phone?: string;
  email?: string;
  personId?: number;
  childDescription?: string;
  concerns: string;
  advice: string;
  referralExpected: boolean;
}

const optionalId = (message: string) =>
  optionalText(12, message)
    .refine((value) => value === undefined || /^\d+$/.test(value), message)
    .transform((value) => (value === undefined ? undefined : Number(value)));

function consultationSchema(now: Date, agencyIds: ReadonlySet<number>) {
  return z
    .object({
      'consultedAt-day': z.string().optional(),
      'consultedAt-month': z.string().optional(),
      'consultedAt-year': z.string().optional(),
      'consultedAt-time': z.string().optional(),
      professionalName: requiredText(
        200,
        'Enter the professional’s name',
        'Name must be 200 characters or fewer'
      ),
      professionalRole: optionalText(200, 'Role must be 200 characters or fewer'),
      organisation: requiredText(
        200,
        'Enter the professional’s organisation',
        'Organisation must be 200 characters or fewer'
      ),
      agencyId: optionalId('Select an agency from the list').refine(
        (id) => id === undefined || agencyIds.has(id),
        'Select an agency from the list'
      ),
      phone: optionalText(50, 'Phone number must be 50 characters or fewer'),
      email: optionalText(254, 'Email address must be 254 characters or fewer').refine(
        (value) => value === undefined || z.email().safeParse(value).success,
        'Enter an email address like name@example.org'
      ),
      personId: optionalId('Enter the person ID as a number, like 1234'),
      childDescription: optionalText(2000, 'The description of the child must be 2,000 characters or fewer'),
      concerns: requiredText(
        10_000,
        'Enter what the professional is worried about',
        'The worries must be 10,000 characters or fewer'
      ),
      advice: requiredText(
        10_000,
        'Enter the advice you gave',
        'The advice must be 10,000 characters or fewer'
      ),
      // Not an enum: an unanswered radio must not stop the date check, so every problem shows at once.
      referralExpected: z
        .string()
        .optional()
        .refine((value) => value === 'yes' || value === 'no', 'Select whether a referral is expected'),
    })
    .superRefine((form, ctx) => {
      const consultedAt = consultedAtOf(form);
      if (consultedAt && consultedAt <= now) return;
      ctx.addIssue({
        code: 'custom',
        path: ['consultedAt'],
        message: consultedAt
          ? 'The date and time of the consultation must be now or in the past'
          : 'Enter a real date, and a time like 14:05, for the consultation',
      });
    })
    .transform((form) => ({
      ...form,
      consultedAt: consultedAtOf(form)!,
      referralExpected: form.referralExpected === 'yes',
    }));
}

/** The date and time boxes read as a time in England, or undefined when they are not a real moment. */
function consultedAtOf(form: Partial<Record<`consultedAt-${'day' | 'month' | 'year' | 'time'}`, string>>) {
  const parts = ['day', 'month', 'year', 'time'] as const;
  const typed = parts.map((part) => (form[`consultedAt-${part}`] ?? '').trim());
  const moment = DateTime.fromFormat(typed.join(' '), 'd M yyyy H:mm', { zone: UK_TIME_ZONE });
  return moment.isValid ? moment.toJSDate() : undefined;
}

export function parseConsultationForm(
  values: FormValues,
  now: Date,
  agencyIds: ReadonlySet<number>
): { ok: true; consultation: NewConsultation } | { ok: false; errors: FormErrors } {
  const parsed = consultationSchema(now, agencyIds).safeParse(values);
  if (!parsed.success) return { ok: false, errors: formErrors(parsed.error) };
  const { professionalName, professionalRole, organisation, agencyId, phone, email } = parsed.data;
  const { personId, childDescription, concerns, advice, consultedAt, referralExpected } = parsed.data;
  return {
    ok: true,
    consultation: {
      consultedAt,
      professionalName,
      professionalRole,
      organisation,
      agencyId,
      phone,
      email,
      personId,
      childDescription,
      concerns,
      advice,
      referralExpected,
    },
  };
}

/** A new form starts at the current time in England, as most consultations are recorded as they end. */
export function blankConsultationForm(now: Date, personId?: number): FormValues {
  const at = ukDateTimeParts(now);
  return {
    'consultedAt-day': at.day,
    'consultedAt-month': at.month,
    'consultedAt-year': at.year,
    'consultedAt-time': at.time,
    personId: personId === undefined ? undefined : String(personId),
  };
}
