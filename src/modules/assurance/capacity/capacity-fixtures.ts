/** Shared test inputs: the demo council's timescales and calendar, plausible step times and three rotas. */
import { DEMO_COUNCIL_SETTINGS } from '../../../demo/organisation.ts';
import { calendarOf } from '../../../platform/council/council-settings.ts';
import type { ShiftStaffing } from './rota.ts';
import type { ServiceTimes } from './service-times.ts';

export const CALENDAR = calendarOf(DEMO_COUNCIL_SETTINGS);
export const RAG_TIMESCALES = DEMO_COUNCIL_SETTINGS.ragTimescales;

const lognormal = (meanMinutes: number, sdMinutes: number) => ({
  kind: 'lognormal' as const,
  meanMinutes,
  sdMinutes,
});

export const SERVICE_TIMES: ServiceTimes = {
  screening: { red: lognormal(50, 35), amber: lognormal(40, 30), green: lognormal(30, 25) },
  authorisation: { red: lognormal(15, 10), amber: lognormal(12, 10), green: lognormal(10, 8) },
};

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
