import { describe, expect, it } from 'vitest';
import {
  describeOpenInvolvement,
  householdWarnings,
  isOpenOn,
  type Involvement,
} from './household-warnings.ts';

const TODAY = '2026-11-20';
const CHILD = 1;
const sister = { id: 2, given_name: 'Amy', family_name: 'Brook', relationship: 'sibling' };
const mother = { id: 3, given_name: 'Jo', family_name: 'Brook', relationship: 'parent' };

function involvement(personId: number, kind: Involvement['kind'], startedOn = '2026-03-03'): Involvement {
  return { personId, kind, startedOn, endedOn: null };
}

describe('isOpenOn', () => {
  it('is open from the day it starts until the day it ends', () => {
    const plan = {
      personId: CHILD,
      kind: 'child_in_need' as const,
      startedOn: '2026-01-01',
      endedOn: '2026-11-20',
    };
    expect(isOpenOn(plan, '2026-11-19')).toBe(true);
    expect(isOpenOn(plan, TODAY)).toBe(false);
    expect(isOpenOn({ ...plan, endedOn: null }, TODAY)).toBe(true);
    expect(isOpenOn({ ...plan, startedOn: '2026-11-21', endedOn: null }, TODAY)).toBe(false);
  });
});

describe('householdWarnings', () => {
  it("warns of this child's child protection plan first, then a looked-after sibling", () => {
    const open = [
      involvement(sister.id, 'looked_after', '2025-06-30'),
      involvement(CHILD, 'child_protection_plan'),
    ];
    expect(householdWarnings(CHILD, [sister, mother], open, 0)).toEqual([
      'This child is on a child protection plan, since 3 March 2026.',
      'Sibling Amy Brook is looked after, since 30 June 2025.',
    ]);
  });

  it('does not warn of early help or child in need, which the household table shows', () => {
    const open = [involvement(CHILD, 'early_help'), involvement(sister.id, 'child_in_need')];
    expect(householdWarnings(CHILD, [sister], open, 0)).toEqual([]);
  });

  it('never names anyone it was not given, and says restricted records exist', () => {
    const open = [involvement(99, 'child_protection_plan')];
    expect(householdWarnings(CHILD, [sister], open, 2)).toEqual([
      'This household includes 2 restricted records. Ask your team manager if you need to know more.',
    ]);
    expect(householdWarnings(CHILD, [], [], 1)).toEqual([
      'This household includes 1 restricted record. Ask your team manager if you need to know more.',
    ]);
  });
});

describe('describeOpenInvolvement', () => {
  it('says who holds the case and when an assessment is due, so the next contact sees it', () => {
    expect(
      describeOpenInvolvement({
        ...involvement(CHILD, 'assessment', '2026-11-20'),
        teamName: 'Assessment Team',
        workerName: 'Sam Lee',
        assessmentDueOn: '2027-01-27',
      })
    ).toBe(
      'Child and family assessment with Assessment Team, worker Sam Lee, since 20 November 2026. Assessment due 27 January 2027.'
    );
    expect(describeOpenInvolvement(involvement(CHILD, 'early_help'))).toBe('Early help, since 3 March 2026.');
  });
});
