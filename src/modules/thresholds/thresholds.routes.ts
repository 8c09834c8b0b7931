import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { AppDeps } from '../../app.ts';
import { londonDateOf } from '../../shared/working-time.ts';
import type { Db } from '../../platform/db/database.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import {
  currentThresholdDocument,
  latestThresholdVersions,
  listThresholdVersions,
  loadThresholdDocument,
  publisherName,
  publishThresholdVersion,
  ThresholdVersionConflictError,
  type LoadedThresholdDocument,
} from './threshold-documents.ts';
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
    const today = londonDateOf(clock.now());
    const inForce = await currentThresholdDocument(db, clock.now());
    const versions = (await listThresholdVersions(db)).map((version) => ({
      ...version,
      status:
        version.id === inForce?.id ? 'in_force' : version.effective_from > today ? 'scheduled' : 'replaced',
    }));
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
    try {
      const published = await request.access.recordChange(
        'threshold:manage',
        'threshold.publish',
        async (trx) => {
          const document = await publishThresholdVersion(trx, draft, {
            openedAtVersion,
            publishedBy: signedInActor(request).userId,
            at: clock.now(),
          });
          return {
            recordType: 'threshold_document',
            recordId: document.id,
            result: document,
            details: {
              version: document.version,
              basedOnDocumentId: source.document.id,
              descriptorCount: draft.descriptors.length,
            },
          };
        }
      );
      return reply.redirect(`/admin/thresholds/${published.id}?published=1`, 303);
    } catch (error) {
      if (!(error instanceof ThresholdVersionConflictError)) throw error;
      return renderVersionConflict(reply, source, values, error.latestVersion);
    }
  });
}

async function documentOf(db: Db, request: FastifyRequest): Promise<LoadedThresholdDocument | undefined> {
  const id = documentId.safeParse((request.params as { id: string }).id);
  return id.success ? loadThresholdDocument(db, id.data) : undefined;
}

/** Not in the past, and not before the version that takes effect last: versions apply in order. */
async function earliestEffectiveDate(db: Db, now: Date): Promise<{ date: string; reason: string }> {
  const today = londonDateOf(now);
  const { lastToTakeEffect } = await latestThresholdVersions(db);
  if (!lastToTakeEffect || lastToTakeEffect.effective_from <= today) {
    return { date: today, reason: 'today or in the future' };
  }
  const when = DateTime.fromISO(lastToTakeEffect.effective_from).toFormat('d MMMM yyyy');
  return {
    date: lastToTakeEffect.effective_from,
    reason: `on or after ${when}, when version ${lastToTakeEffect.version} takes effect`,
  };
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
