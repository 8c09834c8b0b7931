/** The what-if form: practitioners and managers on each shift, read strictly with a message per box. */
import { formError, mergeFormErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { SHIFTS, type Shift, type ShiftStaffing, type Staffing } from './rota.ts';

/** More than this on one shift is a typing slip, not a rota. */
const MOST_STAFF_PER_SHIFT = 99;

export const SHIFT_NAMES: Record<Shift, string> = {
  weekday_day: 'Weekday day',
  weekday_evening: 'Weekday evening',
  night: 'Night',
  weekend_day: 'Weekend day',
};

const ROLE_NAMES: Record<keyof Staffing, string> = { practitioners: 'practitioners', managers: 'managers' };

export function staffingField(shift: Shift, role: keyof Staffing): string {
  return `${shift}-${role}`;
}

export type StaffingValues = Record<string, string | undefined>;

/** The form's boxes as the page shows them, from a staffing. */
export function staffingValues(shifts: ShiftStaffing): StaffingValues {
  return Object.fromEntries(
    SHIFTS.flatMap((shift) =>
      (['practitioners', 'managers'] as const).map((role) => [
        staffingField(shift, role),
        String(shifts[shift][role]),
      ])
    )
  );
}

/**
 * `undefined` when the form was not sent (no box present); otherwise the staffing or every problem.
 */
export function parseStaffing(
  query: Record<string, unknown>
):
  { ok: true; value: ShiftStaffing } | { ok: false; errors: FormErrors; values: StaffingValues } | undefined {
  const fields = SHIFTS.flatMap((shift) =>
    (['practitioners', 'managers'] as const).map((role) => ({
      shift,
      role,
      name: staffingField(shift, role),
    }))
  );
  if (!fields.some((field) => field.name in query)) return undefined;
  const values: StaffingValues = {};
  const problems: FormErrors[] = [];
  const shifts = Object.fromEntries(
    SHIFTS.map((shift) => [shift, { practitioners: 0, managers: 0 }])
  ) as Record<Shift, { practitioners: number; managers: number }>;
  for (const { shift, role, name } of fields) {
    const raw = query[name];
    const typed = typeof raw === 'string' ? raw.trim() : '';
    values[name] = typeof raw === 'string' ? raw : '';
    const label = `${SHIFT_NAMES[shift]} ${ROLE_NAMES[role]}`;
    if (typed === '') problems.push(formError(name, `Enter the number of ${label.toLowerCase()}`));
    else if (!/^[0-9]+$/.test(typed))
      problems.push(formError(name, `${label} must be a whole number, like 0, 1 or 4`));
    else if (Number(typed) > MOST_STAFF_PER_SHIFT)
      problems.push(formError(name, `${label} must be ${MOST_STAFF_PER_SHIFT} or fewer`));
    else shifts[shift][role] = Number(typed);
  }
  return problems.length
    ? { ok: false, errors: mergeFormErrors(problems), values }
    : { ok: true, value: shifts };
}
