import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { refusalOf } from '../../platform/http/form-refusal.ts';
import { addOutcomeOption, listOutcomeOptions, setOutcomeOptionActive } from './outcome-options.service.ts';

const VIEW = 'modules/decisions/views/outcome-options.njk';

const newOutcomeForm = z.object({
  code: requiredText(40, 'Enter a code, like private_fostering').regex(
    /^[a-z][a-z0-9_]*$/,
    'The code must start with a letter and use only lower-case letters, numbers and underscores'
  ),
  label: requiredText(200, 'Enter the outcome as practitioners will see it'),
  needsTeam: z.enum(['yes', 'no'], { error: 'Say whether the outcome hands the child to a team' }),
  isReferral: z.enum(['yes', 'no'], { error: 'Say whether the outcome counts as a referral' }),
});

/** The council's decision outcomes: add one, or switch one on or off (see outcome-options.service.ts). */
export function registerOutcomeOptionRoutes(app: FastifyInstance, deps: AppDeps): void {
  const manage = { config: { permission: 'outcome:manage' } } as const;

  app.get('/admin/outcomes', manage, async (_request, reply) => show(reply));

  app.post('/admin/outcomes', manage, async (request, reply) => {
    const form = newOutcomeForm.safeParse(request.body ?? {});
    if (!form.success) return show(reply.code(400), request.body, formErrors(form.error));
    try {
      await addOutcomeOption(request.access, {
        code: form.data.code,
        label: form.data.label,
        needsTeam: form.data.needsTeam === 'yes',
        isReferral: form.data.isReferral === 'yes',
      });
    } catch (error) {
      const refusal = refusalOf(error, 'outcome');
      if (!refusal) throw error;
      return show(reply.code(refusal.status), request.body, refusal.errors);
    }
    return reply.redirect('/admin/outcomes', 303);
  });

  app.post('/admin/outcomes/:id/active', manage, async (request, reply) => {
    const code = (request.params as { id: string }).id;
    const active = (request.body as { active?: string } | undefined)?.active === 'yes';
    await setOutcomeOptionActive(request.access, code, active);
    return reply.redirect('/admin/outcomes', 303);
  });

  async function show(reply: FastifyReply, values: unknown = {}, errors?: FormErrors) {
    const outcomes = await listOutcomeOptions(deps.db);
    return reply.view(VIEW, { pageTitle: 'Decision outcomes', outcomes, values, errors });
  }
}
