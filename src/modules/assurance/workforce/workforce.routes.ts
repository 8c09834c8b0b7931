import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import type { AppDeps } from '../../../platform/http/app-deps.ts';
import { refusalOf } from '../../../platform/http/form-refusal.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { idParam } from '../../../platform/http/params.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { registerCapacityRoutes } from '../capacity/capacity.routes.ts';
import { parseEmployment, parseEstablishment, parseSupervision, type FormValues } from './workforce-forms.ts';
import {
  councilStaffMember,
  councilTeams,
  recordEmployment,
  recordEstablishment,
  recordSupervision,
  supervisors,
  teamStaff,
  workforceFigures,
} from './workforce.service.ts';

const VIEWS = 'modules/assurance/workforce/views';
const view = { config: { permission: 'assurance:staff' as const } };
const manage = { config: { permission: 'assurance:manage' as const } };

const teamQuery = z.object({ team: idParam.optional().catch(undefined), saved: z.string().optional() });
const teamParams = z.object({ teamId: idParam });
const staffParams = z.object({ staffId: idParam });

function paramsOf<T>(schema: z.ZodType<T>, params: unknown, what: string): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new RecordNotFoundError(what);
  return parsed.data;
}

function formValues(request: FastifyRequest): FormValues {
  return (request.body ?? {}) as FormValues;
}

/** Date-input values for a stored 'YYYY-MM-DD', so a form opens with what is saved. */
function datePartsOf(prefix: string, date: string | null | undefined): FormValues {
  if (!date) return {};
  const [year, month, day] = date.split('-');
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year,
  };
}

const SAVED_NOTICES: Record<string, string> = {
  establishment: 'The establishment is saved.',
  employment: 'The employment details are saved.',
  supervision: 'The supervision is saved.',
};

/**
 * /assurance/workforce: each team's caseloads, posts, vacancies and agency staff, supervision held against
 * due and time in the team; forms for assurance managers to record them. Also registers /assurance/capacity.
 */
