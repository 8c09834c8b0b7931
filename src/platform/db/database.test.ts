import { describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, migrationStatus } from './database.ts';
import { migrations } from './migrations/index.ts';
import { openPool } from './pool.ts';

describe('migrateToLatest', () => {
  it('runs every migration once, and on a database already up to date runs none', async () => {
    const pool = await openPool({ dataDir: 'memory://' });
    const db = createDb(pool);
    try {
      expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
      expect(await migrateToLatest(db)).toEqual([]);
      expect(await migrationStatus(db)).toEqual({
        applied: Object.keys(migrations).length,
        known: Object.keys(migrations).length,
        current: true,
      });
    } finally {
      await db.destroy();
      await pool.close();
    }
  });
});
