import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { formError, formErrors, type FormErrors } from '../../platform/http/forms.ts';

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

/**
 * The decision outcomes a council offers, beyond the usual ones (for example private fostering or the
 * LADO). Outcomes are never deleted, because past decisions name them: they are switched off instead.
 */
export function registerOutcomeOptionRoutes(app: FastifyInstance, deps: AppDeps): void {
  const manage = { config: { permission: 'outcome:manage' } } as const;

  app.get('/admin/outcomes', manage, async (_request, reply) => show(reply));

  app.post('/admin/outcomes', manage, async (request, reply) => {
    const form = newOutcomeForm.safeParse(request.body ?? {});
    if (!form.success) return show(reply.code(400), request.body, formErrors(form.error));
    const taken = await deps.db
      .selectFrom('outcome_option')
      .where('code', '=', form.data.code)
      .select('code')
      .executeTakeFirst();
    if (taken)
      return show(
        reply.code(400),
        request.body,
        formError('code', 'There is already an outcome with this code')
      );
    await request.access.recordChange('outcome:manage', 'outcome.add', async (trx) => {
      const { last } = await trx
        .selectFrom('outcome_option')
        .select((eb) => eb.fn.max('sort_order').as('last'))
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('outcome_option')
        .values({
          code: form.data.code,
          label: form.data.label,
          needs_team: form.data.needsTeam === 'yes',
          is_referral: form.data.isReferral === 'yes',
          sort_order: Number(last ?? 0) + 1,
        })
        .execute();
      return { recordType: 'outcome_option', recordId: form.data.code, result: null };
    });
    return reply.redirect('/admin/outcomes', 303);
  });

  app.post('/admin/outcomes/:id/active', manage, async (request, reply) => {
    const code = (request.params as { id: string }).id;
    const active = (request.body as { active?: string } | undefined)?.active === 'yes';
    await request.access.recordChange('outcome:manage', 'outcome.change', async (trx) => {
      const changed = await trx
        .updateTable('outcome_option')
        .set({ active })
        .where('code', '=', code)
        .executeTakeFirst();
      if (changed.numUpdatedRows === 0n) throw new RecordNotFoundError('Outcome');
      return { recordType: 'outcome_option', recordId: code, result: null, details: { active } };
    });
    return reply.redirect('/admin/outcomes', 303);
  });

  async function show(reply: FastifyReply, values: unknown = {}, errors?: FormErrors) {
    const outcomes = await deps.db.selectFrom('outcome_option').selectAll().orderBy('sort_order').execute();
    return reply.view(VIEW, { pageTitle: 'Decision outcomes', outcomes, values, errors });
  }
}
