import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { councilSettings } from '../../../platform/council/council-settings.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { recordIdOf } from '../../../platform/http/params.ts';
import { addPersonToContact, parseAddPersonForm, readContactToAddTo } from './add-person.ts';
import { OTHER_PERSON_ROLES, type FormValues } from './contact-form.ts';
import type { Candidate } from '../../people/matching/child-candidates.ts';
import { RELATIONSHIP_KINDS } from '../../people/relationships/relationship-kinds.ts';

const VIEWS = 'modules/intake/staff/views';

/**
 * Adding a person to a recorded contact (a parent, carer, household member or a person alleged to cause
 * harm named afterwards), from the contact or a child's screening page; `?child=` returns to that page.
 */
export function registerAddPersonRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const record = { config: { permission: 'contact:record' } } as const;

  app.get('/contacts/:id/people/new', record, async (request, reply) => {
    const contact = await readContactToAddTo(request.access, recordIdOf(request, 'Contact'));
    return renderForm(reply, contact, returnTo(contact, request.query), {});
  });

  app.post('/contacts/:id/people/new', record, async (request, reply) => {
    const contact = await readContactToAddTo(request.access, recordIdOf(request, 'Contact'));
    const values = (request.body ?? {}) as FormValues;
    const back = returnTo(contact, values);
    const parsed = parseAddPersonForm(values);
    if (!parsed.ok) return renderForm(reply.code(400), contact, back, values, parsed.errors);
    const match = String(values.match ?? '').trim();
    const added = await addPersonToContact(
      request.access,
      contact,
      parsed.person,
      {
        match: match === 'new' ? 'new' : /^\d+$/.test(match) ? Number(match) : undefined,
        newReason: String(values.newReason ?? '').trim() || undefined,
      },
      { now: deps.clock.now(), settings: await councilSettings(deps.db) }
    );
    if (added.outcome === 'choose') {
      return renderForm(reply.code(400), contact, back, values, added.errors, added);
    }
    return reply.redirect(back.href, 303);
  });
}

/** Back to the child's screening page when the link came from one of this contact's children, else the contact. */
function returnTo(contact: { id: number; childIds: number[] }, from: unknown) {
  const child = Number((from as { child?: unknown } | undefined)?.child);
  return contact.childIds.includes(child)
    ? { href: `/screening/${child}`, text: 'Back to screening', child }
    : { href: `/contacts/${contact.id}`, text: 'Back to the contact', child: null };
}

function renderForm(
  reply: FastifyReply,
  contact: { id: number; reference: string },
  back: ReturnType<typeof returnTo>,
  values: FormValues,
  errors?: FormErrors,
  offered?: { candidates: Candidate[]; restrictedMayMatch: boolean }
) {
  return reply.view(`${VIEWS}/add-person.njk`, {
    candidates: offered?.candidates ?? [],
    restrictedMayMatch: offered?.restrictedMayMatch ?? false,
    relationshipKinds: RELATIONSHIP_KINDS,
    pageTitle: `Add a person to contact ${contact.reference}`,
    contact,
    back,
    values,
    errors,
    roles: OTHER_PERSON_ROLES.map((role) => ({
      ...role,
      text:
        role.value === 'adult_of_concern'
          ? 'Person alleged to cause harm, or another adult of concern (not in the household)'
          : role.text,
      checked: values.role === role.value,
    })),
  });
}
