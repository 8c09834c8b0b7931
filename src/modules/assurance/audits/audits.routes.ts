import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isPartnerAgency } from '../../../platform/access/permissions.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import { councilSettings } from '../../../platform/council/council-settings.ts';
import type { AppDeps } from '../../../platform/http/app-deps.ts';
import { refusalOf } from '../../../platform/http/form-refusal.ts';
import { formErrors, prefixFormErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { MAX_ID, recordIdOf } from '../../../platform/http/params.ts';
import { signedInActor } from '../../../platform/http/request-context.ts';
import { londonDateOf } from '../../../shared/working-time.ts';
import { loadScreening } from '../../screening/screening.service.ts';
import { childNameOf } from '../../people/child-name.ts';
import { describeCode } from '../../people/code-labels.ts';
import { listOutcomeOptions } from '../../decisions/outcome-options.service.ts';
import { LEARNING_THEMES } from './audit-forms.ts';
import { activeAuditForms } from './audit-form-editor.ts';
import {
  readActionForm,
  readReAuditForm,
  readSampleForm,
  SEED_LIMIT,
  MAX_SAMPLE_SIZE,
} from './audit-inputs.ts';
import { completionProblems, moderationSchema, readAuditForm } from './audit-rules.ts';
import { AUDIT_GRADE_LABELS, AUDIT_GRADES, auditSummary } from './audit-summary.ts';
import {
  actionOwnerChoices,
  addAuditAction,
  completeAuditAction,
  listAuditActions,
} from './audit-actions.ts';
import {
  auditParts,
  auditThemes,
  formQuestions,
  invitePartner,
  moderateAudit,
  myAudits,
  openAudit,
  partnerAgencies,
  partnerRecordMinimum,
  reAudit,
  relatedAudits,
  saveCouncilPart,
  savePartnerPart,
} from './audits.service.ts';
import { auditorChoices, coverageLabels, drawDipSample, listSamples, loadSample } from './samples.service.ts';
import { addDays } from '../../returns/cin-census/census-dates.ts';

const VIEWS = 'modules/assurance/views';
const view = { config: { permission: 'assurance:view' as const } };
const audit = { config: { permission: 'assurance:audit' as const } };
const manage = { config: { permission: 'assurance:manage' as const } };

type Body = Record<string, unknown>;
const bodyOf = (request: FastifyRequest): Body => (request.body ?? {}) as Body;

/** Sample and theme pages are about the council's own work: a partner agency sees only its audit parts. */
function staffOnly(request: FastifyRequest): void {
  if (isPartnerAgency(signedInActor(request).agencyKind)) throw new RecordNotFoundError('Page');
}

const periodQuery = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
});

