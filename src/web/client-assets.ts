import path from 'node:path';
import { build } from 'esbuild';
import { SOURCE_ROOT } from '../platform/paths.ts';

/** Browser entry points: small TypeScript modules that enhance pages that already work without them. */
const ENTRY_POINTS = ['js-enabled', 'app'];

let built: Promise<Map<string, string>> | undefined;

/** Bundles the client modules once per process, in memory; served from /assets/app/. */
export function clientAssets(): Promise<Map<string, string>> {
  built ??= bundle();
  return built;
}

async function bundle(): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: ENTRY_POINTS.map((name) => path.join(SOURCE_ROOT, 'web/client', `${name}.ts`)),
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
