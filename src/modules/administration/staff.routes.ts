import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { formError, formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { ROLE_LABELS, ROLES } from '../../platform/access/permissions.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import { staffInviteForm, staffPlacementForm } from './admin-forms.ts';
import { attempt, idFrom, selectItems, siteLink, VIEWS } from './admin-pages.ts';
import { listAgencies, listTeams } from './organisation.service.ts';
import {
  changePlacement,
  inviteStaff,
  listStaff,
  newSetUpLink,
  resetSecondFactor,
  setActive,
  staffMember,
  unlock,
} from './staff.service.ts';
import type { IssuedLink } from './set-up/set-up-links.ts';

const MANAGE = { config: { permission: 'staff:manage' } } as const;
const listQuery = z.object({
  agency: z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined),
  team: z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined),
});
const doneQuery = z.object({ done: z.string().max(40).optional().catch(undefined) });

const DONE: Record<string, string> = {
  saved: 'Saved: the new role, agency and team apply from their next page.',
  deactivated: 'Deactivated: they are signed out and cannot sign in.',
  reactivated: 'Reactivated: they can sign in again.',
  'second-factor': 'Second factor reset: they are signed out and set up a new one when they next sign in.',
  unlocked: 'Unlocked: they can try to sign in again.',
};

/** Staff accounts: invite, role, team, agency, deactivate, reset the second factor, unlock. */
export function registerStaffRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get('/admin/staff', MANAGE, async (request, reply) => {
    const filter = listQuery.parse(request.query ?? {});
    const [staff, agencies, teams] = await Promise.all([
      listStaff(db, clock.now(), { agencyId: filter.agency, teamId: filter.team }),
      listAgencies(db),
      listTeams(db),
    ]);
    return reply.view(`${VIEWS}/staff.njk`, {
      pageTitle: 'Staff accounts',
      staff: staff.map((member) => ({ ...member, roleLabel: ROLE_LABELS[member.role] })),
      filteredBy:
        agencies.find((agency) => agency.id === filter.agency)?.name ??
        teams.find((team) => team.id === filter.team)?.name,
      inviteAgency: filter.agency,
    });
  });

  app.get('/admin/staff/new', MANAGE, async (request, reply) => {
    const { agency } = listQuery.parse(request.query ?? {});
    return showInvite(reply, { agencyId: agency });
  });

  app.post('/admin/staff', MANAGE, async (request, reply) => {
    const values = request.body ?? {};
    const form = staffInviteForm.safeParse(values);
    if (!form.success) return showInvite(reply.code(400), values, formErrors(form.error));
    const result = await attempt(() => inviteStaff(request.access, form.data, clock.now()), 'staff member');
    if (!result.saved) return showInvite(reply.code(result.refusal.status), values, result.refusal.errors);
    return showLink(reply, result.value.id, siteLink(request, result.value.link), 'invited');
  });

  app.get('/admin/staff/:id', MANAGE, async (request, reply) => {
    const id = idFrom(request.params, 'Staff member');
    const { done } = doneQuery.parse(request.query ?? {});
    return showMember(reply, id, undefined, undefined, done ? DONE[done] : undefined);
  });

  app.post('/admin/staff/:id', MANAGE, async (request, reply) => {
    const id = idFrom(request.params, 'Staff member');
    const values = request.body ?? {};
    const form = staffPlacementForm.safeParse(values);
    if (!form.success) return showMember(reply.code(400), id, values, formErrors(form.error));
    const result = await attempt(() => changePlacement(request.access, id, form.data), 'staff member');
    if (!result.saved)
      return showMember(reply.code(result.refusal.status), id, values, result.refusal.errors);
    return reply.redirect(`/admin/staff/${id}?done=saved`, 303);
  });

  app.post('/admin/staff/:id/active', MANAGE, async (request, reply) => {
    const id = idFrom(request.params, 'Staff member');
    const choice = (request.body as { active?: unknown } | undefined)?.active;
    if (choice !== 'yes' && choice !== 'no') return notConfirmed(reply, id);
    const active = choice === 'yes';
    const result = await attempt(() => setActive(request.access, id, active), 'staff member');
    if (!result.saved)
      return showMember(reply.code(result.refusal.status), id, undefined, result.refusal.errors);
    return reply.redirect(`/admin/staff/${id}?done=${active ? 'reactivated' : 'deactivated'}`, 303);
  });

  app.post('/admin/staff/:id/second-factor', MANAGE, async (request, reply) => {
    const id = idFrom(request.params, 'Staff member');
    if (!confirmed(request.body)) return notConfirmed(reply, id);
    await resetSecondFactor(request.access, id);
    return reply.redirect(`/admin/staff/${id}?done=second-factor`, 303);
  });

  app.post('/admin/staff/:id/unlock', MANAGE, async (request, reply) => {
    const id = idFrom(request.params, 'Staff member');
    if (!confirmed(request.body)) return notConfirmed(reply, id);
    await unlock(request.access, id);
    return reply.redirect(`/admin/staff/${id}?done=unlocked`, 303);
  });

  app.post('/admin/staff/:id/set-up-link', MANAGE, async (request, reply) => {
    const id = idFrom(request.params, 'Staff member');
    if (!confirmed(request.body)) return notConfirmed(reply, id);
    const result = await attempt(() => newSetUpLink(request.access, id, clock.now()), 'staff member');
    if (!result.saved)
      return showMember(reply.code(result.refusal.status), id, undefined, result.refusal.errors);
    return showLink(reply, id, siteLink(request, result.value), 'new-link');
  });

  /** Each action is a button whose form says what it does, so a stray post changes nothing. */
  function notConfirmed(reply: FastifyReply, id: number) {
    return showMember(
      reply.code(400),
      id,
      undefined,
      formError('active', 'Choose an action for this account')
    );
  }

  async function placementChoices(values: Record<string, unknown>) {
    const [agencies, teams] = await Promise.all([listAgencies(db), listTeams(db)]);
    return {
      roles: selectItems(
        ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role] })),
        values.role,
        'Choose a role'
      ),
      agencies: selectItems(
        agencies.map((agency) => ({ value: agency.id, text: agency.name })),
        values.agencyId,
        'Choose an agency'
      ),
      teams: selectItems(
        teams.map((team) => ({ value: team.id, text: `${team.name} (${team.agencyName})` })),
        values.teamId,
        'No team'
      ),
    };
  }

  async function showInvite(reply: FastifyReply, values: unknown, errors?: FormErrors) {
    const typed = (values ?? {}) as Record<string, unknown>;
    return reply.view(`${VIEWS}/staff-invite.njk`, {
      pageTitle: 'Invite a member of staff',
      values: typed,
      errors,
      ...(await placementChoices(typed)),
    });
  }

  async function showMember(
    reply: FastifyReply,
    id: number,
    values?: unknown,
    errors?: FormErrors,
    done?: string
  ) {
    const member = await staffMember(db, id, clock.now());
    const shown = (values ?? {
      role: member.role,
      agencyId: member.agencyId,
      teamId: member.teamId,
    }) as Record<string, unknown>;
    return reply.view(`${VIEWS}/staff-member.njk`, {
      pageTitle: member.displayName,
      member: {
        ...member,
        roleLabel: ROLE_LABELS[member.role],
        lastSignIn: formatUk(member.lastSignInAt, UK_FORMATS.timeOnDate),
      },
      values: shown,
      errors,
      done,
      ...(await placementChoices(shown)),
    });
  }

  async function showLink(
    reply: FastifyReply,
    id: number,
    link: IssuedLink & { url: string },
    why: 'invited' | 'new-link'
  ) {
    const member = await staffMember(db, id, clock.now());
    return reply.view(`${VIEWS}/staff-link.njk`, {
      pageTitle: why === 'invited' ? 'Member of staff invited' : 'New set-up link',
      member,
      why,
      linkUrl: link.url,
      expiresAt: formatUk(link.expiresAt, UK_FORMATS.timeOnDate),
    });
  }
}

function confirmed(body: unknown): boolean {
  return (body as { confirm?: unknown } | undefined)?.confirm === 'yes';
}
