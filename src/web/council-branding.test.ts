import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { councilStylesheets, readCouncilLogo, withoutGovukTypeface } from './council-branding.ts';

describe('the council’s stylesheets', () => {
  it('keep GOV.UK Frontend’s styles without the GOV.UK typeface', async () => {
    const sheets = await councilStylesheets();
    for (const css of sheets.values()) {
      expect(css).not.toContain('GDS Transport');
      expect(css).not.toContain('/assets/fonts/');
    }
    expect(sheets.get('govuk-frontend.min.css')).toContain('font-family:arial,sans-serif');
    expect(sheets.get('govuk-frontend.min.css')!.length).toBeGreaterThan(50_000);
  });

  it('takes the typeface out of every font stack, quoted or not', () => {
    expect(withoutGovukTypeface('a{font-family:"GDS Transport",arial,sans-serif}')).toBe(
      'a{font-family:arial,sans-serif}'
    );
    expect(withoutGovukTypeface('@font-face{font-family:GDS Transport;src:url(x)}b{c:d}')).toBe('b{c:d}');
  });

  it('takes a logo only as SVG or PNG', async () => {
    await expect(readCouncilLogo('/tmp/logo.jpg')).rejects.toThrow('COUNCIL_LOGO must be an .svg or .png');
  });
});

describe('the council’s service, not GOV.UK’s', () => {
  let t: TestApp;
  beforeAll(async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'frontdoor-logo-'));
    const logo = path.join(folder, 'logo.svg');
    await writeFile(
      logo,
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
    );
    t = await createTestApp({ councilLogoFile: logo });
  });
  afterAll(() => t.close());

  it('shows the council’s name and logo, and no crown, crest or GOV.UK licence', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const council = await t.db.selectFrom('council').select('name').executeTakeFirstOrThrow();
    expect(page.body).toContain(`moj-header__link--organisation-name" href="/">${council.name}</a>`);
    expect(page.body).toContain('<img class="app-council-logo" src="/assets/council-logo.svg" alt=""');
    expect(page.body).not.toMatch(/govuk-header|crown|crest|Open Government Licence|GDS Transport/i);
    const logo = await t.app.inject({ method: 'GET', url: '/assets/council-logo.svg' });
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/svg+xml');
  });

  it('serves no GOV.UK or MOJ crown, crest or typeface', async () => {
    for (const url of [
      '/assets/images/favicon.ico',
      '/assets/images/govuk-crest.svg',
      '/assets/images/moj-logotype-crest-2024.svg',
      '/assets/fonts/bold-b542beb274-v2.woff2',
      '/assets/govuk/govuk-frontend.min.css',
    ]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });
});
