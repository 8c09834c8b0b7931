import type { CouncilSettings } from '../../../platform/db/schema.ts';
import { ROLES } from '../../../platform/access/permissions.ts';
import { DEFAULT_SERVICE_HOURS } from '../../../shared/working-time.ts';
import { DEMO_COUNCIL_SETTINGS } from '../../../demo/organisation.ts';

/*
 * A new council's starting settings: the national defaults the demo council also runs on (red within 4
 * hours of real time, amber 1 working day, green 3 working days, a decision within 1 working day;
 * Monday to Friday 8am to 8pm). England and Wales bank holidays need no setting (working-time.ts
 * knows them); the DfE referral-source and concern codes are in the code, the default outcome options
 * come with the migrations, and the default continuum of need is written by council-initialisation.ts.
 */

export function newCouncilSettings(): CouncilSettings {
  const { ragTimescales, decisionTimescale } = DEMO_COUNCIL_SETTINGS;
  return {
    ragTimescales: structuredClone(ragTimescales),
    decisionTimescale: { ...decisionTimescale },
    serviceHours: { ...DEFAULT_SERVICE_HOURS, weekdays: [...DEFAULT_SERVICE_HOURS.weekdays] },
    closures: [],
    // A real council's records: everyone signs in with a second factor.
    secondFactorRequiredRoles: [...ROLES],
    // Set on the service hours page: until then letters and the online form give no number.
    dutyContact: { line: '', hours: 'Monday to Friday, 8am to 8pm', outOfHours: '' },
  };
}
