import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../../platform/http/app-deps.ts';
import { refusalOf } from '../../../platform/http/form-refusal.ts';
import { prefixFormErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { recordIdOf, idParam } from '../../../platform/http/params.ts';
import { RecordNotFoundError } from '../../../platform/access/record-access.ts';
import {
  addQuestion,
  createAuditForm,
  editQuestion,
  listAuditForms,
  loadAuditForm,
  moveQuestion,
  removeQuestion,
  retireAuditForm,
  saveFormDetails,
} from './audit-form-editor.ts';
import {
  PARTNER_KIND_LABELS,
  answeredByLabel,
  questionValues,
  readFormDetails,
  readQuestion,
} from './form-editor-inputs.ts';

const VIEWS = 'modules/assurance/views';
const manage = { config: { permission: 'assurance:manage' as const } };
const questionParams = z.object({ id: idParam, questionId: idParam });

type Body = Record<string, unknown>;
const bodyOf = (request: FastifyRequest): Body => (request.body ?? {}) as Body;

function questionIdsOf(request: FastifyRequest) {
  const parsed = questionParams.safeParse(request.params);
  if (!parsed.success) throw new RecordNotFoundError('Question');
  return parsed.data;
}

const ANSWERED_BY_ITEMS = [
  { value: 'council', text: 'The council’s auditor' },
  { value: 'partner', text: 'Every partner agency taking part' },
  ...Object.entries(PARTNER_KIND_LABELS).map(([value, text]) => ({ value, text: `${text} only` })),
];

/** Failure of a form on a page: which form, what was typed, its errors (field ids prefixed by the form). */
interface Failure {
  form: string;
  typed: Body;
  errors: FormErrors;
  status: number;
}

/**
 * /assurance/forms: the council's audit forms, each created, its questions changed (text, guidance,
 * order, graded or not, who answers) and retired. A change to a form audits use makes a new version.
 */
export function registerAuditFormRoutes(app: FastifyInstance, deps: AppDeps): void {
  const showForms = async (reply: FastifyReply, failure?: Failure) =>
    reply.code(failure?.status ?? 200).view(`${VIEWS}/forms.njk`, {
      pageTitle: 'Audit forms',
      forms: await listAuditForms(deps.db),
      typed: failure?.typed ?? {},
      errors: failure?.errors,
    });

  const showForm = async (request: FastifyRequest, reply: FastifyReply, id: number, failure?: Failure) => {
    const form = await loadAuditForm(deps.db, id);
    const query = (request.query ?? {}) as { saved?: string };
    return reply.code(failure?.status ?? 200).view(`${VIEWS}/form.njk`, {
      pageTitle: form.title,
      form,
      questions: form.questions.map((question) => ({
        ...question,
        answeredBy: answeredByLabel(question),
      })),
      answeredByItems: ANSWERED_BY_ITEMS,
      failedForm: failure?.form,
      typed: failure?.typed ?? {},
      errors: failure?.errors,
      saved: typeof query.saved === 'string' ? query.saved : undefined,
    });
  };

  const showQuestion = async (reply: FastifyReply, id: number, questionId: number, failure?: Failure) => {
    const form = await loadAuditForm(deps.db, id);
    const question = form.questions.find((candidate) => candidate.id === questionId);
    if (!question) throw new RecordNotFoundError('Question');
    return reply.code(failure?.status ?? 200).view(`${VIEWS}/form-question.njk`, {
      pageTitle: `Change the question: ${question.question}`,
      form,
      question,
      answeredByItems: ANSWERED_BY_ITEMS,
      values: failure?.typed ?? questionValues(question),
      errors: failure?.errors,
    });
  };

  /** Runs a change; goes to the version changed (a new one once audits use the form), or shows the refusal. */
  const change = async (
    reply: FastifyReply,
    save: () => Promise<number>,
    refused: (errors: FormErrors, status: number) => Promise<unknown>,
    saved: string
  ) => {
    let formId: number;
    try {
      formId = await save();
    } catch (error) {
      const refusal = refusalOf(error, 'audit form');
      if (!refusal) throw error;
      return refused(refusal.errors, refusal.status);
    }
    return reply.redirect(`/assurance/forms/${formId}?saved=${saved}`, 303);
  };

  app.get('/assurance/forms', manage, async (_request, reply) => showForms(reply));

  app.post('/assurance/forms', manage, async (request, reply) => {
    const read = readFormDetails(bodyOf(request));
    if (!read.ok)
      return showForms(reply, { form: 'new', typed: bodyOf(request), errors: read.errors, status: 400 });
    const id = await createAuditForm(request.access, read.value, deps.clock.now());
    return reply.redirect(`/assurance/forms/${id}?saved=created`, 303);
  });

  app.get('/assurance/forms/:id', manage, async (request, reply) =>
    showForm(request, reply, recordIdOf(request, 'Audit form'))
  );

  /** A form on the form's page refused: the page again, with that form's fields prefixed by its name. */
  const refusedOnPage =
    (request: FastifyRequest, reply: FastifyReply, id: number, form: string) =>
    (errors: FormErrors, status: number) =>
      showForm(request, reply, id, {
        form,
        typed: bodyOf(request),
        errors: prefixFormErrors(form, errors),
        status,
      });

  app.post('/assurance/forms/:id', manage, async (request, reply) => {
    const id = recordIdOf(request, 'Audit form');
    const refused = refusedOnPage(request, reply, id, 'details');
    const read = readFormDetails(bodyOf(request));
    if (!read.ok) return refused(read.errors, 400);
    return change(
      reply,
      () => saveFormDetails(request.access, id, read.value, deps.clock.now()),
      refused,
      'details'
    );
  });

  app.post('/assurance/forms/:id/questions', manage, async (request, reply) => {
    const id = recordIdOf(request, 'Audit form');
    const refused = refusedOnPage(request, reply, id, 'question');
    const read = readQuestion(bodyOf(request));
    if (!read.ok) return refused(read.errors, 400);
    return change(
      reply,
      () => addQuestion(request.access, id, read.value, deps.clock.now()),
      refused,
      'added'
    );
  });

  app.post('/assurance/forms/:id/retire', manage, async (request, reply) => {
    const id = recordIdOf(request, 'Audit form');
    return change(
      reply,
      async () => {
        await retireAuditForm(request.access, id, deps.clock.now());
        return id;
      },
      refusedOnPage(request, reply, id, 'retire'),
      'retired'
    );
  });

  app.get('/assurance/forms/:id/questions/:questionId', manage, async (request, reply) => {
    const { id, questionId } = questionIdsOf(request);
    return showQuestion(reply, id, questionId);
  });

  app.post('/assurance/forms/:id/questions/:questionId', manage, async (request, reply) => {
    const { id, questionId } = questionIdsOf(request);
    const typed = bodyOf(request);
    const refused = (errors: FormErrors, status: number) =>
      showQuestion(reply, id, questionId, { form: 'question', typed, errors, status });
    const read = readQuestion(typed);
    if (!read.ok) return refused(read.errors, 400);
    return change(
      reply,
      () => editQuestion(request.access, id, questionId, read.value, deps.clock.now()),
      refused,
      'question'
    );
  });

  app.post('/assurance/forms/:id/questions/:questionId/move', manage, async (request, reply) => {
    const { id, questionId } = questionIdsOf(request);
    const direction = bodyOf(request).direction === 'up' ? 'up' : 'down';
    return change(
      reply,
      () => moveQuestion(request.access, id, questionId, direction, deps.clock.now()),
      refusedOnPage(request, reply, id, 'questions'),
      'moved'
    );
  });

  app.post('/assurance/forms/:id/questions/:questionId/remove', manage, async (request, reply) => {
    const { id, questionId } = questionIdsOf(request);
    return change(
      reply,
      () => removeQuestion(request.access, id, questionId, deps.clock.now()),
      refusedOnPage(request, reply, id, 'questions'),
      'removed'
    );
  });
}
