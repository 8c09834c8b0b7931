/**
 * Front Door is the council's service, never GOV.UK's: its name and logo in the header, GOV.UK Frontend's
 * patterns without the crown or the GOV.UK typeface.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { NODE_MODULES } from '../platform/paths.ts';

/** The council's logo, from the file COUNCIL_LOGO names (SVG or PNG), served from /assets/council-logo. */
export interface CouncilLogo {
  url: string;
  contentType: string;
  body: Buffer;
}

const LOGO_TYPES: Record<string, string> = { '.svg': 'image/svg+xml', '.png': 'image/png' };

export async function readCouncilLogo(file: string): Promise<CouncilLogo> {
  const extension = path.extname(file).toLowerCase();
  const contentType = LOGO_TYPES[extension];
  if (!contentType)
    throw new Error(`COUNCIL_LOGO must be an .svg or .png file, not "${path.basename(file)}"`);
  return { url: `/assets/council-logo${extension}`, contentType, body: await readFile(file) };
}

/**
 * GOV.UK Frontend's and MOJ Frontend's compiled stylesheets without the GDS Transport typeface, which only
 * services on GOV.UK may use: the same as building their Sass with `$govuk-include-default-font-face:
 * false` and `$govuk-font-family: arial, sans-serif`. Served from /assets/styles/.
 */
const STYLESHEETS: Record<string, string> = {
  'govuk-frontend.min.css': 'govuk-frontend/dist/govuk/govuk-frontend.min.css',
  'moj-frontend.min.css': '@ministryofjustice/frontend/moj/moj-frontend.min.css',
};

let built: Promise<Map<string, string>> | undefined;

export function councilStylesheets(): Promise<Map<string, string>> {
  built ??= Promise.all(
    Object.entries(STYLESHEETS).map(
      async ([name, file]) =>
        [name, withoutGovukTypeface(await readFile(path.join(NODE_MODULES, file), 'utf8'))] as const
    )
  ).then((entries) => new Map(entries));
  return built;
}

export function withoutGovukTypeface(css: string): string {
  return css
    .replace(/@font-face\{font-family:"?GDS Transport"?;[^}]*\}/g, '')
    .replace(/"?GDS Transport"?\s*,\s*/g, '');
}
