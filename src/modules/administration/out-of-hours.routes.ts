import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { councilSettings } from '../../platform/council/council-settings.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import { attempt, selectItems, VIEWS } from './admin-pages.ts';
import { listTeams } from './organisation.service.ts';
import { outOfHoursForm } from './out-of-hours-form.ts';
import { activeManagers, arrangementHistory, changeArrangements } from './out-of-hours.service.ts';
import { arrangementInForceAt } from '../../platform/council/out-of-hours-arrangement.ts';

const CONFIGURE = { config: { permission: 'council:configure' } } as const;
const savedQuery = z.object({ saved: z.string().max(10).optional().catch(undefined) });

/** Out-of-hours arrangements: who takes the front door's work while it is closed, each change a new version. */
export function registerOutOfHoursRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get('/admin/out-of-hours', CONFIGURE, async (request, reply) => {
    const { saved } = savedQuery.parse(request.query ?? {});
    return showArrangements(reply, undefined, undefined, saved === '1');
  });

  app.post('/admin/out-of-hours', CONFIGURE, async (request, reply) => {
    const typed = (request.body ?? {}) as Record<string, unknown>;
    const form = outOfHoursForm.safeParse(typed);
    if (!form.success) return showArrangements(reply.code(400), typed, formErrors(form.error));
    const result = await attempt(
      () => changeArrangements(request.access, form.data, clock.now()),
      'out-of-hours arrangements'
    );
    if (!result.saved)
      return showArrangements(reply.code(result.refusal.status), typed, result.refusal.errors);
    return reply.redirect('/admin/out-of-hours?saved=1', 303);
  });

  async function showArrangements(
    reply: FastifyReply,
    typed?: Record<string, unknown>,
    errors?: FormErrors,
    saved?: boolean
  ) {
    const [current, teams, managers, history, settings] = await Promise.all([
      arrangementInForceAt(db, clock.now()),
      listTeams(db),
      activeManagers(db),
      arrangementHistory(db),
      councilSettings(db),
    ]);
    const values = typed ?? {
      receivingTeamId: current.receivingTeamId,
      onCallManagerIds: current.onCallManagerIds.map(String),
      handoverTime: current.handoverTime,
    };
    const chosen = [values.onCallManagerIds ?? []].flat().map(String);
    return reply.view(`${VIEWS}/out-of-hours.njk`, {
      pageTitle: 'Out-of-hours arrangements',
      // After a refusal, the version the page was opened at: saving again cannot overwrite a change unseen.
      version: typed?.version ?? history[0]?.version ?? 0,
      values,
      national: current.version === 0,
      teams: selectItems(
        teams.filter((team) => team.kind !== 'partner').map((team) => ({ value: team.id, text: team.name })),
        values.receivingTeamId,
        'Choose a team'
      ),
      managers: managers.map((manager) => ({
        value: String(manager.id),
        text: manager.name,
        checked: chosen.includes(String(manager.id)),
      })),
      edtLine: settings.dutyContact.outOfHours,
      history: history.map((old) => ({
        ...old,
        savedAt: formatUk(old.savedAt, UK_FORMATS.timeOnDate),
      })),
      errors,
      saved,
    });
  }
}
