import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { formError, formErrors, type FormErrors } from '../../platform/http/forms.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { isOutOfHours } from '../../shared/working-time.ts';
import { describeCode } from '../people/code-labels.ts';
import { calendarOf, councilSettings } from '../../platform/council/council-settings.ts';
import {
  addToMashMeeting,
  listMeeting,
  loadMashItem,
  nextMeetingDate,
  readMashAddForm,
  recordMashOutcome,
  thresholdLevels,
  type MashItem,
} from './mash-meeting.ts';
import { recordIdOf } from '../../platform/http/params.ts';

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
    const id = recordIdOf(request, 'Contact');
    const meetingDate = nextMeetingDate(deps.clock.now(), await calendar());
    const child = await readMashAddForm(request.access, id);
    return renderAddForm(reply, id, child, meetingDate, { values: {} });
  });

  app.post('/screening/:id/mash-meeting', record, async (request, reply) => {
    const id = recordIdOf(request, 'Contact');
    const cal = await calendar();
    const now = deps.clock.now();
    const meetingDate = nextMeetingDate(now, cal);
    const child = await readMashAddForm(request.access, id);
    const values = (request.body ?? {}) as Record<string, string>;
    const parsed = addForm.safeParse(values);
    if (!parsed.success) {
      const errors = formErrors(parsed.error);
      return renderAddForm(reply.code(400), id, child, meetingDate, { values, errors });
    }
    await addToMashMeeting(request.access, {
      contactChildId: id,
      question: parsed.data.question,
      meetingDate,
      now,
      outOfHours: isOutOfHours(now, cal),
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
    const item = await loadMashItem(request.access, recordIdOf(request, 'MASH meeting item'));
    return renderOutcomeForm(reply, deps, item, { values: {} });
  });

  app.post('/mash-meeting/:id/outcome', record, async (request, reply) => {
    const id = recordIdOf(request, 'MASH meeting item');
    const item = await loadMashItem(request.access, id);
    const values = (request.body ?? {}) as Record<string, string>;
    const parsed = outcomeForm.safeParse(values);
    if (!parsed.success)
      return renderOutcomeForm(reply.code(400), deps, item, { values, errors: formErrors(parsed.error) });
    const now = deps.clock.now();
    const saved = await recordMashOutcome(request.access, {
      item,
      outcome: parsed.data.outcome,
      agreedLevel: parsed.data.agreedLevel,
      now,
      outOfHours: isOutOfHours(now, await calendar()),
    });
    if (!saved) {
      const current = await loadMashItem(request.access, id);
      return renderOutcomeForm(reply.code(409), deps, current, {
        values,
        errors: formError('outcome', CONFLICT_MESSAGE),
      });
    }
    return reply.redirect(`/mash-meeting?date=${item.meeting_date}&recorded=1`, 303);
  });
}

function isRealDate(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
}

function renderAddForm(
  reply: FastifyReply,
  contactChildId: number,
  child: Awaited<ReturnType<typeof readMashAddForm>>,
  meetingDate: string,
  extra: { values: Record<string, string>; errors?: FormErrors }
) {
  return reply.view(`${VIEWS}/mash-add.njk`, {
    pageTitle: `Add to the MASH meeting – ${child.reference}`,
    contactChildId,
    reference: child.reference,
    mashItems: child.mashItems,
    meetingDate,
    ...extra,
  });
}

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
