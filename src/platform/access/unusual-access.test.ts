import { describe, expect, it } from 'vitest';
import {
  judgeUnusualAccess,
  longestConsecutiveRun,
  OUTSIDE_WORK_CHILDREN_LIMIT,
  PARTNER_REFUSED_LIMIT,
  SEQUENTIAL_ID_RUN_LIMIT,
  STAFF_REFUSED_LIMIT,
  unusualAccessWindowStart,
  type AccessTrace,
} from './unusual-access.ts';

const staff = { partnerAgency: false };
const partner = { partnerAgency: true };

function read(personId: number, inOwnWork = false, recordId = personId * 7): AccessTrace {
  return {
    kind: 'read',
    recordType: 'contact',
    recordId: String(recordId),
    people: [{ personId, inOwnWork }],
  };
}
function refused(recordType: string, recordId: number): AccessTrace {
  return { kind: 'refused', recordType, recordId: String(recordId), people: [] };
}
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('judgeUnusualAccess', () => {
  it('stays quiet through an ordinary hour of casework', () => {
    const traces = [
      ...range(1, 15).map((id) => read(id, true)),
      ...range(100, 5).map((id) => read(id, false)),
      refused('person', 42),
    ];
    expect(judgeUnusualAccess(traces, staff).reasons).toEqual([]);
  });

  it(`flags more than ${OUTSIDE_WORK_CHILDREN_LIMIT} different children outside the user's work`, () => {
    const limit = range(1, OUTSIDE_WORK_CHILDREN_LIMIT).map((id) => read(id * 3));
    expect(judgeUnusualAccess(limit, staff).reasons).toEqual([]);
    const over = [...limit, read(999)];
    expect(judgeUnusualAccess(over, staff)).toMatchObject({
      reasons: ['outside_work'],
      outsideWork: OUTSIDE_WORK_CHILDREN_LIMIT + 1,
    });
  });

  it('counts each child once however often they are opened, and never children in their work', () => {
    const again = range(1, 40).map(() => read(5));
    expect(judgeUnusualAccess(again, staff).outsideWork).toBe(1);
    const mine = range(1, 40).map((id) => read(id * 3, true));
    expect(judgeUnusualAccess(mine, staff).reasons).toEqual([]);
  });

  it(`flags a run of ${SEQUENTIAL_ID_RUN_LIMIT} consecutive ids of one record type, read or refused`, () => {
    const walk = range(500, SEQUENTIAL_ID_RUN_LIMIT).map((id, i) =>
      i % 2 ? refused('person', id) : { ...read(id, true), recordType: 'person', recordId: String(id) }
    );
    expect(judgeUnusualAccess(walk, staff).reasons).toContain('sequential_ids');
    expect(judgeUnusualAccess(walk.slice(1), staff).reasons).not.toContain('sequential_ids');
  });

  it('does not join runs across record types or non-numeric ids', () => {
    const mixed = range(1, SEQUENTIAL_ID_RUN_LIMIT).map((id) => refused(id % 2 ? 'person' : 'contact', id));
    expect(longestConsecutiveRun(mixed)).toBe(1);
    expect(longestConsecutiveRun([refused('person', 1), { ...refused('person', 2), recordId: 'x' }])).toBe(1);
  });

  it(`flags a partner refused ${PARTNER_REFUSED_LIMIT} different record ids, staff only at ${STAFF_REFUSED_LIMIT}`, () => {
    const tries = [refused('person', 10), refused('person', 10), refused('information_request', 77)];
    expect(judgeUnusualAccess(tries, partner).reasons).toEqual([]);
    const third = [...tries, refused('person', 31)];
    expect(judgeUnusualAccess(third, partner).reasons).toEqual(['refused_ids']);
    expect(judgeUnusualAccess(third, staff).reasons).toEqual([]);
    const many = range(1, STAFF_REFUSED_LIMIT).map((id) => refused('person', id * 5));
    expect(judgeUnusualAccess(many, staff).reasons).toEqual(['refused_ids']);
  });
});

describe('unusualAccessWindowStart', () => {
  it('puts every moment of an hour in one window', () => {
    const start = unusualAccessWindowStart(new Date('2026-11-20T10:00:00Z'));
    expect(unusualAccessWindowStart(new Date('2026-11-20T10:59:59Z'))).toEqual(start);
    expect(unusualAccessWindowStart(new Date('2026-11-20T11:00:00Z'))).not.toEqual(start);
  });
});
