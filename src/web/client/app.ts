import { initAll } from 'govuk-frontend';
import { enableAutosave } from './autosave.ts';

initAll();
enableAutosave();
