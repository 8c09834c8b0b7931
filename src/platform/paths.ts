import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder the code runs from (src/, or dist/ once built, with the views and reference files beside
 * the code) and the repository above it, wherever the process was started from.
 */
export const SOURCE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PROJECT_ROOT = path.resolve(SOURCE_ROOT, '..');
/** The packages, found as Node finds them: in the nearest node_modules above the code. */
export const NODE_MODULES = nearestNodeModules(SOURCE_ROOT);

function nearestNodeModules(folder: string): string {
  const candidate = path.join(folder, 'node_modules');
  if (fs.existsSync(candidate) || path.dirname(folder) === folder) return candidate;
  return nearestNodeModules(path.dirname(folder));
}
