import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and source folder, wherever the process was started from. */
export const SOURCE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PROJECT_ROOT = path.resolve(SOURCE_ROOT, '..');
export const NODE_MODULES = path.join(PROJECT_ROOT, 'node_modules');
