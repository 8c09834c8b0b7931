import fs from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { SOURCE_ROOT } from '../platform/paths.ts';

/** Browser entry points: small TypeScript modules that enhance pages that already work without them. */
const ENTRY_POINTS = ['js-enabled', 'app'];
/** Where a production build (scripts/build.js) writes them, bundled, beside the compiled server. */
export const BUILT_CLIENT_FOLDER = path.join(SOURCE_ROOT, 'web/client-built');

let built: Promise<Map<string, string>> | undefined;

/**
 * The client modules, bundled once per process in memory from their TypeScript (served from /assets/app/),
 * or as a production build wrote them.
 */
export function clientAssets(): Promise<Map<string, string>> {
  built ??= readBuilt().catch(() => bundleClientModules(path.join(SOURCE_ROOT, 'web/client')));
  return built;
}

async function readBuilt(): Promise<Map<string, string>> {
  const files = await fs.readdir(BUILT_CLIENT_FOLDER);
  const texts = await Promise.all(
    files.map((file) => fs.readFile(path.join(BUILT_CLIENT_FOLDER, file), 'utf8'))
  );
  return new Map(files.map((file, at) => [file, texts[at]!]));
}

/** The entry points in `folder`, bundled and minified, by file name ('app.js'). */
export async function bundleClientModules(folder: string): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: ENTRY_POINTS.map((name) => path.join(folder, `${name}.ts`)),
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify: true,
    write: false,
    outdir: '/out',
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((file) => [path.basename(file.path), file.text]));
}
