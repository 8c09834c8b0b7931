import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { refusalOf } from '../../platform/http/form-refusal.ts';
import { formError, formErrors, prefixFormErrors, type FormErrors } from '../../platform/http/forms.ts';
import { localityForm } from './locality-form.ts';
import { listLocalities, setChildPopulation } from './localities.service.ts';

const VIEW = 'modules/administration/views/localities.njk';
/** Until a 'council:configure' permission exists: administrators hold it. */
const configure = { config: { permission: 'council:configure' } } as const;
const localityParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const savedQuery = z.object({ saved: z.coerce.number().int().optional().catch(undefined) });

/** A form that was not saved: the locality it was for, what was typed and why not. */
interface Unsaved {
  localityId: number;
  values: unknown;
  errors: FormErrors;
}

/** The child population of each locality, for rates per 10,000 children on the performance pages. */
export function registerLocalityRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/admin/localities', configure, async (request, reply) => {
    const { saved } = savedQuery.parse(request.query ?? {});
    return show(reply, undefined, saved);
  });

  app.post('/admin/localities/:id', configure, async (request, reply) => {
    const parsedParams = localityParams.safeParse(request.params);
    if (!parsedParams.success) throw new RecordNotFoundError('Locality');
    const localityId = parsedParams.data.id;
    const form = localityForm.safeParse(request.body ?? {});
    if (!form.success)
      return show(reply.code(400), { localityId, values: request.body, errors: formErrors(form.error) });
    try {
      await setChildPopulation(request.access, { localityId, ...form.data });
    } catch (error) {
      const refusal = refusalOf(error, 'figure');
      if (!refusal) throw error;
      const errors = formError('population', refusal.errors.summary[0]!.text);
      return show(reply.code(refusal.status), { localityId, values: request.body, errors });
    }
    return reply.redirect(`/admin/localities?saved=${localityId}`, 303);
  });

  async function show(reply: FastifyReply, unsaved?: Unsaved, savedId?: number) {
    const localities = await listLocalities(deps.db);
    const saved = localities.find((locality) => locality.id === savedId);
    return reply.view(VIEW, {
      pageTitle: 'Localities and their children',
      localities,
      saved,
      unsaved: unsaved && {
        localityId: unsaved.localityId,
        values: unsaved.values,
        errors: prefixFormErrors(`locality-${unsaved.localityId}`, unsaved.errors),
      },
    });
  }
}
