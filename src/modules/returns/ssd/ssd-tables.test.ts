import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SSD_TABLES } from './ssd-tables.ts';

/** Each table of the standard, with its fields in order, read from the reference document. */
function standardTables(): Map<string, string[]> {
  const doc = fs.readFileSync(new URL('./reference/ssd-objects.md', import.meta.url), 'utf8');
  const tables = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of doc.split('\n')) {
    const heading = /^## (ssd_\w+)$/.exec(line);
    if (heading) tables.set(heading[1]!, (current = []));
    const field = /^\| `(\w+)` \|/.exec(line);
    if (field && current) current.push(field[1]!);
  }
  return tables;
}

describe('the Standard Safeguarding Dataset tables', () => {
  const standard = standardTables();

  it('reads the standard', () => {
    expect(standard.size).toBe(24);
    expect(standard.get('ssd_contacts')).toContain('cont_contact_outcome_json');
  });

  it.each(SSD_TABLES.map((table) => [table.name, table] as const))(
    '%s has exactly the standard’s fields, in its order',
    (name, table) => {
      expect(standard.has(name)).toBe(true);
      expect(table.fields).toEqual(standard.get(name));
    }
  );

  it('exports each table once', () => {
    const names = SSD_TABLES.map((table) => table.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
