import { EditConflictError } from '../db/versioned-update.ts';
import { formError, FormProblem, type FormErrors } from './forms.ts';

/** A save the service refused, as the page shows it: the status to answer with and the form's errors. */
export interface FormRefusal {
  status: 400 | 409;
  errors: FormErrors;
}

/**
 * A save refused because the record changed since the form was opened (409, reported against the
 * form's `version` field) or because a rule only the save can check says no (400, against its field).
 * Any other error is not a refusal: answers undefined, and the caller throws it on.
 */
export function refusalOf(error: unknown, record = 'record'): FormRefusal | undefined {
  if (error instanceof EditConflictError)
    return {
      status: 409,
      errors: formError(
        'version',
        `Someone else saved this ${record} since you opened it. The page now shows their changes; your ` +
          'answers are still in the form below. Check them and save again.'
      ),
    };
  if (error instanceof FormProblem) return { status: 400, errors: formError(error.field, error.message) };
  return undefined;
}
