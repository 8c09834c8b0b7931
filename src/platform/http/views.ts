import path from 'node:path';
import nunjucks from 'nunjucks';
import { DateTime } from 'luxon';
import { NODE_MODULES, SOURCE_ROOT } from '../paths.ts';

const LONDON = 'Europe/London';

/**
 * Templates are addressed from src/ ('modules/people/views/search.njk'), so each module's views sit
 * beside its routes; GOV.UK Frontend and MOJ Frontend macros come from their packages.
 */
export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        SOURCE_ROOT,
        path.join(NODE_MODULES, 'govuk-frontend/dist'),
        path.join(NODE_MODULES, '@ministryofjustice/frontend'),
      ],
      { noCache: false }
    ),
    { autoescape: true, throwOnUndefined: false }
  );
  env.addFilter('dateTime', (value: Date | string | null) => formatLondon(value, "d MMMM yyyy 'at' h:mma"));
  env.addFilter('date', (value: Date | string | null) => formatLondon(value, 'd MMMM yyyy'));
  env.addFilter('shortDateTime', (value: Date | string | null) => formatLondon(value, 'd MMM yyyy HH:mm'));
  return env;
}

function formatLondon(value: Date | string | null, format: string): string {
  if (value === null || value === undefined || value === '') return '';
  const moment =
    value instanceof Date
      ? DateTime.fromJSDate(value)
      : DateTime.fromISO(value, { zone: value.length === 10 ? LONDON : 'utc' });
  return moment.setZone(LONDON).toFormat(format).replace('AM', 'am').replace('PM', 'pm');
}
