// `npm run build`: the server compiled to JavaScript in dist/, so production runs with no TypeScript
// transform at run time (`npm run start:production`). Types are checked by `npm run typecheck`, not here.
// The files the server reads beside its code (views, styles, reference data) are copied alongside, and the
// browser modules bundled.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src');
const out = path.join(root, process.env.BUILD_OUT_DIR ?? 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

fs.rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', out], {
  stdio: 'inherit',
});
// The browser modules, bundled now with the compiled server's own bundler settings.
const { BUILT_CLIENT_FOLDER, bundleClientModules } = await import(
  pathToFileURL(path.join(out, 'web/client-assets.js')).href
);
fs.mkdirSync(BUILT_CLIENT_FOLDER, { recursive: true });
for (const [file, text] of await bundleClientModules(path.join(source, 'web/client')))
  fs.writeFileSync(path.join(BUILT_CLIENT_FOLDER, file), text);
let copied = 0;
for (const file of fs.readdirSync(source, { recursive: true, encoding: 'utf8' })) {
  const from = path.join(source, file);
  if (!fs.statSync(from).isFile() || file.endsWith('.ts')) continue;
  fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  fs.copyFileSync(from, path.join(out, file));
  copied++;
}
console.log(`Built ${path.relative(root, out)}/ (${copied} files copied beside the code).`);
