import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { optionalText, requiredText } from '../../platform/http/form-fields.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { refusalOf } from '../../platform/http/form-refusal.ts';
import { recordIdOf } from '../../platform/http/params.ts';
import { describeCode } from '../people/code-labels.ts';
import {
  loadProposalForm,
  managerOversight,
  oversightCounts,
  pendingDowngrades,
  proposeDecision,
} from './decisions.service.ts';
import { councilSettingsOf } from '../../platform/http/request-context.ts';

const VIEWS = 'modules/decisions/views';
const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const proposalForm = z.object({
  version: z.coerce.number({ error: 'Reload the page and try again' }).int().positive(),
  outcomes: z
    .union([z.string(), z.array(z.string())], { error: 'Choose at least one outcome' })
    .transform((value) => [...new Set([value].flat())]),
  receivingTeam: z.preprocess(blankAsUndefined, z.coerce.number().int().positive().optional()),
  transferTo: optionalText(200, 'The council name must be 200 characters or fewer'),
  rationale: requiredText(10_000, 'Explain the decision and why it is right for the child'),
  childsViews: requiredText(5000, "Say how the child's views and experience were considered"),
  historyConsidered: requiredText(5000, "Say how the family's history was considered"),
});

/**
 * Proposing a decision, and managers' oversight list. A manager's verdict, the second sign-off and
 * extensions are given on the case page (modules/case).
 */
export function registerDecisionRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/screening/:id/decision', { config: { permission: 'decision:propose' } }, async (request, reply) =>
    renderProposal(request, reply, recordIdOf(request, 'Contact'))
  );

  app.post(
    '/screening/:id/decision',
    { config: { permission: 'decision:propose' } },
    async (request, reply) => {
      const id = recordIdOf(request, 'Contact');
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
        const refusal = refusalOf(error, 'contact');
        if (!refusal) throw error;
        return renderProposal(request, reply.code(refusal.status), id, refusal.errors);
      }
      return reply.redirect(`/screening/${id}#decision`, 303);
    }
  );

  app.get('/decisions', { config: { permission: 'decision:authorise' } }, async (request, reply) => {
    const now = deps.clock.now();
    const settings = await councilSettingsOf(request, deps.db);
    const items = await managerOversight(request.access, now, settings);
    const downgrades = await pendingDowngrades(request.access, now, settings);
    const counts = await oversightCounts(deps.db, request.access.actor, now);
    return reply.view(`${VIEWS}/oversight.njk`, {
      pageTitle: 'Decisions to authorise and overdue work',
      counts,
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
    const data = await loadProposalForm(request.access, id);
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
}
