import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { formErrors } from '../../platform/http/forms.ts';
import { recordIdOf } from '../../platform/http/params.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import { allocateContactChild, confirmRating, rateContactChild } from '../screening/screening.service.ts';
import {
  decideAuthorisation,
  extendDecisionTimescale,
  secondAuthorisation,
} from '../decisions/decisions.service.ts';
import { renderCasePage, saveCaseForm, showFormErrors } from './case-page.ts';
import { allocationForm, confirmationForm, parseExtension, parseVerdict, ratingForm } from './case-forms.ts';

/**
 * The child's case page and the forms on it: rating, a manager's confirmation, allocation, the
 * manager's verdict on a decision, its second sign-off and extending the decision timescale. Each
 * returns to the page, or shows it again with the form's errors and what was typed.
 */
export function registerCaseRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/screening/:id', { config: { permission: 'contact:read' } }, async (request, reply) =>
    renderCasePage(deps, request, reply, recordIdOf(request, 'Contact'))
  );

  app.post(
    '/screening/:id/rating',
    { config: { permission: 'screening:record' } },
    async (request, reply) => {
      const id = recordIdOf(request, 'Contact');
      const form = ratingForm.safeParse(request.body ?? {});
      if (!form.success) return showFormErrors(deps, request, reply, id, 'rating', formErrors(form.error));
      return saveCaseForm(deps, request, reply, id, 'rating', async () =>
        rateContactChild(
          request.access,
          {
            contactChildId: id,
            openedVersion: form.data.version,
            rag: form.data.rag,
            rationale: form.data.rationale,
          },
          deps.clock.now(),
          await councilSettings(deps.db)
        )
      );
    }
  );

  app.post(
    '/screening/:id/rating/confirmation',
    { config: { permission: 'decision:authorise' } },
    async (request, reply) => {
      const id = recordIdOf(request, 'Contact');
      const form = confirmationForm.safeParse(request.body ?? {});
      if (!form.success)
        return showFormErrors(deps, request, reply, id, 'confirmation', formErrors(form.error));
      // The reason a change or a lower rating asked for needs is checked against what is stored.
      return saveCaseForm(deps, request, reply, id, 'confirmation', async () =>
        confirmRating(
          request.access,
          {
            contactChildId: id,
            openedVersion: form.data.version,
            rag: form.data.rag,
            reason: form.data.reason,
          },
          deps.clock.now(),
          await councilSettings(deps.db)
        )
      );
    }
  );

  app.post(
    '/screening/:id/allocation',
    { config: { permission: 'work:allocate' } },
    async (request, reply) => {
      const id = recordIdOf(request, 'Contact');
      const form = allocationForm.safeParse(request.body ?? {});
      if (!form.success)
        return showFormErrors(deps, request, reply, id, 'allocation', formErrors(form.error));
      return saveCaseForm(deps, request, reply, id, 'allocation', () =>
        allocateContactChild(
          request.access,
          {
            contactChildId: id,
            openedVersion: form.data.version,
            teamId: form.data.team,
            workerId: form.data.worker ?? null,
          },
          deps.clock.now()
        )
      );
    }
  );

  app.post(
    '/decisions/:id/authorisation',
    { config: { permission: 'decision:authorise' } },
    async (request, reply) => {
      const decisionId = recordIdOf(request, 'Decision');
      // The decision's child, checked visible before anything is read or decided.
      const { contactChildId } = await request.access.assertVisibleVia('decision', decisionId);
      const form = parseVerdict('verdict', request.body);
      if (!form.success) return showFormErrors(deps, request, reply, contactChildId, 'verdict', form.errors);
      return saveCaseForm(deps, request, reply, contactChildId, 'verdict', () =>
        decideAuthorisation(
          request.access,
          {
            decisionId,
            openedVersion: form.data.version,
            verdict: form.data.verdict,
            comment: form.data.comment,
            receivingTeamId: form.data.receivingTeam,
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
      const decisionId = recordIdOf(request, 'Decision');
      const { contactChildId } = await request.access.assertVisibleVia('decision', decisionId);
      const form = parseVerdict('second', request.body);
      if (!form.success) return showFormErrors(deps, request, reply, contactChildId, 'second', form.errors);
      const settings = await councilSettings(deps.db);
      return saveCaseForm(deps, request, reply, contactChildId, 'second', () =>
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
      const id = recordIdOf(request, 'Contact');
      const form = parseExtension(request.body);
      if (!form.success) return showFormErrors(deps, request, reply, id, 'extension', form.errors);
      return saveCaseForm(deps, request, reply, id, 'extension', () =>
        extendDecisionTimescale(
          request.access,
          {
            contactChildId: id,
            openedVersion: form.data.version,
            until: form.data.until,
            reason: form.data.reason,
          },
          deps.clock.now()
        )
      );
    }
  );
}
