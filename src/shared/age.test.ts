import { describe, expect, it } from 'vitest';
import { ageOn } from './age.ts';

describe('ageOn', () => {
  it('counts whole years, turning over on the birthday', () => {
    expect(ageOn('2015-03-27', '2026-03-26')).toBe(10);
    expect(ageOn('2015-03-27', '2026-03-27')).toBe(11);
    expect(ageOn('2026-11-20', '2026-11-22')).toBe(0);
  });

  it('gives a 29 February birthday its new year on 1 March in other years', () => {
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(13);
    expect(ageOn('2012-02-29', '2026-03-01')).toBe(14);
  });
});
