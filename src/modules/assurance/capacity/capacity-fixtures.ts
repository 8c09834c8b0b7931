/** Shared test inputs: the demo council's timescales and calendar, plausible step times and three rotas. */
import { DEMO_COUNCIL_SETTINGS } from '../../../demo/organisation.ts';
import { calendarOf } from '../../../platform/council/council-settings.ts';
import type { ShiftStaffing } from './rota.ts';
import type { ServiceTimes } from './service-times.ts';
import { ASSUMED_SERVICE_TIMES } from './measured-times.ts';

export const CALENDAR = calendarOf(DEMO_COUNCIL_SETTINGS);
export const RAG_TIMESCALES = DEMO_COUNCIL_SETTINGS.ragTimescales;

export const SERVICE_TIMES: ServiceTimes = ASSUMED_SERVICE_TIMES;

const staff = (practitioners: number, managers: number) => ({ practitioners, managers });

export const ROTAS: Record<'comfortable' | 'tight' | 'understaffed', ShiftStaffing> = {
  comfortable: {
    weekday_day: staff(6, 2),
    weekday_evening: staff(2, 1),
    night: staff(1, 1),
    weekend_day: staff(1, 1),
  },
  tight: {
    weekday_day: staff(4, 1),
    weekday_evening: staff(1, 1),
    night: staff(0, 0),
    weekend_day: staff(1, 1),
  },
  understaffed: {
    weekday_day: staff(3, 1),
    weekday_evening: staff(1, 1),
    night: staff(0, 0),
    weekend_day: staff(1, 1),
  },
};
