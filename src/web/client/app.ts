import { initAll } from 'govuk-frontend';
import { enableAutosave } from './autosave.ts';
import { enablePersonLookup } from './person-lookup.ts';
import { enableCountdowns } from './countdown.ts';
import { enableThresholdGuide } from './threshold-guide.ts';

initAll();
enableAutosave();
enablePersonLookup();
enableCountdowns();
enableThresholdGuide();
