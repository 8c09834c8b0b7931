import { z } from 'zod';
import { optionalText } from '../../platform/http/form-fields.ts';

/*
 * Pure: the out-of-hours arrangements form as typed. Whether the team exists and each on-call
 * manager is an active manager is the service's to check, against what is stored.
 */

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ID = /^[0-9]{1,9}$/;

const HANDOVER_MISSING = 'Enter the time the day team takes the overnight handover';

export const outOfHoursForm = z.object({
  receivingTeamId: z
    .string({ error: 'Choose the team that receives contacts when the service is closed' })
    .regex(ID, 'Choose the team that receives contacts when the service is closed')
    .transform(Number),
  onCallManagerIds: z
    .union([z.string(), z.array(z.string())], {
      error: 'Choose at least one on-call manager to receive immediate-risk alerts at night and at weekends',
    })
    .transform((value) => [value].flat())
    .refine((ids) => ids.every((id) => ID.test(id)), 'Choose the on-call managers from the list')
    .transform((ids) => [...new Set(ids.map(Number))].sort((a, b) => a - b)),
  handoverTime: z
    .string({ error: HANDOVER_MISSING })
    .trim()
    .min(1, HANDOVER_MISSING)
    .transform((typed) => (/^\d:\d\d$/.test(typed) ? `0${typed}` : typed))
    .refine((typed) => CLOCK_TIME.test(typed), 'Enter the handover time as hours and minutes, like 08:30'),
  reason: optionalText(500, 'The reason must be 500 characters or fewer'),
  version: z.string().regex(ID).transform(Number).catch(0),
});

export type OutOfHoursChange = z.output<typeof outOfHoursForm>;
