import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import type { Db } from '../../platform/db/database.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import {
  latestThresholdVersions,
  loadThresholdDocument,
  publisherName,
  type LoadedThresholdDocument,
} from './threshold-documents.ts';
import {
  earliestEffectiveDate,
  publishNewThresholdVersion,
  thresholdVersionsWithStatus,
} from './thresholds.service.ts';
import {
  descriptorRows,
  formFromDocument,
  LEVELS,
  openedAtVersionOf,
  parseThresholdForm,
  withMoreRows,
  type FormValues,
} from './threshold-form.ts';
import { idParam } from '../../platform/http/params.ts';

const VIEWS = 'modules/thresholds/views';
const MANAGE = { config: { permission: 'threshold:manage' } } as const;
const documentId = idParam;

/**
 * Administrators keep the council's continuum of need: they read each version and publish a new one
 * from any of them. Versions are never edited in place, so a decision always shows the guidance it used.
 */
export function registerThresholdRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get('/admin/thresholds', MANAGE, async (_request, reply) => {
    const versions = await thresholdVersionsWithStatus(db, clock.now());
    return reply.view(`${VIEWS}/list.njk`, { pageTitle: 'Continuum of need', versions });
  });

  app.get('/admin/thresholds/:id', MANAGE, async (request, reply) => {
    const shown = await documentOf(db, request);
    if (!shown) return reply.callNotFound();
    const { published } = request.query as { published?: string };
    return reply.view(`${VIEWS}/show.njk`, {
      pageTitle: `Continuum of need, version ${shown.document.version}`,
      ...shown,
      publishedBy: await publisherName(db, shown.document),
      published: published === '1',
    });
  });

  app.get('/admin/thresholds/:id/new-version', MANAGE, async (request, reply) => {
    const source = await documentOf(db, request);
    if (!source) return reply.callNotFound();
    const { version } = await latestThresholdVersions(db);
    return renderNewVersion(reply, source, formFromDocument(source, version));
  });

  app.post('/admin/thresholds/:id/new-version', MANAGE, async (request, reply) => {
    const source = await documentOf(db, request);
    if (!source) return reply.callNotFound();
    const values = (request.body ?? {}) as FormValues;
    if (values.addRows === 'yes') return renderNewVersion(reply, source, withMoreRows(values));
    const parsed = parseThresholdForm(values, await earliestEffectiveDate(db, clock.now()));
    if (!parsed.ok) return renderNewVersion(reply.code(400), source, values, parsed.errors);
    const { draft, openedAtVersion } = parsed;
    const publication = { draft, openedAtVersion, basedOnDocumentId: source.document.id };
    const outcome = await publishNewThresholdVersion(request.access, publication, clock.now());
    if ('conflictWithVersion' in outcome)
      return renderVersionConflict(reply, source, values, outcome.conflictWithVersion);
    return reply.redirect(`/admin/thresholds/${outcome.published.id}?published=1`, 303);
  });
}

async function documentOf(db: Db, request: FastifyRequest): Promise<LoadedThresholdDocument | undefined> {
  const id = documentId.safeParse((request.params as { id: string }).id);
  return id.success ? loadThresholdDocument(db, id.data) : undefined;
}

/** Someone published meanwhile: keep what was typed, say so, and let the form publish on top of theirs. */
function renderVersionConflict(
  reply: FastifyReply,
  source: LoadedThresholdDocument,
  values: FormValues,
  latestVersion: number
) {
  const text =
    `Someone else published version ${latestVersion} since you opened this form. Your changes are below; ` +
    `check them against version ${latestVersion} and publish again.`;
  const errors: FormErrors = { summary: [{ text, href: '#title' }], fields: {} };
  return renderNewVersion(
    reply.code(409),
    source,
    { ...values, openedAtVersion: String(latestVersion) },
    errors
  );
}

function renderNewVersion(
  reply: FastifyReply,
  source: LoadedThresholdDocument,
  values: FormValues,
  errors?: FormErrors
) {
  const levelNames = new Map(source.levels.map((level) => [level.level, level.name]));
  return reply.view(`${VIEWS}/new-version.njk`, {
    pageTitle: 'Make a new version of the continuum of need',
    source: source.document,
    values,
    errors,
    rows: descriptorRows(values),
    nextVersion: openedAtVersionOf(values) + 1,
    levels: LEVELS.map((level) => ({ level, sourceName: levelNames.get(level) ?? '' })),
  });
}
