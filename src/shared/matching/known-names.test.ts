import { describe, expect, it } from 'vitest';
import { isKnownName, readsAs } from './known-names.ts';

const counts = (names: string[]) => {
  const table = new Map<string, number>();
  for (const name of names) table.set(name, (table.get(name) ?? 0) + 1);
  return table;
};
const thrice = (names: string[]) => names.flatMap((name) => [name, name, name]);

describe('readsAs', () => {
  it('reads a spelling no one has as the name it is nearest to', () => {
    const table = counts(thrice(['lily', 'libby', 'stacey', 'stephanie']));
    expect(readsAs('lyiy', 'lily', table)).toBe(true);
    expect(readsAs('lyiy', 'libby', table)).toBe(false);
    expect(readsAs('staceie', 'stacey', table)).toBe(true);
  });

  it('reads a typo as the real name it is nearer to, not a twin’s name a letter away', () => {
    const table = counts(thrice(['jake', 'jack']));
    expect(readsAs('jaek', 'jack', table)).toBe(false);
    expect(readsAs('jaek', 'jake', table)).toBe(true);
  });

  it('never reads a real name (three people or more) as another', () => {
    const table = counts([...thrice(['albie']), 'alfie', 'alfei']);
    expect(isKnownName('albie', table)).toBe(true);
    expect(isKnownName('alfei', table)).toBe(false);
    expect(readsAs('albie', 'alfie', table)).toBe(false);
    // The candidate's own name counts however rare: Alfei is Alfie misspelt, not Albie.
    expect(readsAs('alfei', 'alfie', table)).toBe(true);
  });

  it('reads as neither of two equally near names, and as the only name when none else is near', () => {
    const table = counts(thrice(['anna', 'anne']));
    expect(readsAs('ann', 'anna', table)).toBe(false);
    expect(readsAs('oscr', 'oscar', table)).toBe(true);
  });
});
