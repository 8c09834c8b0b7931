import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formErrors } from '../../platform/http/forms.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { formatNhsNumber } from '../../shared/nhs-number.ts';
import { ageOn } from '../../shared/age.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import type { Clock } from '../../platform/clock.ts';
import { personSearchForm, searchPeople } from './person-search.ts';
import { readPersonRecord } from './person-record.ts';
import { describeCode } from './code-labels.ts';

const VIEWS = 'modules/people/views';
const personParams = z.object({ id: z.coerce.number().int().positive() });

export function registerPeopleRoutes(app: FastifyInstance, deps: { clock: Clock }): void {
  app.get('/people', { config: { permission: 'person:search' } }, async (request, reply) => {
    const query = request.query as Record<string, string>;
    const searched = Object.values(query).some((value) => value?.trim());
    if (!searched) return reply.view(`${VIEWS}/search.njk`, { pageTitle: 'Find a person', values: {} });
    const parsed = personSearchForm.safeParse(query);
    if (!parsed.success) {
      return reply.code(400).view(`${VIEWS}/search.njk`, {
        pageTitle: 'Find a person',
        values: query,
        errors: formErrors(parsed.error),
      });
    }
    const today = londonDateOf(deps.clock.now());
    const results = (await searchPeople(request.access, parsed.data)).map((match) => ({
      ...match,
      age: match.person.dateOfBirth ? ageOn(match.person.dateOfBirth, today) : null,
    }));
    return reply.view(`${VIEWS}/search.njk`, {
      pageTitle: 'Find a person',
      values: query,
      results,
      searched: true,
      describe: describeCode,
    });
  });

  app.get('/people/:id', { config: { permission: 'person:read' } }, async (request, reply) => {
    const params = personParams.safeParse(request.params);
    if (!params.success) throw new RecordNotFoundError('Person');
    const now = deps.clock.now();
    const record = await readPersonRecord(request.access, params.data.id, now);
    const today = londonDateOf(now);
    return reply.view(`${VIEWS}/person.njk`, {
      pageTitle: `${record.person.given_name} ${record.person.family_name}`,
      record,
      age: record.person.date_of_birth ? ageOn(record.person.date_of_birth, today) : null,
      nhsNumber: record.person.nhs_number ? formatNhsNumber(record.person.nhs_number) : null,
      describe: describeCode,
      canMerge: request.access.can('person:merge'),
      canConsult: request.access.can('consultation:record'),
      justMerged: (request.query as { merged?: string }).merged,
    });
  });
}
