import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../../../platform/clock.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { idParams } from '../../../platform/http/params.ts';
import { refusalOf } from '../../../platform/http/form-refusal.ts';
import { formError, type FormErrors } from '../../../platform/http/forms.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { describeCode } from '../code-labels.ts';
import { ETHNICITY_CODES } from './person-characteristics.ts';
import {
  detailsFormValues,
  disabilityItems,
  parsePersonDetails,
  type FormValues,
} from './person-details-form.ts';
import {
  changePersonDetails,
  isUnborn,
  readPersonDetails,
  type PersonDetailsRecord,
} from './person-details.service.ts';

const VIEWS = 'modules/people/details/views';

/**
 * "Change details": a person's ethnicity, language and interpreter need, disability, UPN and (for an
 * unborn child) expected date of birth, entered or corrected by front-door staff at the version opened.
 */
export function registerPersonDetailsRoutes(app: FastifyInstance, deps: { clock: Clock }): void {
  const change = { config: { permission: 'contact:record' } } as const;

  app.get('/people/:id/details', change, async (request, reply) => {
    const id = personIdOf(request.params);
    const person = await readPersonDetails(request.access, id);
    return renderForm(reply, person, detailsFormValues(person));
  });

  app.post('/people/:id/details', change, async (request, reply) => {
    const id = personIdOf(request.params);
    const person = await readPersonDetails(request.access, id);
    const values = (request.body ?? {}) as FormValues;
    if (person.merged_into_id !== null) {
      const merged = `This record was merged into record ${person.merged_into_id}: change the details there`;
      return renderForm(reply.code(400), person, values, formError('version', merged));
    }
    const now = deps.clock.now();
    const parsed = parsePersonDetails(values, { unborn: isUnborn(person) }, londonDateOf(now));
    if (!parsed.ok) return renderForm(reply.code(400), person, values, parsed.errors);
    try {
      await changePersonDetails(request.access, id, parsed.details, now);
    } catch (error) {
      const refusal = refusalOf(error, 'person’s details');
      if (!refusal) throw error;
      // The version moves on to what is saved now, so saving again applies the answers kept in the form.
      const current = await readPersonDetails(request.access, id);
      const kept = { ...values, version: String(current.characteristics_version) };
      return renderForm(reply.code(refusal.status), current, kept, refusal.errors);
    }
    return reply.redirect(`/people/${id}?changed=details`, 303);
  });
}

function personIdOf(params: unknown): number {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw new RecordNotFoundError('Person');
  return parsed.data.id;
}

function renderForm(
  reply: FastifyReply,
  person: PersonDetailsRecord,
  values: FormValues,
  errors?: FormErrors
) {
  const ticked = values.disabilities;
  return reply.view(`${VIEWS}/change-details.njk`, {
    pageTitle: `Change details: ${person.given_name} ${person.family_name}`,
    person,
    unborn: isUnborn(person),
    values,
    errors,
    ethnicities: [
      { value: '', text: 'Not recorded' },
      ...ETHNICITY_CODES.map((code) => ({
        value: code,
        text: describeCode('ethnicity', code),
        selected: values.ethnicity === code,
      })),
    ],
    disabilities: disabilityItems(Array.isArray(ticked) ? ticked : ticked ? [ticked] : []),
  });
}
