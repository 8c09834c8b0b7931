import { z } from 'zod';
import type { AgencyKind, Role, TeamKind } from '../../platform/db/schema.ts';
import { ROLES } from '../../platform/access/permissions.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { dateProblemMessage, parseDateParts } from '../../platform/http/dates.ts';

/*
 * Pure: the administration pages' forms, read as typed. Rules that need what is stored (an email
 * already in use, a team of another agency, the last administrator) are the services' to check.
 */

const id = (missing: string) =>
  z
    .string({ error: missing })
    .regex(/^[0-9]{1,9}$/, missing)
    .transform(Number);

const optionalId = z
  .string()
  .optional()
  .transform((value) => (value && /^[0-9]{1,9}$/.test(value) ? Number(value) : null));

const email = z
  .string({ error: 'Enter an email address' })
  .trim()
  .min(1, 'Enter an email address')
  .max(254, 'The email address must be 254 characters or fewer')
  .email('Enter an email address in the correct format, like name@council.gov.uk')
  .transform((value) => value.toLowerCase());

const role = z.enum(ROLES as [Role, ...Role[]], { error: 'Choose a role' });

/** What the staff form holds: who they are (new accounts only) and where they work. */
export const staffPlacementForm = z.object({
  role,
  agencyId: id('Choose an agency'),
  teamId: optionalId,
});

export const staffInviteForm = staffPlacementForm.extend({
  displayName: requiredText(100, 'Enter their full name', 'The name must be 100 characters or fewer'),
  email,
});

export type StaffPlacement = z.output<typeof staffPlacementForm>;
export type StaffInvite = z.output<typeof staffInviteForm>;

export const TEAM_KINDS: readonly TeamKind[] = [
  'front_door',
  'early_help',
  'assessment',
  'out_of_hours',
  'child_protection',
  'quality_assurance',
  'performance',
  'leadership',
  'partner',
  'administration',
];

export const TEAM_KIND_LABELS: Record<TeamKind, string> = {
  front_door: 'Front door (MASH)',
  early_help: 'Early help',
  assessment: 'Assessment',
  out_of_hours: 'Out of hours (emergency duty)',
  child_protection: 'Child protection',
  quality_assurance: 'Quality assurance',
  performance: 'Performance',
  leadership: 'Leadership',
  partner: 'Partner agency team',
  administration: 'Administration',
};

export const teamForm = z.object({
  name: requiredText(100, 'Enter the team’s name', 'The name must be 100 characters or fewer'),
  kind: z.enum(TEAM_KINDS as [TeamKind, ...TeamKind[]], { error: 'Choose what kind of team it is' }),
  agencyId: id('Choose the agency the team belongs to'),
  localityId: optionalId,
});

export const localityNameForm = z.object({
  name: requiredText(100, 'Enter the locality’s name', 'The name must be 100 characters or fewer'),
});

export const AGENCY_KINDS: readonly AgencyKind[] = [
  'police',
  'health',
  'education',
  'probation',
  'housing',
  'adult_services',
  'youth_justice',
  'other',
];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  council: 'The council',
  police: 'Police',
  health: 'Health',
  education: 'Education',
  probation: 'Probation',
  housing: 'Housing',
  adult_services: 'Adult social care',
  youth_justice: 'Youth justice',
  other: 'Other',
};

/** A partner agency: the council's own agency is made at set-up and is not one of these. */
export const agencyForm = z.object({
  name: requiredText(100, 'Enter the agency’s name', 'The name must be 100 characters or fewer'),
  kind: z.enum(AGENCY_KINDS as [AgencyKind, ...AgencyKind[]], { error: 'Choose what kind of agency it is' }),
});

/** The version of the settings the page showed, so a save never overwrites another unseen. */
const openedVersion = z
  .string()
  .regex(/^[0-9]{1,9}$/)
  .transform(Number)
  .catch(0);

export const TIMESCALE_UNITS = ['hours', 'working_hours', 'working_days'] as const;
export type TimescaleUnit = (typeof TIMESCALE_UNITS)[number];
export const TIMESCALE_UNIT_LABELS: Record<TimescaleUnit, string> = {
  hours: 'Hours of real time (day and night)',
  working_hours: 'Working hours (service hours only)',
  working_days: 'Working days',
};
/** Longer than any front door would set: a typing slip (40 days for 4) is refused. */
const MAX_AMOUNT: Record<TimescaleUnit, number> = { hours: 240, working_hours: 120, working_days: 20 };

