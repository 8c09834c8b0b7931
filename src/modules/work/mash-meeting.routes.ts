import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { formError, formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { signedInActor } from '../../platform/http/request-context.ts';
import { isOutOfHours } from '../../shared/working-time.ts';
import { describeCode } from '../people/code-labels.ts';
import { calendarOf, councilSettings } from '../../platform/council/council-settings.ts';
import { currentThresholdDocument } from '../thresholds/threshold-documents.ts';
import type { Db } from '../../platform/db/database.ts';
import {
  addToMashMeeting,
  listMeeting,
  loadMashItem,
  loadMashItems,
  nextMeetingDate,
  recordMashOutcome,
} from './mash-meeting.ts';
import { idParams } from '../../platform/http/params.ts';

const VIEWS = 'modules/work/views';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const addForm = z.object({
  question: requiredText(
    2000,
    'Enter the question for the meeting to discuss',
    'The question must be 2,000 characters or fewer'
  ),
});

const outcomeForm = z.object({
  outcome: requiredText(
    5000,
    'Enter what the meeting agreed',
    'The outcome must be 5,000 characters or fewer'
  ),
  agreedLevel: z.coerce
    .number({ error: 'Select the threshold level the meeting agreed' })
    .int()
    .min(1, 'Select the threshold level the meeting agreed')
    .max(4, 'Select the threshold level the meeting agreed'),
});

const CONFLICT_MESSAGE =
  'Someone else recorded the outcome of this discussion since you opened it. It is shown below with your ' +
  'answers still in the form; nothing of yours was saved.';

/** The daily MASH meeting: children whose threshold is unclear, the question for each, and what was agreed. */
export function registerMashMeetingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const record = { config: { permission: 'screening:record' } } as const;
  const calendar = async () => calendarOf(await councilSettings(deps.db));

  app.get('/screening/:id/mash-meeting', record, async (request, reply) => {
    const id = idOf(request, 'Contact');
    const meetingDate = nextMeetingDate(deps.clock.now(), await calendar());
    return renderAddForm(reply, request, id, meetingDate, { values: {} });
  });

  app.post('/screening/:id/mash-meeting', record, async (request, reply) => {
    const id = idOf(request, 'Contact');
    const cal = await calendar();
    const now = deps.clock.now();
    const meetingDate = nextMeetingDate(now, cal);
    await request.access.readContactChild(id, async () => null);
    const values = (request.body ?? {}) as Record<string, string>;
    const parsed = addForm.safeParse(values);
    if (!parsed.success) {
      const errors = formErrors(parsed.error);
      return renderAddForm(reply.code(400), request, id, meetingDate, { values, errors });
    }
    await request.access.recordChange('screening:record', 'mash.add', async (trx) => {
      const itemId = await addToMashMeeting(trx, {
        contactChildId: id,
        question: parsed.data.question,
        meetingDate,
        addedBy: signedInActor(request).userId,
        now,
        outOfHours: isOutOfHours(now, cal),
      });
      return {
        recordType: 'contact_child',
        recordId: id,
        result: itemId,
        details: { mashDiscussionId: itemId, meetingDate },
      };
    });
    return reply.redirect(`/screening/${id}#mash-meeting`, 303);
  });

  app.get('/mash-meeting', record, async (request, reply) => {
    const now = deps.clock.now();
    const cal = await calendar();
    const next = nextMeetingDate(now, cal);
    const query = request.query as { date?: string; recorded?: string };
    const date = query.date && ISO_DATE.test(query.date) && isRealDate(query.date) ? query.date : next;
    return reply.view(`${VIEWS}/mash-meeting.njk`, {
      pageTitle: 'MASH meeting',
      date,
      isNext: date === next,
      next,
      items: await listMeeting(request.access, date, now, cal),
      now,
      recorded: query.recorded === '1',
      describe: describeCode,
    });
  });

  app.get('/mash-meeting/:id/outcome', record, async (request, reply) => {
    const item = await mashItem(request, deps);
    return renderOutcomeForm(reply, deps, item, { values: {} });
  });

  app.post('/mash-meeting/:id/outcome', record, async (request, reply) => {
    const item = await mashItem(request, deps);
    const values = (request.body ?? {}) as Record<string, string>;
    const parsed = outcomeForm.safeParse(values);
    if (!parsed.success)
      return renderOutcomeForm(reply.code(400), deps, item, { values, errors: formErrors(parsed.error) });
    const now = deps.clock.now();
    const outOfHours = isOutOfHours(now, await calendar());
    const saved = await request.access.recordChange(
      'screening:record',
      'mash.record_outcome',
      async (trx) => {
        const recorded = await recordMashOutcome(trx, {
          id: item.id,
          contactChildId: item.contact_child_id,
          outcome: parsed.data.outcome,
          agreedLevel: parsed.data.agreedLevel,
          discussedBy: signedInActor(request).userId,
          now,
          outOfHours,
        });
        return {
          recordType: 'contact_child',
          recordId: item.contact_child_id,
          result: recorded,
          details: { mashDiscussionId: item.id, agreedLevel: parsed.data.agreedLevel, recorded },
        };
      }
    );
    if (!saved) {
      const current = await mashItem(request, deps);
      return renderOutcomeForm(reply.code(409), deps, current, {
        values,
        errors: formError('outcome', CONFLICT_MESSAGE),
      });
    }
    return reply.redirect(`/mash-meeting?date=${item.meeting_date}&recorded=1`, 303);
  });
}

