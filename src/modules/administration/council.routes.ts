import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { formErrors, type FormErrors } from '../../platform/http/forms.ts';
import type { CouncilSettings } from '../../platform/db/schema.ts';
import { councilSettingsForEditing } from '../../platform/council/council-settings.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import {
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  agencyForm,
  closureForm,
  localityNameForm,
  removeClosureForm,
  serviceHoursForm,
  TEAM_KIND_LABELS,
  TEAM_KINDS,
  teamForm,
  TIMESCALE_KEYS,
  TIMESCALE_LABELS,
  TIMESCALE_UNIT_LABELS,
  TIMESCALE_UNITS,
  timescalesForm,
  type TimescaleKey,
} from './admin-forms.ts';
import { attempt, idFrom, selectItems, VIEWS } from './admin-pages.ts';
import {
  addLocality,
  listAgencies,
  listLocalityNames,
  listTeams,
  saveAgency,
  saveTeam,
} from './organisation.service.ts';
import {
  addClosure,
  changeServiceHours,
  changeTimescales,
  removeClosure,
} from './council-settings.service.ts';
import { describeTimescale } from '../../shared/duration-text.ts';

const CONFIGURE = { config: { permission: 'council:configure' } } as const;
const savedQuery = z.object({ saved: z.string().max(40).optional().catch(undefined) });
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Teams and localities, partner agencies, RAG and decision timescales, service hours and closure days. */
export function registerCouncilRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db, clock } = deps;

  // Teams and localities
  app.get('/admin/teams', CONFIGURE, async (request, reply) => {
    const { saved } = savedQuery.parse(request.query ?? {});
    return showTeams(reply, {}, saved);
  });

  app.post('/admin/teams', CONFIGURE, async (request, reply) => {
    const values = request.body ?? {};
    const form = teamForm.safeParse(values);
    if (!form.success) return showTeams(reply.code(400), { team: values, errors: formErrors(form.error) });
    const result = await attempt(() => saveTeam(request.access, null, form.data), 'team');
    if (!result.saved)
      return showTeams(reply.code(result.refusal.status), { team: values, errors: result.refusal.errors });
    return reply.redirect('/admin/teams?saved=team', 303);
  });

  app.post('/admin/teams/localities', CONFIGURE, async (request, reply) => {
    const values = request.body ?? {};
    const form = localityNameForm.safeParse(values);
    if (!form.success)
      return showTeams(reply.code(400), { locality: values, errors: formErrors(form.error) });
    const result = await attempt(() => addLocality(request.access, form.data.name), 'locality');
    if (!result.saved)
      return showTeams(reply.code(result.refusal.status), {
        locality: values,
        errors: result.refusal.errors,
      });
    return reply.redirect('/admin/teams?saved=locality', 303);
  });

  app.get('/admin/teams/:id', CONFIGURE, async (request, reply) => {
    const id = idFrom(request.params, 'Team');
    return showTeam(reply, id);
  });

  app.post('/admin/teams/:id', CONFIGURE, async (request, reply) => {
    const id = idFrom(request.params, 'Team');
    const values = request.body ?? {};
    const form = teamForm.safeParse(values);
    if (!form.success) return showTeam(reply.code(400), id, values, formErrors(form.error));
    const result = await attempt(() => saveTeam(request.access, id, form.data), 'team');
    if (!result.saved) return showTeam(reply.code(result.refusal.status), id, values, result.refusal.errors);
    return reply.redirect('/admin/teams?saved=team', 303);
  });

  // Partner agencies
  app.get('/admin/agencies', CONFIGURE, async (request, reply) => {
    const { saved } = savedQuery.parse(request.query ?? {});
    return showAgencies(reply, {}, undefined, saved === 'agency');
  });

  app.post('/admin/agencies', CONFIGURE, async (request, reply) => {
    const values = request.body ?? {};
    const form = agencyForm.safeParse(values);
    if (!form.success) return showAgencies(reply.code(400), values, formErrors(form.error));
    const result = await attempt(() => saveAgency(request.access, null, form.data), 'agency');
    if (!result.saved) return showAgencies(reply.code(result.refusal.status), values, result.refusal.errors);
    return reply.redirect('/admin/agencies?saved=agency', 303);
  });

  app.get('/admin/agencies/:id', CONFIGURE, async (request, reply) =>
    showAgency(reply, idFrom(request.params, 'Agency'))
  );

  app.post('/admin/agencies/:id', CONFIGURE, async (request, reply) => {
    const id = idFrom(request.params, 'Agency');
    const values = request.body ?? {};
    const form = agencyForm
      .extend({ kind: z.enum([...AGENCY_KINDS, 'council'], { error: 'Choose what kind of agency it is' }) })
      .safeParse(values);
    if (!form.success) return showAgency(reply.code(400), id, values, formErrors(form.error));
    const result = await attempt(() => saveAgency(request.access, id, form.data), 'agency');
    if (!result.saved)
      return showAgency(reply.code(result.refusal.status), id, values, result.refusal.errors);
    return reply.redirect('/admin/agencies?saved=agency', 303);
  });

  // RAG and decision timescales
  app.get('/admin/timescales', CONFIGURE, async (request, reply) => {
    const { saved } = savedQuery.parse(request.query ?? {});
    return showTimescales(reply, undefined, undefined, saved);
  });

  app.post('/admin/timescales', CONFIGURE, async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, unknown>;
    const form = timescalesForm.safeParse(values);
    if (!form.success) return showTimescales(reply.code(400), values, formErrors(form.error));
    const { red, amber, green, decision, version } = form.data;
    const next = { ragTimescales: { red, amber, green }, decisionTimescale: decision };
    const { settings } = await councilSettingsForEditing(db);
    const unchanged =
      JSON.stringify(next) ===
      JSON.stringify({
        ragTimescales: settings.ragTimescales,
        decisionTimescale: settings.decisionTimescale,
      });
    if (unchanged) return reply.redirect('/admin/timescales?saved=unchanged', 303);
    const result = await attempt(
      () => changeTimescales(request.access, version, next, clock.now()),
      'timescale'
    );
    if (!result.saved)
      return showTimescales(reply.code(result.refusal.status), values, result.refusal.errors);
    return reply.redirect('/admin/timescales?saved=timescales', 303);
  });

  // Service hours, duty numbers and closure days
  app.get('/admin/service-hours', CONFIGURE, async (request, reply) => {
    const { saved } = savedQuery.parse(request.query ?? {});
    return showServiceHours(reply, {}, saved);
  });

  app.post('/admin/service-hours', CONFIGURE, async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, unknown>;
    const form = serviceHoursForm.safeParse(values);
    if (!form.success)
      return showServiceHours(reply.code(400), { hours: values, errors: formErrors(form.error) });
    const { weekdays, opens, closes, dutyLine, dutyHours, outOfHours, version } = form.data;
    const change = {
      serviceHours: { weekdays, opens, closes },
      dutyContact: { line: dutyLine, hours: dutyHours, outOfHours },
    };
    const result = await attempt(() => changeServiceHours(request.access, version, change), 'service hours');
    if (!result.saved)
      return showServiceHours(reply.code(result.refusal.status), {
        hours: values,
        errors: result.refusal.errors,
      });
    return reply.redirect('/admin/service-hours?saved=hours', 303);
  });

  app.post('/admin/service-hours/closures', CONFIGURE, async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, unknown>;
    const form = closureForm.safeParse(values);
    if (!form.success)
      return showServiceHours(reply.code(400), { closure: values, errors: formErrors(form.error) });
    const { date, version } = form.data;
    const result = await attempt(() => addClosure(request.access, version, date, clock.now()), 'closure day');
    if (!result.saved)
      return showServiceHours(reply.code(result.refusal.status), {
        closure: values,
        errors: result.refusal.errors,
      });
    return reply.redirect('/admin/service-hours?saved=closure', 303);
  });

  app.post('/admin/service-hours/closures/remove', CONFIGURE, async (request, reply) => {
    const form = removeClosureForm.safeParse(request.body ?? {});
    if (!form.success) return reply.redirect('/admin/service-hours', 303);
    const { date, version } = form.data;
    const result = await attempt(() => removeClosure(request.access, version, date), 'closure day');
    if (!result.saved)
      return showServiceHours(reply.code(result.refusal.status), { errors: result.refusal.errors });
    return reply.redirect('/admin/service-hours?saved=closure-removed', 303);
  });

  async function teamChoices(values: Record<string, unknown>) {
    const [agencies, localities] = await Promise.all([listAgencies(db), listLocalityNames(db)]);
    return {
      kinds: selectItems(
        TEAM_KINDS.map((kind) => ({ value: kind, text: TEAM_KIND_LABELS[kind] })),
        values.kind,
        'Choose a kind'
      ),
      agencies: selectItems(
        agencies.map((agency) => ({ value: agency.id, text: agency.name })),
        values.agencyId,
        'Choose an agency'
      ),
      localities: selectItems(
        localities.map((locality) => ({ value: locality.id, text: locality.name })),
        values.localityId,
        'No locality'
      ),
    };
  }

  async function showTeams(
    reply: FastifyReply,
    unsaved: { team?: unknown; locality?: unknown; errors?: FormErrors },
    saved?: string
  ) {
    const team = (unsaved.team ?? {}) as Record<string, unknown>;
    return reply.view(`${VIEWS}/teams.njk`, {
      pageTitle: 'Teams and localities',
      teams: (await listTeams(db)).map((row) => ({ ...row, kindLabel: TEAM_KIND_LABELS[row.kind] })),
      localityList: await listLocalityNames(db),
      team,
      locality: unsaved.locality ?? {},
      errors: unsaved.errors,
      saved,
      ...(await teamChoices(team)),
    });
  }

  async function showTeam(reply: FastifyReply, id: number, values?: unknown, errors?: FormErrors) {
    const team = (await listTeams(db)).find((row) => row.id === id);
    if (!team) return reply.callNotFound();
    const shown = (values ?? {
      name: team.name,
      kind: team.kind,
      agencyId: team.agencyId,
      localityId: team.localityId,
    }) as Record<string, unknown>;
    return reply.view(`${VIEWS}/team.njk`, {
      pageTitle: `Change ${team.name}`,
      team,
      values: shown,
      errors,
      ...(await teamChoices(shown)),
    });
  }

  function agencyKinds(chosen: unknown, council: boolean) {
    const kinds = council ? (['council'] as const) : AGENCY_KINDS;
    return selectItems(
      kinds.map((kind) => ({ value: kind, text: AGENCY_KIND_LABELS[kind] })),
      chosen,
      council ? undefined : 'Choose a kind'
    );
  }

  async function showAgencies(reply: FastifyReply, values: unknown, errors?: FormErrors, saved?: boolean) {
    const typed = (values ?? {}) as Record<string, unknown>;
    return reply.view(`${VIEWS}/agencies.njk`, {
      pageTitle: 'Partner agencies',
      agencies: (await listAgencies(db)).map((row) => ({ ...row, kindLabel: AGENCY_KIND_LABELS[row.kind] })),
      values: typed,
      kinds: agencyKinds(typed.kind, false),
      errors,
      saved,
    });
  }

  async function showAgency(reply: FastifyReply, id: number, values?: unknown, errors?: FormErrors) {
    const agency = (await listAgencies(db)).find((row) => row.id === id);
    if (!agency) return reply.callNotFound();
    const shown = (values ?? { name: agency.name, kind: agency.kind }) as Record<string, unknown>;
    return reply.view(`${VIEWS}/agency.njk`, {
      pageTitle: `Change ${agency.name}`,
      agency,
      values: shown,
      kinds: agencyKinds(shown.kind, agency.kind === 'council'),
      errors,
    });
  }

  async function showTimescales(
    reply: FastifyReply,
    values?: Record<string, unknown>,
    errors?: FormErrors,
    saved?: string
  ) {
    const { settings, version } = await councilSettingsForEditing(db);
    const stored = timescaleFields(settings);
    const rows = TIMESCALE_KEYS.map((key) => ({
      key,
      label: TIMESCALE_LABELS[key],
      units: TIMESCALE_UNITS.map((unit) => ({
        value: unit,
        text: TIMESCALE_UNIT_LABELS[unit],
        checked: (values?.[`${key}-unit`] ?? stored[key].unit) === unit,
      })),
      amount: values ? values[`${key}-amount`] : stored[key].amount,
    }));
    const history = [...(settings.timescaleHistory ?? [])].reverse().map((old) => ({
      until: formatUk(old.until, UK_FORMATS.timeOnDate),
      text: describeTimescales(old),
    }));
    return reply.view(`${VIEWS}/timescales.njk`, {
      pageTitle: 'RAG and decision timescales',
      rows,
      version: values?.version ?? version,
      current: describeTimescales(settings),
      history,
      errors,
      saved,
    });
  }

  async function showServiceHours(
    reply: FastifyReply,
    unsaved: { hours?: Record<string, unknown>; closure?: Record<string, unknown>; errors?: FormErrors },
    saved?: string
  ) {
    const { settings, version } = await councilSettingsForEditing(db);
    const hours = unsaved.hours ?? {
      weekdays: settings.serviceHours.weekdays.map(String),
      opens: settings.serviceHours.opens,
      closes: settings.serviceHours.closes,
      dutyLine: settings.dutyContact.line,
      dutyHours: settings.dutyContact.hours,
      outOfHours: settings.dutyContact.outOfHours,
    };
    const chosenDays = [hours.weekdays ?? []].flat().map(String);
    return reply.view(`${VIEWS}/service-hours.njk`, {
      pageTitle: 'Service hours and closure days',
      // After a refusal, the version the page was opened at: saving again still cannot overwrite unseen.
      version: unsaved.hours?.version ?? unsaved.closure?.version ?? version,
      hours,
      weekdays: WEEKDAYS.map((day, index) => ({
        value: String(index + 1),
        text: day,
        checked: chosenDays.includes(String(index + 1)),
      })),
      closures: settings.closures.map((date) => ({ date, text: formatUk(date, UK_FORMATS.date) })),
      closure: unsaved.closure ?? {},
      errors: unsaved.errors,
      saved,
    });
  }
}

type Timescales = Pick<CouncilSettings, 'ragTimescales' | 'decisionTimescale'>;

function timescaleFields(timescales: Timescales): Record<TimescaleKey, { unit: string; amount: number }> {
  return { ...timescales.ragTimescales, decision: timescales.decisionTimescale };
}

function describeTimescales(timescales: Timescales): string {
  const fields = timescaleFields(timescales);
  return TIMESCALE_KEYS.map((key) => `${TIMESCALE_LABELS[key]}: ${describeTimescale(fields[key])}`).join(
    '; '
  );
}
