import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import { formErrorsOf } from './mash-meeting-rules.ts';
import { ukDateTimeParts } from '../../shared/uk-time.ts';
import { ACCOMMODATION, parseOutOfHoursAction } from './out-of-hours-rules.ts';
import { isOutOfHours } from '../../shared/working-time.ts';
import { describeCode } from '../people/code-labels.ts';
import { calendarOf, councilSettings } from '../../platform/council/council-settings.ts';
import { STRATEGY_OUTCOMES } from '../strategy/strategy-form.ts';
import {
  listHandover,
  listOutOfHoursWork,
  OUT_OF_HOURS_PAGE_SIZE,
  loadChildForAction,
  pickUpForDayTeam,
  recordOutOfHoursAction,
} from './out-of-hours.ts';
import { recordIdOf } from '../../platform/http/params.ts';
import { arrangementInForceAt } from '../../platform/council/out-of-hours-arrangement.ts';
import { govukPagination } from '../../platform/http/pagination.ts';
import { councilSettingsOf } from '../../platform/http/request-context.ts';

const VIEWS = 'modules/work/views';

/** A page of an out-of-hours list: anything not a page number is the first. */
const listPage = z.coerce.number().int().min(1).max(10_000).catch(1);

/** A list's address at a page (page 1 is the list's own address). */
function pageUrl(path: string, page: number): string {
  return page > 1 ? `${path}?page=${page}` : path;
}

/** The handover list's address at a page, saying a child was just picked up when one was. */
function handoverUrl(page: number, pickedUp: boolean): string {
  const query = new URLSearchParams();
  if (pickedUp) query.set('picked-up', '1');
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/out-of-hours/handover?${text}` : '/out-of-hours/handover';
}

/** GOV.UK pagination for a list's page of the total it holds. */
function pagination(page: number, total: number, href: (page: number) => string) {
  return govukPagination(page, Math.ceil(total / OUT_OF_HOURS_PAGE_SIZE), href);
}

/**
 * The out-of-hours service: tonight's list of what needs attention, the actions taken, and the day
 * team's next-working-day handover list.
 */
export function registerOutOfHoursRoutes(app: FastifyInstance, deps: AppDeps): void {
  const read = { config: { permission: 'contact:read' } } as const;
  const record = { config: { permission: 'screening:record' } } as const;
  const calendar = async () => calendarOf(await councilSettings(deps.db));

  app.get('/out-of-hours', read, async (request, reply) => {
    const now = deps.clock.now();
    const settings = await councilSettingsOf(request, deps.db);
    const page = listPage.parse((request.query as { page?: unknown } | undefined)?.page);
    const children = await listOutOfHoursWork(request.access, now, settings, page);
    // A page past the end (children picked up since the link was made): back to the first.
    if (children.total === null) return reply.redirect('/out-of-hours', 303);
    return reply.view(`${VIEWS}/out-of-hours.njk`, {
      pageTitle: 'Out of hours',
      children: {
        ...children,
        pagination: pagination(page, children.total, (number) => pageUrl('/out-of-hours', number)),
      },
      now,
      outOfHoursNow: isOutOfHours(now, calendarOf(settings)),
      canRecord: request.access.can('screening:record'),
      describe: describeCode,
    });
  });

  app.get('/out-of-hours/handover', read, async (request, reply) => {
    const now = deps.clock.now();
    const query = (request.query ?? {}) as { page?: unknown; 'picked-up'?: unknown };
    const page = listPage.parse(query.page);
    const pickedUp = query['picked-up'] === '1';
    const children = await listHandover(request.access, now, await councilSettingsOf(request, deps.db), page);
    // A page past the end (the last children on it picked up): back to the first, the banner kept.
    if (children.total === null) return reply.redirect(handoverUrl(1, pickedUp), 303);
    return reply.view(`${VIEWS}/handover.njk`, {
      pageTitle: 'Out-of-hours handover',
      children: {
        ...children,
        pagination: pagination(page, children.total, (number) => handoverUrl(number, false)),
      },
      handoverTime: (await arrangementInForceAt(deps.db, now)).handoverTime,
      now,
      strategyOutcomes: STRATEGY_OUTCOMES,
      pickedUp,
      canRecord: request.access.can('screening:record'),
      describe: describeCode,
    });
  });

  app.get('/out-of-hours/:id/actions', record, async (request, reply) => {
    const id = recordIdOf(request, 'Contact');
    const recorded = (request.query as { recorded?: string }).recorded === '1';
    // Dates start at today and the child as seen by the worker recording: a few taps at 3 a.m.
    const today = ukDateTimeParts(deps.clock.now());
    const values: Record<string, string> = { childSeenBy: request.access.actor.displayName };
    for (const prefix of ['childSeenAt', 'policeProtectionAt', 'epoSoughtAt']) {
      values[`${prefix}-day`] = today.day;
      values[`${prefix}-month`] = today.month;
      values[`${prefix}-year`] = today.year;
    }
    return renderActionForm(reply, await loadChildForAction(request.access, id), { values, recorded });
  });

  app.post('/out-of-hours/:id/actions', record, async (request, reply) => {
    const id = recordIdOf(request, 'Contact');
    const child = await loadChildForAction(request.access, id);
    const values = (request.body ?? {}) as Record<string, string>;
    const now = deps.clock.now();
    const parsed = parseOutOfHoursAction(values, now);
    if (!parsed.ok)
      return renderActionForm(reply.code(400), child, { values, errors: formErrorsOf(parsed.problems) });
    await recordOutOfHoursAction(request.access, {
      contactChildId: id,
      ...parsed.value,
      now,
      cal: await calendar(),
    });
    return reply.redirect(`/out-of-hours/${id}/actions?recorded=1`, 303);
  });

  app.post('/out-of-hours/handover/:id/pick-up', record, async (request, reply) => {
    const id = recordIdOf(request, 'Contact');
    const now = deps.clock.now();
    await pickUpForDayTeam(request.access, {
      contactChildId: id,
      now,
      outOfHours: isOutOfHours(now, await calendar()),
    });
    // Back to the page of the list the child was picked up from.
    const page = listPage.parse((request.body as { page?: unknown } | undefined)?.page);
    return reply.redirect(handoverUrl(page, true), 303);
  });
}

function renderActionForm(
  reply: FastifyReply,
  child: Awaited<ReturnType<typeof loadChildForAction>>,
  extra: { values: Record<string, string>; errors?: FormErrors; recorded?: boolean }
) {
  return reply.view(`${VIEWS}/out-of-hours-action.njk`, {
    pageTitle: `Record an out-of-hours action – ${child.reference}`,
    child,
    accommodationItems: Object.entries(ACCOMMODATION).map(([value, text]) => ({
      value,
      text,
      checked: extra.values.accommodation === value,
    })),
    ...extra,
  });
}
