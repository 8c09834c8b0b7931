import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/database.ts';
import { UNUSUAL_ACCESS_WINDOW_MINUTES } from './unusual-access.ts';
import { JUDGED_KEYS_PER_USER, judgedRecently, rememberJudged } from './unusual-access-watch.ts';

/*
 * The watch's memory of the traces it has judged (the reasoning is beside the code): a repeat judged
 * within the window is skipped, and the memory is per process, per database and per user, for at most
 * the window, and bounded. Pure: the memory tells databases apart by identity alone and never queries them.
 */

const WINDOW_MS = UNUSUAL_ACCESS_WINDOW_MINUTES * 60_000;
const T = new Date('2026-11-20T10:00:00Z');
const USER = 7;
const KEY = 'access.read|person|42|42';

const at = (ms: number) => new Date(T.getTime() + ms);
/** A database of its own, so each test starts from an empty memory. */
const aDatabase = () => ({}) as Db;

describe('judgedRecently and rememberJudged', () => {
  it('skips a trace judged within the window, and judges it again once the window has passed', () => {
    const db = aDatabase();
    expect(judgedRecently(db, USER, KEY, T)).toBe(false);
    rememberJudged(db, USER, KEY, T);
    expect(judgedRecently(db, USER, KEY, T)).toBe(true);
    expect(judgedRecently(db, USER, KEY, at(WINDOW_MS - 1))).toBe(true);
    expect(judgedRecently(db, USER, KEY, at(WINDOW_MS))).toBe(false);
    expect(judgedRecently(db, USER, KEY, at(10 * WINDOW_MS))).toBe(false);
    // Judged at a time still to come (a clock set back): no judgement before now covers it.
    expect(judgedRecently(db, USER, KEY, at(-1))).toBe(false);
  });

  it('counts from the latest judgement: a trace judged again starts its window again', () => {
    const db = aDatabase();
    rememberJudged(db, USER, KEY, T);
    rememberJudged(db, USER, KEY, at(WINDOW_MS));
    expect(judgedRecently(db, USER, KEY, at(2 * WINDOW_MS - 1))).toBe(true);
    expect(judgedRecently(db, USER, KEY, at(2 * WINDOW_MS))).toBe(false);
  });

  it('keeps traces, users and databases apart', () => {
    const db = aDatabase();
    rememberJudged(db, USER, KEY, T);
    expect(judgedRecently(db, USER, 'access.read|person|43|43', T)).toBe(false);
    expect(judgedRecently(db, USER + 1, KEY, T)).toBe(false);
    expect(judgedRecently(aDatabase(), USER, KEY, T)).toBe(false);
  });

  it('keeps processes apart: a fresh load of the module (as in another process) remembers nothing', async () => {
    const db = aDatabase();
    rememberJudged(db, USER, KEY, T);
    vi.resetModules();
    const another = await import('./unusual-access-watch.ts');
    expect(another.judgedRecently).not.toBe(judgedRecently);
    expect(another.judgedRecently(db, USER, KEY, T)).toBe(false);
    expect(judgedRecently(db, USER, KEY, T)).toBe(true);
  });

  it('remembers at most JUDGED_KEYS_PER_USER traces a user: past that, new traces are judged every time', () => {
    const db = aDatabase();
    const key = (n: number) => `access.read|person|${n}|${n}`;
    for (let n = 0; n < JUDGED_KEYS_PER_USER; n += 1) rememberJudged(db, USER, key(n), T);
    // Full of traces still in the window: none is dropped and no new one is taken in.
    for (let n = JUDGED_KEYS_PER_USER; n < JUDGED_KEYS_PER_USER + 10; n += 1) {
      rememberJudged(db, USER, key(n), at(1));
      expect(judgedRecently(db, USER, key(n), at(1))).toBe(false);
    }
    expect(judgedRecently(db, USER, key(0), at(1))).toBe(true);
    expect(judgedRecently(db, USER, key(JUDGED_KEYS_PER_USER - 1), at(1))).toBe(true);
    // Another user's memory has room of its own.
    rememberJudged(db, USER + 1, key(0), at(1));
    expect(judgedRecently(db, USER + 1, key(0), at(1))).toBe(true);
  });

  it('makes room by dropping the traces judged outside the window, and only those', () => {
    const db = aDatabase();
    const key = (n: number) => `access.read|person|${n}|${n}`;
    const half = JUDGED_KEYS_PER_USER / 2;
    for (let n = 0; n < half; n += 1) rememberJudged(db, USER, key(n), T);
    const later = at(WINDOW_MS / 2);
    for (let n = half; n < JUDGED_KEYS_PER_USER; n += 1) rememberJudged(db, USER, key(n), later);
    // Once the first half has left the window, a new trace finds room...
    const now = at(WINDOW_MS + 1);
    rememberJudged(db, USER, 'new-0', now);
    expect(judgedRecently(db, USER, 'new-0', now)).toBe(true);
    expect(judgedRecently(db, USER, key(half), now)).toBe(true);
    // ...exactly the room the first half left: the memory is full again after that many new traces.
    for (let n = 1; n < half; n += 1) rememberJudged(db, USER, `new-${n}`, now);
    expect(judgedRecently(db, USER, `new-${half - 1}`, now)).toBe(true);
    rememberJudged(db, USER, 'one-too-many', now);
    expect(judgedRecently(db, USER, 'one-too-many', now)).toBe(false);
    expect(judgedRecently(db, USER, key(JUDGED_KEYS_PER_USER - 1), now)).toBe(true);
  });

  it('drops traces judged at a time still to come when making room (a clock set back)', () => {
    const db = aDatabase();
    const key = (n: number) => `access.read|person|${n}|${n}`;
    const future = at(WINDOW_MS / 2);
    for (let n = 0; n < JUDGED_KEYS_PER_USER; n += 1) rememberJudged(db, USER, key(n), future);
    rememberJudged(db, USER, 'now', T);
    expect(judgedRecently(db, USER, 'now', T)).toBe(true);
  });
});