export const TIMESCALE_KEYS = ['red', 'amber', 'green', 'decision'] as const;
export type TimescaleKey = (typeof TIMESCALE_KEYS)[number];
export const TIMESCALE_LABELS: Record<TimescaleKey, string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  decision: 'Decision on the contact',
};

function timescale(label: string) {
  return z
    .object({
      unit: z.enum(TIMESCALE_UNITS, { error: `Choose how the ${label} timescale is counted` }),
      amount: z
        .string({ error: `Enter the ${label} timescale` })
        .trim()
        .min(1, `Enter the ${label} timescale`)
        .refine(
          (typed) => /^[0-9]+(\.[0-9]+)?$/.test(typed),
          `Enter the ${label} timescale as a number, like 4`
        )
        .transform(Number)
        .refine((amount) => amount > 0, `The ${label} timescale must be more than 0`),
    })
    .superRefine((value, context) => {
      if (value.unit === 'working_days' && !Number.isInteger(value.amount))
        context.addIssue({
          code: 'custom',
          path: ['amount'],
          message: `The ${label} timescale in working days must be a whole number`,
        });
      if (value.amount > MAX_AMOUNT[value.unit])
        context.addIssue({
          code: 'custom',
          path: ['amount'],
          message: `The ${label} timescale must be ${MAX_AMOUNT[value.unit]} or fewer`,
        });
    });
}

/** Fields are named red-unit, red-amount and so on, so each error links to its own box. */
export const timescalesForm = z
  .record(z.string(), z.unknown())
  .transform((body) =>
    Object.fromEntries([
      ...TIMESCALE_KEYS.map((key) => [key, { unit: body[`${key}-unit`], amount: body[`${key}-amount`] }]),
      ['version', body.version],
    ])
  )
  .pipe(
    z.object({
      red: timescale('red'),
      amber: timescale('amber'),
      green: timescale('green'),
      decision: timescale('decision'),
      version: openedVersion,
    })
  );

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const clockTime = (what: string) =>
  z
    .string({ error: `Enter the time the service ${what}` })
    .trim()
    .min(1, `Enter the time the service ${what}`)
    .transform((typed) => (/^\d:\d\d$/.test(typed) ? `0${typed}` : typed))
    .refine(
      (typed) => CLOCK_TIME.test(typed),
      `Enter the time the service ${what} as hours and minutes, like 08:00`
    );

const weekdays = z
  .union([z.string(), z.array(z.string())], { error: 'Choose the days the service is open' })
  .transform((value) => [value].flat().map(Number))
  .refine(
    (days) => days.length > 0 && days.every((day) => Number.isInteger(day) && day >= 1 && day <= 7),
    'Choose the days the service is open'
  )
  .transform((days) => [...new Set(days)].sort());

const phone = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(30, 'A phone number must be 30 characters or fewer')
    .refine((typed) => /^[0-9 +()-]+$/.test(typed), 'Enter a phone number in figures, like 01632 960 100');

export const serviceHoursForm = z
  .object({
    weekdays,
    opens: clockTime('opens'),
    closes: clockTime('closes'),
    dutyLine: phone('Enter the duty line’s number'),
    dutyHours: requiredText(100, 'Say when the duty line is answered, like Monday to Friday, 8am to 8pm'),
    outOfHours: phone('Enter the emergency duty team’s number'),
    version: openedVersion,
  })
  .refine((form) => form.opens < form.closes, {
    path: ['closes'],
    message: 'The service must close after it opens, on the same day',
  });

/** A closure day (e.g. between Christmas and New Year) from the GOV.UK date boxes closure-day/-month/-year. */
export const closureForm = z
  .object({
    'closure-day': z.unknown(),
    'closure-month': z.unknown(),
    'closure-year': z.unknown(),
    version: openedVersion,
  })
  .transform((form, context) => {
    const parsed = parseDateParts({
      day: form['closure-day'],
      month: form['closure-month'],
      year: form['closure-year'],
    });
    if (parsed.outcome === 'date') return { date: parsed.date, version: form.version };
    context.addIssue({
      code: 'custom',
      path: ['closure'],
      message:
        parsed.outcome === 'empty'
          ? 'Enter the date the service is closed'
          : dateProblemMessage('The closure date', parsed.problem),
    });
    return z.NEVER;
  });

export const removeClosureForm = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  version: openedVersion,
});
