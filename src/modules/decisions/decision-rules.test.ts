import { describe, expect, it } from 'vitest';
import {
  describeSecondSignOffReason,
  managerCommentProblem,
  rationaleProblem,
  secondSignOffReasons,
  secondSignOffRefusal,
  type DecisionFacts,
} from './decision-rules.ts';

const nfa = { label: 'No further action', opensSocialCare: false };
const earlyHelp = { label: 'Early help / family help (step down to a named team)', opensSocialCare: false };
const assessment = { label: 'Child and family assessment (section 17)', opensSocialCare: true };

const facts = (overrides: Partial<DecisionFacts>): DecisionFacts => ({
  rag: 'amber',
  indicatedLevel: 2,
  chosenLevel: 2,
  outcomes: [nfa],
  ...overrides,
});

describe('when a decision needs a second sign-off', () => {
  it('needs none for a decision that matches the descriptors and is not a step down from red or level 4', () => {
    expect(secondSignOffReasons(facts({}))).toEqual([]);
    expect(
      secondSignOffReasons(facts({ rag: 'red', indicatedLevel: 4, chosenLevel: 4, outcomes: [assessment] }))
    ).toEqual([]);
    expect(secondSignOffReasons(facts({ chosenLevel: 3 }))).toEqual([]); // above the descriptors
  });

  it('needs one when the level chosen is below the level the descriptors point to', () => {
    expect(secondSignOffReasons(facts({ indicatedLevel: 3, chosenLevel: 2, outcomes: [earlyHelp] }))).toEqual(
      ['level_below_indicated']
    );
  });

  it('needs one for no social-care work on a red contact, or at level 4 indicated or chosen', () => {
    expect(secondSignOffReasons(facts({ rag: 'red' }))).toEqual(['no_social_care_on_red']);
    expect(secondSignOffReasons(facts({ indicatedLevel: 4, chosenLevel: 4 }))).toEqual([
      'no_social_care_at_level_4',
    ]);
    expect(secondSignOffReasons(facts({ rag: 'red', outcomes: [earlyHelp] }))).toEqual([
      'no_social_care_on_red',
    ]);
  });

  it('gives every reason for the case in the issue: red, police high risk, level 4 descriptors, level 1 chosen, NFA', () => {
    const seen = facts({ rag: 'red', indicatedLevel: 4, chosenLevel: 1 });
    const reasons = secondSignOffReasons(seen);
    expect(reasons).toEqual(['level_below_indicated', 'no_social_care_on_red', 'no_social_care_at_level_4']);
    expect(describeSecondSignOffReason('level_below_indicated', seen)).toBe(
      'level 1 was chosen when the descriptors point to level 4'
    );
    expect(describeSecondSignOffReason('no_social_care_on_red', seen)).toBe(
      'no further action opens no social-care work for a child rated red'
    );
  });
});

describe('what the rationale and the manager’s comment must say', () => {
  const seen = facts({ rag: 'red', indicatedLevel: 4, chosenLevel: 1 });
  const reasons = secondSignOffReasons(seen);

  it('refuses “ok” as any rationale', () => {
    expect(rationaleProblem('ok', [], facts({}))).toContain('at least 5 words');
  });

  it('asks for a longer rationale that addresses why, naming the reasons, when a second sign-off is needed', () => {
    const problem = rationaleProblem('Police say the father has left; mother protective.', reasons, seen);
    expect(problem).toContain(
      'needs a second sign-off because level 1 was chosen when the descriptors point to level 4'
    );
    expect(problem).toContain('at least 30 words');
    const long =
      'Police confirmed the father was arrested and is bailed to an address in another county with conditions not ' +
      'to contact the family; the mother has taken protective steps, the school sees the child daily and will call us.';
    expect(rationaleProblem(long, reasons, seen)).toBeNull();
  });

  it('needs the manager to comment only when a second sign-off is needed', () => {
    expect(managerCommentProblem(undefined, [], facts({}))).toBeNull();
    expect(managerCommentProblem(undefined, reasons, seen)).toContain('Comment on why you agree');
    expect(managerCommentProblem('Agreed.', reasons, seen)).toContain('at least 10 words');
  });
});

describe('who may give the second sign-off', () => {
  const label = (role: string) => (role === 'service_manager' ? 'Service manager' : 'Team manager');
  const people = {
    actorId: 3,
    actorRole: 'service_manager' as const,
    proposedBy: 1,
    firstAuthorisedBy: 2,
    allowedRoles: ['service_manager' as const],
  };

  it('is someone in a role the council names, other than the proposer and the first manager', () => {
    expect(secondSignOffRefusal(people, label)).toBeNull();
    expect(secondSignOffRefusal({ ...people, actorRole: 'team_manager' }, label)).toBe(
      'In this council the second sign-off is given by a service manager'
    );
    expect(secondSignOffRefusal({ ...people, actorId: 1 }, label)).toContain('You proposed this decision');
    expect(secondSignOffRefusal({ ...people, actorId: 2 }, label)).toContain(
      'You authorised this decision first'
    );
  });
});
