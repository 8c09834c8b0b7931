import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/http/app-deps.ts';
import { formError, formErrors, FormProblem, type FormErrors } from '../../platform/http/forms.ts';
import { requiredText } from '../../platform/http/form-fields.ts';
import { RecordNotFoundError } from '../../platform/access/record-access.ts';
import { isOutOfHours, londonDateOf } from '../../shared/working-time.ts';
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
import {
  agencyChoices,
  listMeetingsForAgency,
  loadAttendees,
  readMeetingForAgency,
  saveAttendees,
  staffChoices,
} from './mash-meeting-attendees.ts';
import { formErrorsOf, parseAttendees, parseMinutes, rowCount } from './mash-meeting-rules.ts';
import { recordIdOf } from '../../platform/http/params.ts';

const VIEWS = 'modules/work/views';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Values = Record<string, string | string[] | undefined>;

const addForm = z.object({
  question: requiredText(
    2000,
    'Enter the question for the meeting to discuss',
    'The question must be 2,000 characters or fewer'
  ),
});

const CONFLICT_MESSAGE =
  'Someone else recorded the outcome of this discussion since you opened it. It is shown below with your ' +
  'answers still in the form; nothing of yours was saved.';

/**
 * The daily MASH meeting: children whose threshold is unclear (never a red child: that is decided now),
 * the question for each, who attended, and the minutes, decision and actions for each child. Partner
 * agencies' staff open the meetings their agency attended or was involved in, seeing only their part.
 */
