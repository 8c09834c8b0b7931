import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import { formatUk, UK_FORMATS } from '../../shared/uk-time.ts';
import {
  placeholdersFor,
  PLACEHOLDERS,
  templateByKey,
  type TemplateDefinition,
  type TemplateParts,
} from '../letters/letter-templates.ts';
import type { Letter } from '../letters/letter-content.ts';
import { attempt, VIEWS } from './admin-pages.ts';
import { fieldOf, parseTemplateForm } from './letter-template-form.ts';
import { listTemplates, previewLetter, saveTemplate, templateVersions } from './letter-templates.service.ts';

const CONFIGURE = { config: { permission: 'council:configure' } } as const;
const keyParams = z.object({ key: z.string().max(60) });
const savedQuery = z.object({ saved: z.string().max(10).optional().catch(undefined) });

interface EditPage {
  template: TemplateDefinition;
  /** What the boxes show: the version in force, or what was typed. */
  typed: Record<string, unknown> | null;
  preview: Letter | null;
  errors?: FormErrors;
  saved?: boolean;
}

/** The wording of referrer and family letters: the templates, each edited as a new version and previewed. */
export function registerLetterTemplateRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get('/admin/letter-templates', CONFIGURE, async (_request, reply) => {
    const templates = await listTemplates(db);
    return reply.view(`${VIEWS}/letter-templates.njk`, {
      pageTitle: 'Letter templates',
      referrer: templates.filter((template) => template.recipient === 'referrer'),
      family: templates.filter((template) => template.recipient === 'family'),
    });
  });

  app.get('/admin/letter-templates/:key', CONFIGURE, async (request, reply) => {
    const template = templateOf(request.params);
    const { saved } = savedQuery.parse(request.query ?? {});
    const [current] = await templateVersions(db, template.key);
    return showTemplate(reply, {
      template,
      typed: null,
      preview: await previewLetter(db, template, current!.parts),
      saved: saved === '1',
    });
  });

  app.post('/admin/letter-templates/:key', CONFIGURE, async (request, reply) => {
    const template = templateOf(request.params);
    const typed = (request.body ?? {}) as Record<string, unknown>;
    const parsed = parseTemplateForm(template, typed);
    if (!parsed.ok)
      return showTemplate(reply.code(400), { template, typed, preview: null, errors: parsed.errors });
    const { form } = parsed;
    if (form.action === 'preview')
      return showTemplate(reply, { template, typed, preview: await previewLetter(db, template, form.parts) });
    const result = await attempt(
      () => saveTemplate(request.access, { template, ...form, now: clock.now() }),
      'letter template'
    );
    if (!result.saved)
      return showTemplate(reply.code(result.refusal.status), {
        template,
        typed,
        preview: null,
        errors: result.refusal.errors,
      });
    return reply.redirect(`/admin/letter-templates/${template.key}?saved=1`, 303);
  });

  async function showTemplate(reply: FastifyReply, page: EditPage) {
    const versions = await templateVersions(db, page.template.key);
    const current = versions[0]!;
    const values = page.typed ?? boxesOf(current.parts);
    const allowed = placeholdersFor(page.template);
    return reply.view(`${VIEWS}/letter-template.njk`, {
      pageTitle: page.template.title,
      template: page.template,
      parts: page.template.parts.map((part) => ({
        ...part,
        field: fieldOf(part.name),
        value: values[fieldOf(part.name)],
      })),
      reason: page.typed?.reason,
      // After a refusal, the version the page was opened at: saving again cannot replace wording unseen.
      version: page.typed?.version ?? current.version,
      placeholders: allowed,
      forbidden: PLACEHOLDERS.filter((placeholder) => !allowed.includes(placeholder)),
      preview: page.preview,
      history: versions.map((version) => ({
        version: version.version,
        savedBy: version.savedBy ?? 'National wording',
        savedAt: version.savedAt ? formatUk(version.savedAt, UK_FORMATS.timeOnDate) : null,
        reason: version.reason,
      })),
      errors: page.errors,
      saved: page.saved,
    });
  }
}

function templateOf(params: unknown): TemplateDefinition {
  const parsed = keyParams.safeParse(params);
  const template = parsed.success ? templateByKey(parsed.data.key) : undefined;
  if (!template) throw new RecordNotFoundError('Letter template');
  return template;
}

function boxesOf(parts: TemplateParts): Record<string, string> {
  return Object.fromEntries(Object.entries(parts).map(([name, text]) => [fieldOf(name), text]));
}
