import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

/*
 * `npm run lint` runs dependency-cruiser with .dependency-cruiser.cjs. These tests cruise small
 * made-up trees with the same rules, to show each rule fails the lint when broken (a rule that never
 * fires would pass the real tree too), and cruise the real tree to show it keeps them.
 */

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as IConfiguration;
// The fixture trees have no tsconfig.json; the explicit `.ts` imports resolve without it.
const { tsConfig: _tsConfig, ...cruiseOptions } = config.options ?? {};

const trees: string[] = [];
afterAll(() => trees.forEach((tree) => fs.rmSync(tree, { recursive: true, force: true })));

/** Writes the files (path → source) in a new directory and answers the rules they break. */
async function violationsOf(files: Record<string, string>): Promise<string[]> {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-layout-'));
  trees.push(tree);
  for (const [file, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    fs.writeFileSync(path.join(tree, file), source);
  }
  return violationsIn(tree);
}

async function violationsIn(baseDir: string): Promise<string[]> {
  const result = await cruise(['src'], {
    ...cruiseOptions,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from}`);
}

describe('the layout rules in npm run lint', () => {
  it('fail on an import cycle', async () => {
    const violations = await violationsOf({
      'src/platform/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'src/platform/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    });
    expect(violations).toContain('no-circular: src/platform/a.ts');
  });

  it('fail when a module imports the app', async () => {
    const violations = await violationsOf({
      'src/app.ts':
        "import { routes } from './modules/journey/journey.routes.ts';\nexport const app = routes;\n",
      'src/modules/journey/journey.routes.ts':
        "import type { app } from '../../app.ts';\nexport const routes = 1;\nexport type A = typeof app;\n",
    });
    expect(violations).toContain('no-app-import: src/modules/journey/journey.routes.ts');
  });

  it("fail when a stage imports another stage's page", async () => {
    const violations = await violationsOf({
      'src/modules/screening/screening-page.ts': 'export const page = 1;\n',
      'src/modules/decisions/decision.routes.ts':
        "import { page } from '../screening/screening-page.ts';\nexport const routes = page;\n",
    });
    expect(violations).toContain('no-other-stage-page: src/modules/decisions/decision.routes.ts');
  });

  it('fail when a stage uses a later one', async () => {
    const violations = await violationsOf({
      'src/modules/decisions/decisions.service.ts': 'export const decide = 1;\n',
      'src/modules/screening/screening.service.ts':
        "import { decide } from '../decisions/decisions.service.ts';\nexport const screen = decide;\n",
    });
    expect(violations).toContain('stage-screening: src/modules/screening/screening.service.ts');
  });

  it('fail when the platform imports a stage', async () => {
    const violations = await violationsOf({
      'src/modules/people/child-name.ts': 'export const name = 1;\n',
      'src/platform/http/render.ts':
        "import { name } from '../../modules/people/child-name.ts';\nexport const render = name;\n",
    });
    expect(violations).toContain('platform-below-modules: src/platform/http/render.ts');
  });

  it('pass on Front Door itself', async () => {
    expect(await violationsIn(path.resolve(import.meta.dirname, '..'))).toEqual([]);
  });
});
