import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/platform/paths.ts';

/*
 * The production build (issue 17): `npm run build` compiles the server to JavaScript, and the compiled
 * service starts and serves pages with plain Node, no TypeScript loader (Node 20 refuses a .ts import, so a
 * single one left would stop it), the browser modules already bundled.
 */
fs.mkdirSync(path.join(PROJECT_ROOT, '.tmp'), { recursive: true });
const buildFolder = fs.mkdtempSync(path.join(PROJECT_ROOT, '.tmp', 'build-'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-built-'));
const processes: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const child of processes) child.kill('SIGKILL');
  fs.rmSync(buildFolder, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the production build', () => {
  it(
    'compiles the server, and the compiled service starts and serves pages',
    { timeout: 300_000 },
    async () => {
      const out = path.join(buildFolder, 'dist');
      const build = spawnSync(process.execPath, ['scripts/build.js'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, BUILD_OUT_DIR: path.relative(PROJECT_ROOT, out) },
        encoding: 'utf8',
      });
      expect(build.stderr).toBe('');
      expect(build.status).toBe(0);
      const files = fs.readdirSync(out, { recursive: true, encoding: 'utf8' });
      expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
      expect(files).toContain(path.join('web', 'client-built', 'app.js'));

      const server = spawn(process.execPath, [path.join(out, 'cli/frontdoor.js'), 'start'], {
        cwd: os.tmpdir(),
        // The embedded database in a folder of its own, empty: the set-up page, no demo council to seed.
        env: { ...process.env, DATABASE_URL: '', DEMO: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
      });
      processes.push(server);
      const origin = await new Promise<string>((resolve, reject) => {
        let printed = '';
        server.stdout!.on('data', (chunk: Buffer) => {
          printed += chunk.toString();
          const running = /running at (http:\/\/localhost:\d+)/.exec(printed);
          if (running) resolve(running[1]!);
        });
        server.on('exit', (code) => reject(new Error(`The compiled service stopped (${code}): ${printed}`)));
      });
      const health = await fetch(`${origin}/health`);
      expect(health.status).toBe(200);
      // With no council yet, every page leads to setting one up: a page drawn from the copied views.
      const setUp = await fetch(`${origin}/sign-in`);
      expect(setUp.url).toBe(`${origin}/set-up`);
      expect(setUp.status).toBe(200);
      expect(await setUp.text()).toContain('govuk-button');
      expect((await fetch(`${origin}/assets/app/app.js`)).status).toBe(200);
    }
  );
});
