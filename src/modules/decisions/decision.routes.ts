import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { optionalText, requiredText } from '../../platform/http/form-fields.ts';
import { formError, formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { describeCode } from '../people/code-labels.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import { latestAssessment } from '../screening/threshold-assessment.ts';
import { refusalOf, saveScreeningForm, showFormErrors } from '../screening/screening-page.ts';
import {
  activeOutcomes,
  decideAuthorisation,
  extendDecisionTimescale,
  managerOversight,
  pendingDowngrades,
  proposeDecision,
  receivingTeams,
  secondAuthorisation,
} from './decisions.service.ts';
import { ratingState } from '../screening/screening.service.ts';
import { idParams } from '../../platform/http/params.ts';

const VIEWS = 'modules/decisions/views';
const version = z.coerce.number({ error: 'Reload the page and try again' }).int().positive();
const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const proposalForm = z.object({
  version,
  outcomes: z
    .union([z.string(), z.array(z.string())], { error: 'Choose at least one outcome' })
    .transform((value) => [...new Set([value].flat())]),
  receivingTeam: z.preprocess(blankAsUndefined, z.coerce.number().int().positive().optional()),
  transferTo: optionalText(200, 'The council name must be 200 characters or fewer'),
  rationale: requiredText(10_000, 'Explain the decision and why it is right for the child'),
  childsViews: requiredText(5000, "Say how the child's views and experience were considered"),
  historyConsidered: requiredText(5000, "Say how the family's history was considered"),
});

const verdictForm = z.object({
  version,
  verdict: z.enum(['authorise', 'return'], {
    error: 'Choose whether to authorise the decision or return it',
  }),
  comment: optionalText(5000, 'The comment must be 5,000 characters or fewer'),
});

const secondVerdictForm = z.object({
  version,
  verdict: z.enum(['authorise', 'return'], {
    error: 'Choose whether to sign off the decision or return it',
  }),
  comment: optionalText(5000, 'The comment must be 5,000 characters or fewer'),
});

const extensionForm = z.object({
  version,
  'until-date': requiredText(10, 'Enter the new due date'),
  'until-time': requiredText(5, 'Enter the new due time, like 14:00'),
  reason: requiredText(5000, 'Give the reason the decision needs longer'),
});

/** Proposing a decision, a manager's authorisation or return, extensions, and managers' oversight list. */
export function registerDecisionRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/screening/:id/decision', { config: { permission: 'decision:propose' } }, async (request, reply) =>
    renderProposal(request, reply, idOf(request))
  );

  app.post(
    '/screening/:id/decision',
    { config: { permission: 'decision:propose' } },
    async (request, reply) => {
      const id = idOf(request);
      const form = proposalForm.safeParse(request.body ?? {});
      if (!form.success) return renderProposal(request, reply.code(400), id, formErrors(form.error));
      try {
        await proposeDecision(
          request.access,
          {
            contactChildId: id,
            openedVersion: form.data.version,
            outcomes: form.data.outcomes,
            receivingTeamId: form.data.receivingTeam,
            transferTo: form.data.transferTo,
            rationale: form.data.rationale,
            childsViews: form.data.childsViews,
            historyConsidered: form.data.historyConsidered,
          },
          deps.clock.now()
        );
      } catch (error) {
        const problem = refusalOf(error);
        if (!problem) throw error;
        return renderProposal(request, reply.code(problem.status), id, problem.errors);
      }
      return reply.redirect(`/screening/${id}#decision`, 303);
    }
  );

  app.post(
    '/decisions/:id/authorisation',
    { config: { permission: 'decision:authorise' } },
    async (request, reply) => {
      const decisionId = idOf(request);
      const contactChildId = await childOfDecision(request, decisionId);
      const form = verdictForm.safeParse(request.body ?? {});
      const returnedWithoutReason = form.success && form.data.verdict === 'return' && !form.data.comment;
      if (!form.success || returnedWithoutReason) {
        const errors = form.success
          ? formError('comment', 'Say why you are returning the decision, so the practitioner can act on it')
          : formErrors(form.error);
        return showFormErrors(deps, request, reply, contactChildId, 'verdict', errors);
      }
      return saveScreeningForm(deps, request, reply, contactChildId, 'verdict', () =>
        decideAuthorisation(
          request.access,
          {
            decisionId,
            openedVersion: form.data.version,
            verdict: form.data.verdict,
            comment: form.data.comment,
          },
          deps.clock.now()
        )
      );
    }
  );

  app.post(
    '/decisions/:id/second-authorisation',
    { config: { permission: 'decision:second_authorise' } },
    async (request, reply) => {
      const decisionId = idOf(request);
      const contactChildId = await childOfDecision(request, decisionId);
      const form = secondVerdictForm.safeParse(request.body ?? {});
      const returnedWithoutReason = form.success && form.data.verdict === 'return' && !form.data.comment;
      if (!form.success || returnedWithoutReason) {
        const errors = form.success
          ? formError('comment', 'Say why you are returning the decision, so the practitioner can act on it')
          : formErrors(form.error);
        return showFormErrors(deps, request, reply, contactChildId, 'second', errors);
      }
      const settings = await councilSettings(deps.db);
      return saveScreeningForm(deps, request, reply, contactChildId, 'second', () =>
        secondAuthorisation(
          request.access,
          {
            decisionId,
            openedVersion: form.data.version,
            verdict: form.data.verdict,
            comment: form.data.comment,
          },
          deps.clock.now(),
          settings
        )
      );
    }
  );

  app.post(
    '/screening/:id/extension',
    { config: { permission: 'decision:authorise' } },
    async (request, reply) => {
      const id = idOf(request);
      const form = extensionForm.safeParse(request.body ?? {});
      if (!form.success) return showFormErrors(deps, request, reply, id, 'extension', formErrors(form.error));
      const until = DateTime.fromISO(`${form.data['until-date']}T${form.data['until-time']}`, {
        zone: 'Europe/London',
      });
      if (!until.isValid) {
        const errors = formError('until-date', 'Enter a real date and time, like 2026-11-24 and 14:00');
        return showFormErrors(deps, request, reply, id, 'extension', errors);
      }
      return saveScreeningForm(deps, request, reply, id, 'extension', () =>
        extendDecisionTimescale(
          request.access,
          {
            contactChildId: id,
            openedVersion: form.data.version,
            until: until.toJSDate(),
            reason: form.data.reason,
          },
          deps.clock.now()
        )
      );
    }
  );

  app.get('/decisions', { config: { permission: 'decision:authorise' } }, async (request, reply) => {
    const now = deps.clock.now();
    const settings = await councilSettings(deps.db);
    const items = await managerOversight(request.access, now, settings);
    const downgrades = await pendingDowngrades(request.access, now, settings);
    return reply.view(`${VIEWS}/oversight.njk`, {
      pageTitle: 'Decisions to authorise and overdue work',
      downgrades,
      awaiting: items.filter((item) => item.decision_status === 'proposed'),
      secondSignOff: items.filter((item) => item.awaitingSecondSignOff),
      overdue: items.filter((item) => item.decision_id === null),
      now,
      describe: describeCode,
    });
  });

  async function renderProposal(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    errors?: FormErrors
  ) {
    const data = await request.access.readContactChild(id, async (db) => {
      const [child, assessment, outcomes, teams, rating] = await Promise.all([
        db
          .selectFrom('contact_child')
          .leftJoin('person', 'person.id', 'contact_child.person_id')
          .where('contact_child.id', '=', id)
          .select([
            'contact_child.id',
            'contact_child.version',
            'contact_child.person_id',
            'contact_child.described_child',
            'person.given_name',
            'person.family_name',
          ])
          .executeTakeFirstOrThrow(),
        latestAssessment(db, id),
        activeOutcomes(db),
        receivingTeams(db),
        ratingState(db, id),
      ]);
      return { child, assessment, outcomes, teams, rating };
    });
    const values = errors ? ((request.body ?? {}) as Record<string, unknown>) : {};
    const chosen = new Set([values.outcomes ?? []].flat().map(String));
    return reply.view(`${VIEWS}/propose.njk`, {
      pageTitle: 'Propose a decision',
      ...data,
      values,
      errors,
      outcomeItems: data.outcomes.map((outcome) => ({
        value: outcome.code,
        text: outcome.label,
        checked: chosen.has(outcome.code),
      })),
      teamItems: [
        { value: '', text: 'Choose a team' },
        ...data.teams.map((team) => ({
          value: String(team.id),
          text: team.name,
          selected: String(values.receivingTeam ?? '') === String(team.id),
        })),
      ],
      // After a conflict the form moves on to the version now saved, so checking and saving again works.
      version: errors && reply.statusCode !== 409 ? values.version : data.child.version,
    });
  }

  async function childOfDecision(request: FastifyRequest, decisionId: number): Promise<number> {
    const row = await deps.db
      .selectFrom('decision')
      .where('id', '=', decisionId)
      .select('contact_child_id')
      .executeTakeFirst();
    if (!row) throw new RecordNotFoundError('Decision');
    // Reading the child checks the manager may see it before anything is decided.
    await request.access.readContactChild(row.contact_child_id, async () => null);
    return row.contact_child_id;
  }
}

function idOf(request: FastifyRequest): number {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new RecordNotFoundError('Decision');
  return params.data.id;
}
