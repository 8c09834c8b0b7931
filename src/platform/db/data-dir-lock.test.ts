import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError } from './data-dir-lock.ts';
import { PROJECT_ROOT } from '../paths.ts';

const folders: string[] = [];
function tempDataDir(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdoor-lock-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

describe('embedded database lock', () => {
  it('refuses a folder whose lock is held by another live process', () => {
    const dataDir = tempDataDir();
    fs.writeFileSync(path.join(dataDir, 'frontdoor.lock'), String(process.ppid));
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirInUseError);
    expect(() => acquireDataDirLock(dataDir)).toThrow(/already in use by process/);
  });

  it('takes over a lock left by a process that has died, and releases it', () => {
    const dataDir = tempDataDir();
    fs.writeFileSync(path.join(dataDir, 'frontdoor.lock'), '2147483646');
    const release = acquireDataDirLock(dataDir);
    expect(fs.readFileSync(path.join(dataDir, 'frontdoor.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dataDir, 'frontdoor.lock'))).toBe(false);
  });

  it('makes a second frontdoor process on the same folder stop with a clear message', () => {
    const dataDir = tempDataDir();
    const release = acquireDataDirLock(dataDir);
    try {
      const second = spawnSync(process.execPath, ['bin/frontdoor.js', 'migrate'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`is already in use by process ${process.pid}`);
    } finally {
      release();
    }
  });
});