/** Dip samples, case audits with moderation and actions, learning themes, and the assurance landing page. */
export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps): void {
  const today = () => londonDateOf(deps.clock.now());

  app.get('/assurance', view, async (request, reply) => {
    const can = (permission: Parameters<typeof request.access.can>[0]) => request.access.can(permission);
    return reply.view(`${VIEWS}/index.njk`, {
      pageTitle: 'Assurance',
      partner: isPartnerAgency(signedInActor(request).agencyKind),
      can: {
        audit: can('assurance:audit'),
        manage: can('assurance:manage'),
        staff: can('assurance:staff'),
        sefWrite: can('sef:write'),
      },
    });
  });

  const showSamples = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: FormErrors,
    status = 200
  ) => {
    const now = today();
    const values = errors ? bodyOf(request) : defaultSampleValues(now);
    return reply.code(status).view(`${VIEWS}/samples.njk`, {
      pageTitle: 'Dip samples',
      samples: await listSamples(deps.db),
      canDraw: request.access.can('assurance:manage'),
      forms: await activeAuditForms(deps.db),
      auditors: await auditorChoices(deps.db),
      chosenAuditors: ([] as unknown[]).concat(values.auditorIds ?? []).map(String),
      values,
      errors,
      maxSize: MAX_SAMPLE_SIZE,
      seedLimit: SEED_LIMIT,
    });
  };

  app.get('/assurance/samples', view, async (request, reply) => {
    staffOnly(request);
    return showSamples(request, reply);
  });

  app.post('/assurance/samples', manage, async (request, reply) => {
    // Without a choice (one form, or a client that does not ask), the council's first form in use.
    const firstForm = (await activeAuditForms(deps.db))[0]?.id;
    const read = readSampleForm({ formId: firstForm, ...bodyOf(request) }, randomInt(0, SEED_LIMIT));
    if (!read.ok) return showSamples(request, reply, read.errors, 400);
    try {
      const id = await drawDipSample(deps.db, request.access, deps.clock.now(), read.value);
      return reply.redirect(`/assurance/samples/${id}`, 303);
    } catch (error) {
      const refusal = refusalOf(error, 'sample');
      if (!refusal) throw error;
      return showSamples(request, reply, refusal.errors, refusal.status);
    }
  });

  app.get('/assurance/samples/:id', view, async (request, reply) => {
    staffOnly(request);
    const loaded = await loadSample(deps.db, signedInActor(request), recordIdOf(request, 'Sample'));
    if (!loaded) throw new RecordNotFoundError('Sample');
    return reply.view(`${VIEWS}/sample.njk`, {
      pageTitle: `Dip sample ${loaded.sample.id}`,
      ...loaded,
      coverage: await coverageLabels(deps.db, loaded.sample.criteria.coverage),
      gradeLabels: AUDIT_GRADE_LABELS,
      canOpenAny: request.access.can('assurance:manage'),
      userId: signedInActor(request).userId,
    });
  });

  app.get('/assurance/audits', audit, async (request, reply) =>
    reply.view(`${VIEWS}/my-audits.njk`, {
      pageTitle: 'My audits',
      audits: await myAudits(deps.db, signedInActor(request)),
      partner: isPartnerAgency(signedInActor(request).agencyKind),
      today: today(),
    })
  );

  const showAudit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    failure?: { form: string; errors: FormErrors; status: number }
  ) => {
    const { audit: header, role } = await openAudit(deps.db, request.access, id);
    const typed = failure ? bodyOf(request) : null;
    const common = {
      audit: header,
      role,
      gradeItems: AUDIT_GRADES.map((grade) => ({ value: grade, text: AUDIT_GRADE_LABELS[grade] })),
      gradeLabels: AUDIT_GRADE_LABELS,
      failedForm: failure?.form,
      typed,
      errors: failure?.errors,
    };
    const parts = await auditParts(deps.db, id);
    if (role === 'partner') {
      const part = parts.find((candidate) => candidate.agencyId === signedInActor(request).agencyId)!;
      return reply.code(failure?.status ?? 200).view(`${VIEWS}/partner-part.njk`, {
        ...common,
        pageTitle: `Audit ${id}: your agency’s part`,
        questions: await formQuestions(deps.db, header.formId, 'partner', signedInActor(request).agencyKind),
        part,
        record: await partnerRecordMinimum(deps.db, request.access, header),
      });
    }
    const settings = await councilSettings(deps.db);
    const [record, questions, partnerQuestions, themes, outcomes, actions, related] = await Promise.all([
      loadScreening(request.access, header.contactChildId, deps.clock.now(), settings),
      formQuestions(deps.db, header.formId, 'council'),
      formQuestions(deps.db, header.formId, 'partner'),
      auditThemes(deps.db, id),
      listOutcomeOptions(deps.db),
      listAuditActions(deps.db, signedInActor(request), today(), id),
      relatedAudits(deps.db, header),
    ]);
    return reply.code(failure?.status ?? 200).view(`${VIEWS}/audit.njk`, {
      ...common,
      pageTitle: `Audit ${id}`,
      record,
      questions,
      partnerQuestions,
      councilPart: parts.find((part) => part.agencyId === null)!,
      partnerParts: parts.filter((part) => part.agencyId !== null),
      themes,
      ticked: typed && failure?.form === 'audit' ? ([] as unknown[]).concat(typed.themes ?? []) : themes,
      themeList: LEARNING_THEMES,
      childName: childNameOf(record.child),
      describe: describeCode,
      otherThemes: themes
        .filter((theme) => !(LEARNING_THEMES as readonly string[]).includes(theme))
        .join(', '),
      outcomes: outcomes.filter((outcome) => outcome.active),
      outcomeLabels: Object.fromEntries(outcomes.map((outcome) => [outcome.code, outcome.label])),
      actions,
      related,
      canManage: request.access.can('assurance:manage'),
      owners: await actionOwnerChoices(deps.db),
      auditors: (await auditorChoices(deps.db)).filter((auditor) => auditor.id !== header.auditorId),
      agencies: await partnerAgencies(deps.db),
      today: today(),
    });
  };

  /**
   * Runs a save, then goes back to the audit (at `anchor`) or to the page the save answers; a refusal
   * (a rule, someone else's save) shows the audit page again with what was typed.
   */
  const saveOrShow = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: string,
    save: () => Promise<unknown>,
    anchor = ''
  ) => {
    let goTo: unknown;
    try {
      goTo = await save();
    } catch (error) {
      const refusal = refusalOf(error, 'audit');
      if (!refusal) throw error;
      const errors = form === 'audit' ? refusal.errors : prefixFormErrors(form, refusal.errors);
      return showAudit(request, reply, id, { form, errors, status: refusal.status });
    }
    return reply.redirect(typeof goTo === 'string' ? goTo : `/assurance/audits/${id}${anchor}`, 303);
  };

  /** The audit page again with one of its forms' input problems (named `form` on the page), as 400. */
  const showFormProblems = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: string,
    errors: FormErrors
  ) => showAudit(request, reply, id, { form, errors: prefixFormErrors(form, errors), status: 400 });

  app.get('/assurance/audits/:id', audit, async (request, reply) => {
    return showAudit(request, reply, recordIdOf(request, 'Audit'));
  });

  app.post('/assurance/audits/:id', audit, async (request, reply) => {
    const id = recordIdOf(request, 'Audit');
    const { audit: header, role } = await openAudit(deps.db, request.access, id);
    const part = role === 'partner' ? 'partner' : 'council';
    const questions = await formQuestions(
      deps.db,
      header.formId,
      part,
      part === 'partner' ? signedInActor(request).agencyKind : undefined
    );
    const outcomes = (await listOutcomeOptions(deps.db)).map((outcome) => outcome.code);
    const { input, errors } = readAuditForm(bodyOf(request), questions, outcomes);
    const problems =
      errors ??
      (input.intent === 'complete' ? completionProblems(input, questions, part === 'council') : null);
    if (problems) return showAudit(request, reply, id, { form: 'audit', errors: problems, status: 400 });
    return saveOrShow(request, reply, id, 'audit', async () => {
      await (part === 'partner'
        ? savePartnerPart(deps.db, request.access, deps.clock.now(), id, input)
        : saveCouncilPart(deps.db, request.access, deps.clock.now(), id, input));
    });
  });

  app.post('/assurance/audits/:id/moderation', manage, async (request, reply) => {
    const id = recordIdOf(request, 'Audit');
    const parsed = moderationSchema.safeParse(bodyOf(request));
    if (!parsed.success) return showFormProblems(request, reply, id, 'moderation', formErrors(parsed.error));
    return saveOrShow(
      request,
      reply,
      id,
      'moderation',
      () => moderateAudit(deps.db, request.access, deps.clock.now(), id, parsed.data),
      '#moderation'
    );
  });

  app.post('/assurance/audits/:id/re-audit', manage, async (request, reply) => {
    const id = recordIdOf(request, 'Audit');
    const read = readReAuditForm(bodyOf(request));
    if (!read.ok) return showFormProblems(request, reply, id, 'reaudit', read.errors);
    return saveOrShow(
      request,
      reply,
      id,
      'reaudit',
      async () =>
        `/assurance/audits/${await reAudit(deps.db, request.access, deps.clock.now(), id, read.value)}`
    );
  });

  app.post('/assurance/audits/:id/partners', audit, async (request, reply) => {
    const id = recordIdOf(request, 'Audit');
    const agencyId = z.coerce.number().int().positive().max(MAX_ID).catch(0).parse(bodyOf(request).agencyId);
    return saveOrShow(
      request,
      reply,
      id,
      'partner',
      () => invitePartner(deps.db, request.access, id, agencyId),
      '#partners'
    );
  });

  app.post('/assurance/audits/:id/actions', audit, async (request, reply) => {
    const id = recordIdOf(request, 'Audit');
    const read = readActionForm(bodyOf(request));
    if (!read.ok) return showFormProblems(request, reply, id, 'action', read.errors);
    return saveOrShow(
      request,
      reply,
      id,
      'action',
      () => addAuditAction(deps.db, request.access, deps.clock.now(), id, read.value),
      '#actions'
    );
  });

  app.get('/assurance/actions', audit, async (request, reply) => {
    staffOnly(request);
    return reply.view(`${VIEWS}/actions.njk`, {
      pageTitle: 'Audit actions',
      actions: await listAuditActions(deps.db, signedInActor(request), today()),
      all: request.access.can('assurance:manage'),
      userId: signedInActor(request).userId,
    });
  });

  app.post('/assurance/actions/:id/done', audit, async (request, reply) => {
    staffOnly(request);
    await completeAuditAction(deps.db, request.access, deps.clock.now(), recordIdOf(request, 'Action'));
    const back = z
      .string()
      .regex(/^\/assurance\/(actions|audits\/\d+)$/)
      .catch('/assurance/actions');
    return reply.redirect(back.parse(bodyOf(request).returnTo), 303);
  });

  app.get('/assurance/themes', view, async (request, reply) => {
    staffOnly(request);
    const asked = periodQuery.parse(request.query ?? {});
    const to = asked.to ?? today();
    const from = asked.from && asked.from <= to ? asked.from : addDays(to, -364);
    const summary = await auditSummary(deps.db, { from, to });
    return reply.view(`${VIEWS}/themes.njk`, {
      pageTitle: 'Learning themes',
      period: { from, to },
      summary,
      gradeLabels: AUDIT_GRADE_LABELS,
      grades: AUDIT_GRADES,
    });
  });
}

function defaultSampleValues(today: string): Body {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 2, 1));
  const last = new Date(Date.UTC(year, month - 1, 0));
  const due = addDays(today, 28);
  const parts = (prefix: string, date: Date | string) => {
    const iso = typeof date === 'string' ? date : date.toISOString().slice(0, 10);
    const [y, m, d] = iso.split('-');
    return {
      [`${prefix}-day`]: String(Number(d)),
      [`${prefix}-month`]: String(Number(m)),
      [`${prefix}-year`]: y,
    };
  };
  return { ...parts('from', first), ...parts('to', last), ...parts('dueOn', due), size: '20', seed: '' };
}
