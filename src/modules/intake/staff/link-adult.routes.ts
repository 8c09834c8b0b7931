import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { councilSettings } from '../../../platform/council/council-settings.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/params.ts';
import { RELATIONSHIP_KINDS } from '../../people/relationships/relationship-kinds.ts';
import { OTHER_PERSON_ROLES } from './contact-form.ts';
import type { Offered } from './link-choice.ts';
import {
  adultsNamedOnContact,
  adultToLink,
  CHILDREN_FIRST,
  linkAdult,
  suggestedKind,
  type AdultToLink,
} from './link-adult.service.ts';

const VIEWS = 'modules/intake/staff/views';
const contactParams = z.object({ id: idParam });
const adultParams = z.object({ id: idParam, adultId: idParam });

/** The adults an online request or partner system named, tied to the person index when screening. */
export function registerLinkAdultRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const record = { config: { permission: 'contact:record' } } as const;

  app.get('/contacts/:id/adults', record, async (request, reply) => {
    const parsed = contactParams.safeParse(request.params);
    if (!parsed.success) throw new RecordNotFoundError('Contact');
    const { contact, adults } = await adultsNamedOnContact(request.access, parsed.data.id);
    return reply.view(`${VIEWS}/named-adults.njk`, {
      pageTitle: `Adults named on contact ${contact.reference}`,
      contactId: parsed.data.id,
      contact,
      adults,
    });
  });

  app.get('/contacts/:id/adults/:adultId/link', record, async (request, reply) => {
    const { adult, offered } = await adultToLink(request.access, adultIds(request.params));
    const values = {
      role: adult.described.role,
      kind: suggestedKind(adult.described),
      // With nobody who could be them, the only choice is a new record.
      ...(offered.candidates.length || offered.restrictedMayMatch ? {} : { match: 'new' }),
    };
    return render(reply, adult, offered, values);
  });

  app.post('/contacts/:id/adults/:adultId/link', record, async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, string>;
    const linked = await linkAdult(
      request.access,
      { ...adultIds(request.params), ...values },
      { now: deps.clock.now(), settings: await councilSettings(deps.db) }
    );
    if (linked.outcome === 'linked') return reply.redirect(`/contacts/${linked.contactId}/adults`, 303);
    const { adult, offered, problems } = linked;
    return render(reply.code(400), adult, offered, values, errorsOf(problems));
  });
}

function adultIds(raw: unknown): { contactId: number; adultId: number } {
  const parsed = adultParams.safeParse(raw);
  if (!parsed.success) throw new RecordNotFoundError('Contact');
  return { contactId: parsed.data.id, adultId: parsed.data.adultId };
}

/** Every problem at once, each against its field. */
function errorsOf(problems: { field: string; text: string }[]): FormErrors {
  return {
    summary: problems.map((problem) => ({ text: problem.text, href: `#${problem.field}` })),
    fields: Object.fromEntries(problems.map((problem) => [problem.field, { text: problem.text }])),
  };
}

function render(
  reply: FastifyReply,
  adult: AdultToLink,
  offered: Offered,
  values: Record<string, string>,
  errors?: FormErrors
) {
  return reply.view(`${VIEWS}/link-adult.njk`, {
    pageTitle: 'Link the adult to a person record',
    adult,
    childrenFirst: adult.childrenToLinkFirst > 0 ? CHILDREN_FIRST : null,
    candidates: offered.candidates,
    restrictedMayMatch: offered.restrictedMayMatch,
    roles: OTHER_PERSON_ROLES.map((role) => ({
      ...role,
      text:
        role.value === 'adult_of_concern'
          ? 'Person alleged to cause harm, or another adult of concern (not in the household)'
          : role.text,
      checked: values.role === role.value,
    })),
    relationshipKinds: RELATIONSHIP_KINDS,
    values,
    errors,
  });
}