export function registerWorkforceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const today = () => londonDateOf(deps.clock.now());

  app.get('/assurance/workforce', view, async (request, reply) => {
    const { team, saved } = teamQuery.parse(request.query ?? {});
    const teams = await councilTeams(deps.db);
    const chosen = teams.find((candidate) => candidate.id === team) ?? teams[0];
    if (!chosen) throw new RecordNotFoundError('Team');
    const figures = await workforceFigures(request.access, chosen.id, deps.clock.now());
    return reply.view(`${VIEWS}/workforce.njk`, {
      pageTitle: `Workforce: ${chosen.name}`,
      team: chosen,
      teams: teams.map((option) => ({
        value: option.id,
        text: option.name,
        selected: option.id === chosen.id,
      })),
      canManage: request.access.can('assurance:manage'),
      notice: saved ? SAVED_NOTICES[saved] : undefined,
      ...figures,
    });
  });

  const teamFor = async (request: FastifyRequest) => {
    const { teamId } = paramsOf(teamParams, request.params, 'Team');
    const team = (await councilTeams(deps.db)).find((candidate) => candidate.id === teamId);
    if (!team) throw new RecordNotFoundError('Team');
    return team;
  };

  // A team's establishment: posts from a date and how often supervision is due.
  const renderEstablishment = async (
    reply: FastifyReply,
    team: { id: number; name: string },
    values: FormValues,
    errors?: FormErrors
  ) =>
    reply.view(`${VIEWS}/establishment.njk`, {
      pageTitle: `Establishment: ${team.name}`,
      team,
      values,
      errors,
    });

  app.get('/assurance/workforce/teams/:teamId/establishment', manage, async (request, reply) => {
    const team = await teamFor(request);
    return renderEstablishment(reply, team, {});
  });

  app.post('/assurance/workforce/teams/:teamId/establishment', manage, async (request, reply) => {
    const team = await teamFor(request);
    const values = formValues(request);
    const parsed = parseEstablishment(values, today());
    if (!parsed.ok) return renderEstablishment(reply.code(400), team, values, parsed.errors);
    await recordEstablishment(request.access, team.id, parsed.value, deps.clock.now());
    return reply.redirect(`/assurance/workforce?team=${team.id}&saved=establishment`, 303);
  });

  // A worker's employment: permanent or agency, start date in the team and hours.
  const renderEmployment = async (
    reply: FastifyReply,
    member: { id: number; name: string },
    values: FormValues,
    errors?: FormErrors
  ) =>
    reply.view(`${VIEWS}/employment.njk`, {
      pageTitle: `Employment: ${member.name}`,
      member,
      values,
      errors,
    });

  app.get('/assurance/workforce/staff/:staffId/employment', manage, async (request, reply) => {
    const { staffId } = paramsOf(staffParams, request.params, 'Member of staff');
    const member = await councilStaffMember(deps.db, staffId);
    return renderEmployment(reply, member, {
      employmentType: member.employmentType ?? undefined,
      fte: member.fte === null ? undefined : String(member.fte),
      ...datePartsOf('startedOn', member.startedOn),
    });
  });

  app.post('/assurance/workforce/staff/:staffId/employment', manage, async (request, reply) => {
    const { staffId } = paramsOf(staffParams, request.params, 'Member of staff');
    const member = await councilStaffMember(deps.db, staffId);
    const values = formValues(request);
    const parsed = parseEmployment(values, today());
    if (!parsed.ok) return renderEmployment(reply.code(400), member, values, parsed.errors);
    try {
      await recordEmployment(request.access, staffId, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'employment');
      if (!refusal) throw error;
      return renderEmployment(reply.code(refusal.status), member, values, refusal.errors);
    }
    const team = member.teamId === null ? '' : `team=${member.teamId}&`;
    return reply.redirect(`/assurance/workforce?${team}saved=employment`, 303);
  });

  // A supervision held by someone in the team.
  const supervisionChoices = async (teamId: number) => {
    const [staff, managers] = await Promise.all([teamStaff(deps.db, teamId), supervisors(deps.db)]);
    return { staff, managers };
  };
  const renderSupervision = async (
    reply: FastifyReply,
    team: { id: number; name: string },
    choices: Awaited<ReturnType<typeof supervisionChoices>>,
    values: FormValues,
    errors?: FormErrors
  ) =>
    reply.view(`${VIEWS}/supervision.njk`, {
      pageTitle: `Record a supervision: ${team.name}`,
      team,
      staff: [
        { value: '', text: 'Choose a member of staff' },
        ...choices.staff.map((member) => ({
          value: String(member.id),
          text: member.name,
          selected: values.staffUserId === String(member.id),
        })),
      ],
      managers: [
        { value: '', text: 'Not recorded' },
        ...choices.managers.map((manager) => ({
          value: String(manager.id),
          text: manager.name,
          selected: values.supervisorId === String(manager.id),
        })),
      ],
      values,
      errors,
    });

  app.get('/assurance/workforce/teams/:teamId/supervision', manage, async (request, reply) => {
    const team = await teamFor(request);
    const staffQuery = z.object({ staff: idParam.optional().catch(undefined) }).parse(request.query ?? {});
    return renderSupervision(reply, team, await supervisionChoices(team.id), {
      staffUserId: staffQuery.staff === undefined ? undefined : String(staffQuery.staff),
    });
  });

  app.post('/assurance/workforce/teams/:teamId/supervision', manage, async (request, reply) => {
    const team = await teamFor(request);
    const choices = await supervisionChoices(team.id);
    const values = formValues(request);
    const parsed = parseSupervision(values, today(), {
      staff: new Set(choices.staff.map((member) => member.id)),
      supervisors: new Set(choices.managers.map((manager) => manager.id)),
    });
    if (!parsed.ok) return renderSupervision(reply.code(400), team, choices, values, parsed.errors);
    try {
      await recordSupervision(request.access, parsed.value, deps.clock.now());
    } catch (error) {
      const refusal = refusalOf(error, 'supervision');
      if (!refusal) throw error;
      return renderSupervision(reply.code(refusal.status), team, choices, values, refusal.errors);
    }
    return reply.redirect(`/assurance/workforce?team=${team.id}&saved=supervision`, 303);
  });

  registerCapacityRoutes(app, deps);
}
