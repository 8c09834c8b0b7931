import { describe, expect, it } from 'vitest';
import { indicatedLevel } from './indicated-level.ts';

const ticked = (...levels: number[]) => levels.map((level) => ({ level }));

describe('the level ticked descriptors point to', () => {
  it('is none when nothing is ticked', () => {
    expect(indicatedLevel([])).toBeNull();
  });

  it('is the level of a single descriptor', () => {
    for (const level of [1, 2, 3, 4]) expect(indicatedLevel(ticked(level))).toBe(level);
  });

  it('is the highest level ticked, whatever the order', () => {
    expect(indicatedLevel(ticked(1, 3, 2))).toBe(3);
    expect(indicatedLevel(ticked(3, 2, 1))).toBe(3);
    expect(indicatedLevel(ticked(2, 2, 1, 2))).toBe(2);
  });

  it('is level 4 for one sign of significant harm among many lesser needs', () => {
    expect(indicatedLevel(ticked(1, 1, 2, 2, 2, 3, 4))).toBe(4);
    expect(indicatedLevel(ticked(4, 1, 1, 1, 1, 1))).toBe(4);
  });

  it('does not add lower needs up to a higher level: that is the practitioner’s recorded judgement', () => {
    expect(indicatedLevel(ticked(2, 2, 2, 2, 2, 2))).toBe(2);
    expect(indicatedLevel(ticked(1, 1, 1))).toBe(1);
  });

  it('reads only the level, so descriptor rows can be passed as they are', () => {
    const rows = [
      { id: 7, level: 2, area_of_need: 'Health', text: 'Missed appointments.' },
      { id: 9, level: 3, area_of_need: 'Education', text: 'Persistent absence.' },
    ];
    expect(indicatedLevel(rows)).toBe(3);
  });
});