function idOf(request: FastifyRequest, what: string): number {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new RecordNotFoundError(what);
  return params.data.id;
}

async function mashItem(request: FastifyRequest, deps: AppDeps) {
  const item = await loadMashItem(request.access, deps.db, idOf(request, 'MASH meeting item'));
  if (!item) throw new RecordNotFoundError('MASH meeting item');
  return item;
}

function isRealDate(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
}

async function renderAddForm(
  reply: FastifyReply,
  request: FastifyRequest,
  contactChildId: number,
  meetingDate: string,
  extra: { values: Record<string, string>; errors?: FormErrors }
) {
  const child = await request.access.readContactChild(contactChildId, async (db) => ({
    reference: (
      await db
        .selectFrom('contact_child')
        .innerJoin('contact', 'contact.id', 'contact_child.contact_id')
        .where('contact_child.id', '=', contactChildId)
        .select('contact.reference')
        .executeTakeFirstOrThrow()
    ).reference,
    mashItems: await loadMashItems(db, contactChildId),
  }));
  return reply.view(`${VIEWS}/mash-add.njk`, {
    pageTitle: `Add to the MASH meeting – ${child.reference}`,
    contactChildId,
    reference: child.reference,
    mashItems: child.mashItems,
    meetingDate,
    ...extra,
  });
}

type MashItem = NonNullable<Awaited<ReturnType<typeof loadMashItem>>>;

async function renderOutcomeForm(
  reply: FastifyReply,
  deps: AppDeps,
  item: MashItem,
  extra: { values: Record<string, string>; errors?: FormErrors }
) {
  const levels = await thresholdLevels(deps.db, deps.clock.now());
  return reply.view(`${VIEWS}/mash-outcome.njk`, {
    pageTitle: `MASH meeting outcome – ${item.reference}`,
    item,
    levelItems: levels.map((level) => ({
      value: String(level.level),
      text: level.name ? `Level ${level.level}: ${level.name}` : `Level ${level.level}`,
      checked: extra.values.agreedLevel === String(level.level),
    })),
    ...extra,
  });
}

/** The levels of the continuum of need in force today, so the meeting agrees in the council's own terms. */
async function thresholdLevels(db: Db, now: Date): Promise<{ level: number; name: string }[]> {
  const document = await currentThresholdDocument(db, now);
  const levels = document
    ? await db
        .selectFrom('threshold_level')
        .where('document_id', '=', document.id)
        .select(['level', 'name'])
        .orderBy('level')
        .execute()
    : [];
  return levels.length > 0 ? levels : [1, 2, 3, 4].map((level) => ({ level, name: '' }));
}
