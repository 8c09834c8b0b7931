import { initAll } from 'govuk-frontend';
import { enableAutosave } from './autosave.ts';
import { enablePersonLookup } from './person-lookup.ts';

initAll();
enableAutosave();
enablePersonLookup();
