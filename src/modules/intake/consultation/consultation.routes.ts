import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { formError, type FormErrors } from '../../../platform/http/forms.ts';
import { blankConsultationForm, parseConsultationForm, type FormValues } from './consultation-form.ts';
import {
  listAgencies,
  listConsultations,
  readConsultedChild,
  recordConsultation,
} from './consultation.service.ts';

const VIEWS = 'modules/intake/consultation/views';

interface ConsultationDeps {
  db: Db;
  clock: Clock;
}

/**
 * "Can I talk this through before referring?": a short record of the advice given to a professional,
 * by whom, to which agency, about which child if named, and whether a referral followed.
 */
export function registerConsultationRoutes(app: FastifyInstance, deps: ConsultationDeps): void {
  const record = { config: { permission: 'consultation:record' } } as const;

  app.get('/consultations', record, async (request, reply) => {
    const { recorded } = request.query as { recorded?: string };
    return reply.view(`${VIEWS}/list.njk`, {
      pageTitle: 'Professional consultations',
      consultations: await listConsultations(request.access),
      recorded: recorded === '1',
    });
  });

  // Opened from a child's record as /consultations/new?personId=123, the form names that child.
  app.get('/consultations/new', record, async (request, reply) => {
    const personId = Number((request.query as { personId?: string }).personId) || undefined;
    const child = personId === undefined ? undefined : await readConsultedChild(request.access, personId);
    return renderForm(reply, deps, blankConsultationForm(deps.clock.now(), personId), { child });
  });

  app.post('/consultations/new', record, async (request, reply) => {
    const values = (request.body ?? {}) as FormValues;
    const agencyIds = new Set((await listAgencies(deps.db)).map((agency) => agency.id));
    const parsed = parseConsultationForm(values, deps.clock.now(), agencyIds);
    if (!parsed.ok) return renderForm(reply.code(400), deps, values, { errors: parsed.errors });
    if ((await recordConsultation(request.access, parsed.consultation)) === 'child_not_visible') {
      const errors = formError('personId', 'Enter the person ID of a child you can find in the person index');
      return renderForm(reply.code(400), deps, values, { errors });
    }
    return reply.redirect('/consultations?recorded=1', 303);
  });
}

async function renderForm(
  reply: FastifyReply,
  deps: ConsultationDeps,
  values: FormValues,
  extra: {
    errors?: FormErrors;
    child?: { given_name: string; family_name: string; date_of_birth: string | null };
  }
) {
  const agencies = await listAgencies(deps.db);
  return reply.view(`${VIEWS}/new.njk`, {
    pageTitle: 'Record a consultation',
    values,
    ...extra,
    agencies: [
      { value: '', text: 'Not a listed agency' },
      ...agencies.map((agency) => ({
        value: String(agency.id),
        text: agency.name,
        selected: values.agencyId === String(agency.id),
      })),
    ],
  });
}
