import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RecordNotFoundError, RecordRestrictedError } from '../../platform/access/record-access.ts';
import { formatNhsNumber } from '../../shared/nhs-number.ts';
import { ageOn } from '../../shared/age.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import { calendarOf } from '../../platform/council/council-settings.ts';
import { councilSettingsOf } from '../../platform/http/request-context.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { personSearchForm, restrictedRecordMayMatch, searchPeople } from './person-search.ts';
import { readPersonRecord } from './person-record.ts';
import { describeCode } from './code-labels.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { restrictionReviewForm } from './restriction-review.ts';
import { reviewRestrictedMatch } from './restriction-review.service.ts';
import { idParams } from '../../platform/http/params.ts';
import { govukPagination } from '../../platform/http/pagination.ts';
import { registerPersonDetailsRoutes } from './details/person-details.routes.ts';
import { DISABILITIES } from './details/person-characteristics.ts';
import { registerEndRelationshipRoutes } from './relationships/end-relationship.routes.ts';

const VIEWS = 'modules/people/views';
const personParams = idParams;
/** The page of the child's timeline asked for (`?timeline=`); anything else is the first. */
const timelinePageNumber = z.coerce.number().int().min(1).max(10_000).catch(1);

export function registerPeopleRoutes(app: FastifyInstance, deps: { clock: Clock; db: Db }): void {
  registerPersonDetailsRoutes(app, deps);
  registerEndRelationshipRoutes(app, deps);
  app.get('/people', { config: { permission: 'person:search' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const searched = Object.values(query).some((value) => typeof value === 'string' && value.trim());
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
    // Asked first, so the search's own audit row is the last one written for it.
    const restrictedMayMatch = await restrictedRecordMayMatch(request.access, parsed.data);
    const results = (await searchPeople(request.access, parsed.data)).map((match) => ({
      ...match,
      age: match.person.dateOfBirth ? ageOn(match.person.dateOfBirth, today) : null,
    }));
    return reply.view(`${VIEWS}/search.njk`, {
      pageTitle: 'Find a person',
      values: query,
      results,
      restrictedMayMatch,
      searched: true,
      describe: describeCode,
    });
  });

  app.get('/people/:id', { config: { permission: 'person:read' } }, async (request, reply) => {
    const params = personParams.safeParse(request.params);
    if (!params.success) throw new RecordNotFoundError('Person');
    try {
      return await renderPerson(reply, request, params.data.id, {});
    } catch (error) {
      // A worker who may break glass is offered emergency access rather than a bare "not found".
      if (error instanceof RecordRestrictedError)
        return reply.redirect(`/people/${error.personId}/emergency-access`, 303);
      throw error;
    }
  });

  /**
   * Someone holding access to a restricted record decides whether a record held restricted for review
   * is the same child. Anyone who cannot see both records is told neither exists.
   */
  app.post(
    '/people/:id/restriction-review',
    { config: { permission: 'contact:record' } },
    async (request, reply) => {
      const params = personParams.safeParse(request.params);
      if (!params.success) throw new RecordNotFoundError('Person');
      const personId = params.data.id;
      const values = (request.body ?? {}) as Record<string, string>;
      const parsed = restrictionReviewForm.safeParse(values);
      // The review is found and both records checked before the form is judged.
      const reviewed = await reviewRestrictedMatch(
        request.access,
        { personId, reviewId: Number(values.reviewId) || 0, decision: parsed.data },
        deps.clock.now()
      );
      if (!parsed.success) {
        return renderPerson(reply.code(400), request, personId, { values, errors: formErrors(parsed.error) });
      }
      return reply.redirect(
        `/people/${personId}?reviewed=${reviewed?.lifted ? 'lifted' : parsed.data.decision}`,
        303
      );
    }
  );

  async function renderPerson(
    reply: FastifyReply,
    request: FastifyRequest,
    personId: number,
    form: { values?: Record<string, string>; errors?: FormErrors }
  ) {
    const now = deps.clock.now();
    const page = timelinePageNumber.parse((request.query as { timeline?: unknown }).timeline);
    const calendar = calendarOf(await councilSettingsOf(request, deps.db));
    const record = await readPersonRecord(request.access, personId, { now, calendar }, page);
    const today = londonDateOf(now);
    return reply.view(`${VIEWS}/person.njk`, {
      values: form.values ?? {},
      errors: form.errors,
      reviewed: (request.query as { reviewed?: string }).reviewed,
      canReview: request.access.can('contact:record'),
      pageTitle: `${record.person.given_name} ${record.person.family_name}`,
      record,
      timelinePagination: timelinePagination(personId, record.timeline),
      age: record.person.date_of_birth ? ageOn(record.person.date_of_birth, today) : null,
      nhsNumber: record.person.nhs_number ? formatNhsNumber(record.person.nhs_number) : null,
      describe: describeCode,
      canMerge: request.access.can('person:merge'),
      canChangeDetails: request.access.can('contact:record'),
      disabilityText: (record.person.disabilities ?? []).map((code) => DISABILITIES[code] ?? code).join(', '),
      changed: (request.query as { changed?: string }).changed,
      canConsult: request.access.can('consultation:record'),
      canOpenContacts: request.access.can('contact:read'),
      canSeeAccessLog: request.access.can('access_log:read'),
      canRestrict: request.access.can('person:restrict'),
      justMerged: (request.query as { merged?: string }).merged,
      endedRelationship: (request.query as { ended?: string }).ended === 'relationship',
    });
  }
}

/** Links to the other pages of a child's timeline, or null when it fits on one. */
function timelinePagination(personId: number, timeline: { page: number; pages: number }) {
  const links = govukPagination(
    timeline.page,
    timeline.pages,
    (number) => `/people/${personId}?timeline=${number}#timeline`
  );
  return links && { ...links, landmarkLabel: 'Timeline pages' };
}