export function registerMashMeetingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const record = { config: { permission: 'screening:record' } } as const;
  const partner = { config: { permission: 'information_request:respond' } } as const;
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
    try {
      await addToMashMeeting(request.access, {
        contactChildId: id,
        question: parsed.data.question,
        meetingDate,
        now,
        outOfHours: isOutOfHours(now, cal),
      });
    } catch (error) {
      // A red child: the service refuses whatever the page showed (it may have turned red since).
      if (!(error instanceof FormProblem)) throw error;
      const errors = formError(error.field, error.message);
      return renderAddForm(reply.code(400), id, child, meetingDate, { values, errors });
    }
    return reply.redirect(`/screening/${id}#mash-meeting`, 303);
  });

  app.get('/mash-meeting', record, async (request, reply) => {
    const now = deps.clock.now();
    const cal = await calendar();
    const next = nextMeetingDate(now, cal);
    const query = request.query as { date?: string; recorded?: string; attendees?: string };
    const date = meetingDateOf(query.date) ?? next;
    return reply.view(`${VIEWS}/mash-meeting.njk`, {
      pageTitle: 'MASH meeting',
      date,
      isNext: date === next,
      next,
      started: date <= londonDateOf(now),
      items: await listMeeting(request.access, date, now, cal),
      ...(await loadAttendees(deps.db, date)),
      now,
      recorded: query.recorded === '1',
      attendeesSaved: query.attendees === '1',
      describe: describeCode,
    });
  });

  app.get('/mash-meeting/attendees', record, async (request, reply) => {
    const date = meetingDateOf((request.query as { date?: string }).date);
    if (!date) throw new RecordNotFoundError('MASH meeting');
    const current = await loadAttendees(deps.db, date);
    return renderAttendeesForm(reply, deps, date, attendeeValues(current));
  });

  app.post('/mash-meeting/attendees', record, async (request, reply) => {
    const values = (request.body ?? {}) as Values;
    const date = meetingDateOf(String(values.date ?? ''));
    if (!date) throw new RecordNotFoundError('MASH meeting');
    if (values.intent === 'addAttendee') {
      const more = { ...values, attendeeCount: String(rowCount(values, 'attendeeCount') + 1) };
      return renderAttendeesForm(reply, deps, date, more);
    }
    const now = deps.clock.now();
    if (date > londonDateOf(now)) {
      const errors = formError(
        'attendee-0-staff',
        'You can record who attended once the meeting has been held'
      );
      return renderAttendeesForm(reply.code(400), deps, date, values, errors);
    }
    const parsed = parseAttendees(values);
    if (!parsed.ok)
      return renderAttendeesForm(reply.code(400), deps, date, values, formErrorsOf(parsed.problems));
    try {
      await saveAttendees(request.access, {
        meetingDate: date,
        openedVersion: Number(values.version) || 0,
        attendees: parsed.value,
        now,
      });
    } catch (error) {
      if (!(error instanceof FormProblem)) throw error;
      const current = await loadAttendees(deps.db, date);
      const kept = { ...values, version: String(current.meeting?.version ?? 0) };
      return renderAttendeesForm(reply.code(409), deps, date, kept, formError(error.field, error.message));
    }
    return reply.redirect(`/mash-meeting?date=${date}&attendees=1`, 303);
  });

  app.get('/mash-meeting/partner', partner, async (request, reply) => {
    return reply.view(`${VIEWS}/mash-meeting-partner-list.njk`, {
      pageTitle: 'MASH meetings',
      dates: await listMeetingsForAgency(request.access),
      agencyName: request.access.actor.agencyName,
    });
  });

  app.get('/mash-meeting/partner/:date', partner, async (request, reply) => {
    const date = meetingDateOf((request.params as { date?: string }).date);
    if (!date) throw new RecordNotFoundError('MASH meeting');
    const meeting = await readMeetingForAgency(request.access, date);
    return reply.view(`${VIEWS}/mash-meeting-partner.njk`, {
      pageTitle: 'MASH meeting',
      date,
      agencyId: request.access.actor.agencyId,
      agencyName: request.access.actor.agencyName,
      ...meeting,
    });
  });

  app.get('/mash-meeting/:id/outcome', record, async (request, reply) => {
    const item = await loadMashItem(request.access, recordIdOf(request, 'MASH meeting item'));
    return renderOutcomeForm(reply, deps, item, { values: {} });
  });

  app.post('/mash-meeting/:id/outcome', record, async (request, reply) => {
    const id = recordIdOf(request, 'MASH meeting item');
    const item = await loadMashItem(request.access, id);
    const values = (request.body ?? {}) as Values;
    if (values.intent === 'addAction') {
      const more = { ...values, actionCount: String(rowCount(values, 'actionCount') + 1) };
      return renderOutcomeForm(reply, deps, item, { values: more });
    }
    const parsed = parseMinutes(values, item.meeting_date);
    if (!parsed.ok)
      return renderOutcomeForm(reply.code(400), deps, item, {
        values,
        errors: formErrorsOf(parsed.problems),
      });
    const now = deps.clock.now();
    const saved = await recordMashOutcome(request.access, {
      item,
      ...parsed.value,
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

/** A meeting date from a query or path: a real ISO date, else undefined. */
function meetingDateOf(date: string | undefined): string | undefined {
  if (!date || !ISO_DATE.test(date)) return undefined;
  return new Date(`${date}T00:00:00Z`).toISOString().startsWith(date) ? date : undefined;
}

/** The attendee form as last saved, with blank rows to add more. */
function attendeeValues(current: Awaited<ReturnType<typeof loadAttendees>>): Values {
  const values: Values = {
    version: String(current.meeting?.version ?? 0),
    attendeeCount: String(rowCount({}, 'attendeeCount', current.attendees.length + 2)),
  };
  current.attendees.forEach((attendee, index) => {
    values[`attendee-${index}-staff`] = attendee.staff_user_id === null ? '' : String(attendee.staff_user_id);
    values[`attendee-${index}-name`] = attendee.staff_user_id === null ? attendee.name : '';
    values[`attendee-${index}-agency`] = attendee.staff_user_id === null ? String(attendee.agency_id) : '';
    values[`attendee-${index}-role`] = attendee.role ?? '';
  });
  return values;
}

async function renderAttendeesForm(
  reply: FastifyReply,
  deps: AppDeps,
  date: string,
  values: Values,
  errors?: FormErrors
) {
  const [staff, agencies] = await Promise.all([staffChoices(deps.db), agencyChoices(deps.db)]);
  const rows = Array.from({ length: rowCount(values, 'attendeeCount') }, (_, index) => {
    const prefix = `attendee-${index}`;
    return {
      prefix,
      number: index + 1,
      staffItems: [
        { value: '', text: 'Someone without an account' },
        ...staff.map((member) => ({
          value: String(member.id),
          text: `${member.display_name} (${member.agency_name})`,
          selected: String(member.id) === values[`${prefix}-staff`],
        })),
      ],
      agencyItems: [
        { value: '', text: 'Choose…' },
        ...agencies.map((agency) => ({
          value: String(agency.id),
          text: agency.name,
          selected: String(agency.id) === values[`${prefix}-agency`],
        })),
      ],
    };
  });
  return reply.view(`${VIEWS}/mash-attendees.njk`, {
    pageTitle: 'Who attended the MASH meeting',
    date,
    rows,
    values,
    errors,
  });
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
    decideNow: child.decideNow,
    meetingDate,
    ...extra,
  });
}

async function renderOutcomeForm(
  reply: FastifyReply,
  deps: AppDeps,
  item: MashItem,
  extra: { values: Values; errors?: FormErrors }
) {
  const [levels, agencies, present] = await Promise.all([
    thresholdLevels(deps.db, deps.clock.now()),
    agencyChoices(deps.db),
    loadAttendees(deps.db, item.meeting_date),
  ]);
  const chosen = [extra.values.agencies ?? []].flat().map(String);
  const values = extra.values;
  return reply.view(`${VIEWS}/mash-outcome.njk`, {
    pageTitle: `MASH meeting outcome – ${item.reference}`,
    item,
    attendees: present.attendees,
    levelItems: levels.map((level) => ({
      value: String(level.level),
      text: level.name ? `Level ${level.level}: ${level.name}` : `Level ${level.level}`,
      checked: values.agreedLevel === String(level.level),
    })),
    agencyItems: agencies
      .filter((agency) => agency.kind !== 'council')
      .map((agency) => ({
        value: String(agency.id),
        text: agency.name,
        checked: chosen.includes(String(agency.id)),
      })),
    actionRows: Array.from({ length: rowCount(values, 'actionCount') }, (_, index) => ({
      prefix: `action-${index}`,
      number: index + 1,
      agencyItems: [
        { value: '', text: 'Choose…' },
        ...agencies.map((agency) => ({
          value: String(agency.id),
          text: agency.name,
          selected: String(agency.id) === values[`action-${index}-agency`],
        })),
      ],
    })),
    ...extra,
  });
}
